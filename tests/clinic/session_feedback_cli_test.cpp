// Per-set RPE and pain, and symptoms: given to `bfr session run` per set, and
// entered after the fact with `bfr session feedback`. Every bad value (a set
// or session that does not exist, values off their scales, the wrong number
// of values, unknown symptoms) is refused with a message, exit 2, and the
// store unchanged. On every backend.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clinic_cli_fixture.hpp"

namespace bfr::clinic::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

const std::string kExercise = "Hip extension";  // bodyweight: no 1RM needed

class SessionFeedbackCli : public ClinicCliTest {
 protected:
  // A cleared patient with a current LOP on the Achilles programme, its hip
  // extension cut to 4 x 6 reps to keep the simulated sessions short.
  std::string ready_patient() {
    open_repository(store_->url());
    const std::string id = add_patient("Fay Feedback");
    json({"screen", id, "--none", "--at", march_2025(0, 8)});
    json(
        {"lop", "record", id, "--limb", "right_thigh", "--value", "180", "--at", march_2025(0, 8)});
    Json achilles = template_json("achilles");
    Json& hip = achilles["phases"][0]["exercises"][2];
    EXPECT_EQ(hip["name"], kExercise);
    hip["prescription"]["work"]["reps_per_set"] = {6, 6, 6, 6};
    const std::string file = (dir_.path() / "achilles.json").string();
    std::ofstream(file) << achilles.dump();
    json({"program", "assign", id, "--file", file, "--at", march_2025(0, 8)});
    return id;
  }

  // A finished session of four sets stored straight through the repository,
  // started on 2025-03-03 at 09:00: what the commands then give feedback on.
  std::string stored_session() {
    const std::string id = ready_patient();
    const std::unique_ptr<Repository> repository = open_repository(store_->url());
    const std::int64_t patient = std::stoll(id);
    SessionRecord session = sample_session(patient, repository->limbs_of(patient).front().id);
    session.started_at = march_2025(0, 9);
    session.id = repository->begin_session(session);
    for (int i = 0; i < 4; ++i) repository->add_set(sample_set(session.id, i));
    session.ended_at = march_2025(0, 10);
    session.stop_reason = "completed";
    repository->finish_session(session);
    return std::to_string(session.id);
  }

  Json sets_of(const std::string& session) { return json({"session", "show", session})["sets"]; }

  // Runs `args`, expects exit 2 with `message` on stderr and nothing changed.
  void refused(const std::vector<std::string>& args, const std::string& message) {
    const std::string before = store_->dump();
    EXPECT_THAT(bfr(args, 2).err, HasSubstr(message));
    EXPECT_EQ(store_->dump(), before) << args[1];
  }

  TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(Backend, SessionFeedbackCli, ::testing::ValuesIn(all_backends()),
                         backend_name);

TEST_P(SessionFeedbackCli, RunTakesOneValuePerSetOrOneForAll) {
  const std::string id = ready_patient();
  const std::vector<std::string> run{"session", "run",           id, "--exercise", kExercise,
                                     "--at",    march_2025(0, 9)};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = run;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  // Refused before anything runs: nothing inflated, nothing stored.
  refused(with({"--rpe", "3,4"}), "--rpe has 2 values but Hip extension has 4 sets");
  refused(with({"--pain", "0,1,2,3,4"}), "--pain has 5 values");
  refused(with({"--rpe", "11"}), "--rpe");
  refused(with({"--pain", "-1"}), "--pain");
  refused(with({"--symptom", "tingling:mild"}), "--symptom tingling:mild");

  const Json out = json(with({"--rpe", "2,3,4.5,6", "--pain", "1"}));
  ASSERT_EQ(out["sessions"].size(), 1U);
  const Json sets = sets_of(std::to_string(out["sessions"][0]["session"]["id"].get<int>()));
  ASSERT_EQ(sets.size(), 4U);
  const std::vector<double> rpe{2, 3, 4.5, 6};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(sets[i]["rpe_cr10"].get<double>(), rpe[i]);
    EXPECT_EQ(sets[i]["pain_0_10"].get<int>(), 1);
  }
}

TEST_P(SessionFeedbackCli, FeedbackAfterTheFactChangesOnlyWhatIsGiven) {
  const std::string sid = stored_session();
  for (const Json& set : sets_of(sid)) {
    EXPECT_TRUE(set["rpe_cr10"].is_null());
    EXPECT_TRUE(set["pain_0_10"].is_null());
  }

  // One set.
  json({"session", "feedback", sid, "--set", "2", "--rpe", "7", "--pain", "3"});
  Json sets = sets_of(sid);
  EXPECT_EQ(sets[1]["rpe_cr10"].get<double>(), 7);
  EXPECT_EQ(sets[1]["pain_0_10"].get<int>(), 3);
  for (const int other : {0, 2, 3}) {
    EXPECT_TRUE(sets[static_cast<std::size_t>(other)]["rpe_cr10"].is_null()) << other;
  }

  // Every set, one value each; the pain of set 2 stays.
  json({"session", "feedback", sid, "--rpe", "1,2,3,4"});
  sets = sets_of(sid);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(sets[i]["rpe_cr10"].get<double>(), static_cast<double>(i + 1));
  }
  EXPECT_EQ(sets[1]["pain_0_10"].get<int>(), 3);

  // Symptoms, with their note and time.
  const Json stored =
      json({"session", "feedback", sid, "--symptom", "bruising:moderate", "--symptom",
            "numbness:mild", "--note", "under the cuff", "--at", march_2025(0, 12)});
  ASSERT_EQ(stored["symptoms"].size(), 2U);
  EXPECT_EQ(stored["symptoms"][0]["symptom"], "bruising");
  EXPECT_EQ(stored["symptoms"][0]["severity"], "moderate");
  EXPECT_EQ(stored["symptoms"][1]["note"], "under the cuff");
  EXPECT_EQ(stored["symptoms"][1]["noted_at"], march_2025(0, 12));
}

TEST_P(SessionFeedbackCli, BadFeedbackIsRefusedAndChangesNothing) {
  const std::string sid = stored_session();
  const std::vector<std::string> f{"session", "feedback", sid};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = f;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  refused({"session", "feedback", "9999", "--rpe", "3"}, "no session 9999");
  refused(with({"--set", "5", "--rpe", "3"}), "has no set 5 (its sets are 1-4)");
  refused(with({"--set", "0", "--rpe", "3"}), "--set");
  refused(with({"--set", "1", "--rpe", "11"}), "--rpe");
  refused(with({"--set", "1", "--pain", "-2"}), "--pain");
  refused(with({"--set", "1", "--pain", "11"}), "--pain");
  refused(with({"--set", "1", "--pain", "1,2"}), "with --set give one");
  refused(with({"--rpe", "1,2,3"}), "--rpe has 3 values but session " + sid + " has 4 sets");
  refused(with({"--symptom", "numbness"}), "use NAME:SEVERITY");
  refused(with({"--symptom", "numbness:extreme"}), "use NAME:SEVERITY");
  refused(with({"--symptom", "numbness:mild", "--at", march_2025(0, 8)}), "before session");
  refused(with({"--symptom", "numbness:mild", "--at", "yesterday"}), "--at");
  refused(with({"--set", "2"}), "nothing to store");
  refused(f, "nothing to store");
  // A good value beside a bad one stores neither.
  refused(with({"--rpe", "3", "--symptom", "numbness:extreme"}), "use NAME:SEVERITY");
}

}  // namespace
}  // namespace bfr::clinic::testing

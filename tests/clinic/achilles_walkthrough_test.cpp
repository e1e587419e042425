// The Achilles programme walked through with the `bfr` command on every
// backend: patient add -> screen -> lop record -> 1RM -> program assign ->
// session plan -> three weeks of sessions on the simulated device (the calf
// raise three times a week with per-set RPE and pain, BFR walking on the
// first day) -> feedback entered after the fact -> the progression
// suggestions each rule gives on the way, with their reasons -> session show
// -> history. And the refusals on the way: a limb the screening did not
// clear, a LOP that is not current, bad input; each exits non-zero and
// stores nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clinic_cli_fixture.hpp"

namespace bfr::clinic::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RepositoryTest);

// Day 0 is Monday 2025-03-03; sessions on Monday, Wednesday and Friday.
const std::vector<int> kSessionDays{0, 2, 4, 7, 9, 11, 14, 16, 18};
const std::string kCalf = "Seated calf raise";

std::string at(int day, int hour) {
  return march_2025(day, hour);
}

class AchillesWalkthrough : public ClinicCliTest {
 protected:
  // The calf raise in the plan of `day` at 09:00.
  Json calf_plan(const std::string& id, int day) {
    const Json plan = json({"session", "plan", id, "--at", at(day, 9)});
    for (const Json& e : plan["exercises"]) {
      if (e["exercise"] == kCalf) return e;
    }
    ADD_FAILURE() << "no calf raise in " << plan.dump();
    return Json{};
  }

  // The first suggestion of `kind` for the calf raise on `day`, or null.
  Json suggestion(const std::string& id, int day, const std::string& kind) {
    const Json calf = calf_plan(id, day);
    for (const Json& s : calf["suggestions"]) {
      if (s["kind"] == kind) return s;
    }
    ADD_FAILURE() << "day " << day << ": no '" << kind << "' in " << calf["suggestions"].dump();
    return Json{};
  }
};

INSTANTIATE_TEST_SUITE_P(Backend, AchillesWalkthrough, ::testing::ValuesIn(all_backends()),
                         backend_name);

TEST_P(AchillesWalkthrough, ThreeWeeksOfTheBootPhase) {
  open_repository(store_->url());  // the database the commands then use
  const std::string id = add_patient("Ana Achilles");
  const Json listed = json({"patient", "list"});
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0]["limbs"][0]["limb"], "right_thigh");

  const Json screening = json({"screen", id, "--none", "--at", at(0, 8)});
  EXPECT_EQ(screening["limbs"][0]["outcome"], "cleared");

  json({"patient", "one-rep-max", id, "--exercise", kCalf, "--test-kg", "40", "--reps", "8", "--at",
        at(0, 8)});
  const Json assigned = json({"program", "assign", id, "achilles", "--at", at(0, 8)});
  EXPECT_EQ(assigned["programme_name"], "Achilles tendon rupture");

  // No LOP yet: every exercise is blocked and the session is refused untouched.
  const std::string before = store_->dump();
  const bfr::testing::CommandResult refused = bfr({"session", "run", id, "--at", at(0, 9)}, 1);
  EXPECT_THAT(refused.err, HasSubstr("no LOP seated"));
  EXPECT_EQ(store_->dump(), before);

  double lop_mmhg = 0;
  std::vector<std::int64_t> calf_sessions;
  for (const int day : kSessionDays) {
    if (day % 7 == 0) {  // LOP again each Monday: the current-LOP rule asks weekly
      const Json lop = json({"lop", "record", id, "--limb", "right_thigh", "--posture", "seated",
                             "--measure", "--seed", std::to_string(day + 1), "--at", at(day, 8)});
      ASSERT_TRUE(lop["lop_mmhg"].is_number()) << lop.dump();
      lop_mmhg = lop["lop_mmhg"].get<double>();
    }
    const Json calf = calf_plan(id, day);
    EXPECT_TRUE(calf["ready"].get<bool>()) << calf.dump();
    EXPECT_NEAR(calf["target_mmhg"].get<double>(), lop_mmhg * 0.8, 1e-9);
    // 20 % of the Epley 1RM from 40 kg x 8 (40 x (1 + 8/30) = 50.7 kg) is
    // 10.1 kg, rounded down to 0.5 kg.
    EXPECT_DOUBLE_EQ(calf["load_kg"].get<double>(), 10.0);

    // The rules' suggestion before the day's session, for what went before.
    if (day == 4) {
      // Days 0 and 2 at 30-15-15-15, pain 1: raise by one 5 % step.
      const Json raise = suggestion(id, day, "raise load");
      EXPECT_DOUBLE_EQ(raise["new_load_fraction"].get<double>(), 0.25);
      EXPECT_THAT(raise["why"].get<std::string>(),
                  HasSubstr("every set reached its target in the last 2 sessions"));
    } else if (day == 7) {
      // Mild numbness entered for day 4: lower the pressure by 10 mmHg.
      const Json lower = suggestion(id, day, "lower pressure");
      EXPECT_NEAR(lower["new_target_mmhg"].get<double>(), calf["target_mmhg"].get<double>() - 10,
                  1e-9);
      EXPECT_THAT(lower["why"].get<std::string>(), HasSubstr("mild numbness"));
    } else if (day == 9) {
      // Day 7 was clean, but day 4's symptom still blocks a raise.
      EXPECT_THAT(suggestion(id, day, "hold")["why"].get<std::string>(),
                  HasSubstr("the session before last had symptoms"));
    } else if (day == 11) {
      // Pain 8/10 on day 9's last set: a stop criterion.
      EXPECT_THAT(suggestion(id, day, "lower pressure")["why"].get<std::string>(),
                  HasSubstr("pain 8/10 in the last session is above 7/10"));
      EXPECT_THAT(suggestion(id, day, "clinician review")["why"].get<std::string>(),
                  HasSubstr("a clinician should review"));
    } else if (day == 14) {
      EXPECT_THAT(suggestion(id, day, "hold")["why"].get<std::string>(),
                  HasSubstr("pain 8/10 in the session before last"));
    } else if (day == 18) {
      EXPECT_DOUBLE_EQ(suggestion(id, day, "raise load")["new_load_fraction"].get<double>(), 0.25);
    }

    // Seed 7 draws a simulated person strong enough for 30-15-15-15 (first
    // set capacity 33.6 reps; the default seed's 29.8 stops a rep short, and
    // the load rules then rightly hold).
    const Json run = json({"session", "run", id, "--exercise", kCalf, "--rpe", "3,4,5,6", "--pain",
                           "1", "--seed", "7", "--at", at(day, 9)});
    ASSERT_EQ(run["sessions"].size(), 1U) << run.dump();
    const Json& session = run["sessions"][0];
    ASSERT_EQ(session["session"]["stop_reason"], "completed") << session.dump();
    calf_sessions.push_back(session["session"]["id"].get<std::int64_t>());
    const std::string sid = std::to_string(calf_sessions.back());
    // What the patient reported after the session.
    if (day == 4) {
      json({"session", "feedback", sid, "--symptom", "numbness:mild", "--note", "toes, 10 min",
            "--at", at(day, 10)});
    } else if (day == 9) {
      json({"session", "feedback", sid, "--set", "4", "--pain", "8"});
    }
  }

  // Walking, the boot phase's aerobic work, on the simulated device: five
  // timed 3 min bouts with the cuff up through the 1 min rests.
  const Json walk = json({"session", "run", id, "--exercise", "BFR walking", "--at", at(18, 11)});
  ASSERT_EQ(walk["sessions"].size(), 1U);
  const Json& walked = walk["sessions"][0];
  EXPECT_EQ(walked["session"]["exercise"], "BFR walking");
  ASSERT_EQ(walked["sets"].size(), 5U) << walked.dump();
  for (const Json& bout : walked["sets"]) {
    EXPECT_EQ(bout["target_reps"], 0);
    EXPECT_NEAR(bout["duration_s"].get<double>(), 180, 0.05);
  }
  // 15 min walking and 4 min of rests, all under restriction.
  EXPECT_GE(walked["session"]["total_restriction_s"].get<double>(), 19 * 60);

  // Each run stored its per-set RPE; the feedback changed only set 4.
  const Json shown = json({"session", "show", std::to_string(calf_sessions[4])});
  EXPECT_EQ(shown["session"]["exercise"], kCalf);
  EXPECT_GT(shown["trace_samples"].get<int>(), 1000);
  ASSERT_EQ(shown["sets"].size(), 4U);
  const std::vector<double> rpe{3, 4, 5, 6};
  const std::vector<int> pain{1, 1, 1, 8};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(shown["sets"][i]["rpe_cr10"].get<double>(), rpe[i]);
    EXPECT_EQ(shown["sets"][i]["pain_0_10"].get<int>(), pain[i]);
    EXPECT_EQ(shown["sets"][i]["load_kg"].get<double>(), 10.0);
  }
  const Json numb = json({"session", "show", std::to_string(calf_sessions[2])});
  ASSERT_EQ(numb["symptoms"].size(), 1U);
  EXPECT_EQ(numb["symptoms"][0]["symptom"], "numbness");

  const Json history = json({"history", id, "--at", at(20, 12)});
  ASSERT_EQ(history["sessions"].size(), kSessionDays.size() + 1);
  EXPECT_EQ(history["lop"].size(), 3U);
  ASSERT_EQ(history["weeks"].size(), 3U);
  for (const Json& week : history["weeks"]) EXPECT_EQ(week["done"], 3) << week.dump();
  EXPECT_DOUBLE_EQ(history["adherence"].get<double>(), 1.0);
  EXPECT_EQ(history["sessions"][4]["max_pain"], 8);
  EXPECT_EQ(history["sessions"][2]["symptoms"], 1);
  EXPECT_NEAR(history["sessions"].back()["timed_s"].get<double>(), 5 * 180, 0.25);

  // The boot phase lasts at least 6 weeks: three are not enough.
  const Json plan = json({"session", "plan", id, "--at", at(20, 9)});
  EXPECT_FALSE(plan["advance"].is_null());
  EXPECT_FALSE(plan["advance"]["ready"].get<bool>());
  EXPECT_THAT(plan["advance"]["why"].get<std::string>(), HasSubstr("2 of 6 weeks"));

  // A week later the LOP is too old: the run is refused and nothing stored.
  const std::string settled = store_->dump();
  const bfr::testing::CommandResult stale =
      bfr({"session", "run", id, "--exercise", kCalf, "--at", at(26, 9)}, 1);
  EXPECT_THAT(stale.err, HasSubstr("older than 7 days"));
  EXPECT_EQ(store_->dump(), settled);
}

TEST_P(AchillesWalkthrough, ContraindicatedLimbNeedsAnOverride) {
  open_repository(store_->url());
  const std::string id = add_patient("Lee Lymph");
  const Json screening =
      json({"screen", id, "--none", "--yes", "right_thigh:lymphoedema", "--at", at(0, 8)});
  EXPECT_EQ(screening["limbs"][0]["outcome"], "contraindicated");
  json({"lop", "record", id, "--limb", "right_thigh", "--value", "180", "--at", at(0, 8)});
  json({"program", "assign", id, "achilles", "--at", at(0, 8)});

  const std::string before = store_->dump();
  const bfr::testing::CommandResult refused =
      bfr({"session", "run", id, "--exercise", "Hip extension", "--at", at(0, 9)}, 1);
  EXPECT_THAT(refused.err, HasSubstr("contraindicated"));
  EXPECT_THAT(refused.err, HasSubstr("override is required"));
  EXPECT_EQ(store_->dump(), before);

  // An override without a reason is a usage error; with one the limb trains.
  bfr({"screen", "override", id, "--limb", "right_thigh", "--clinician", "Dr Ortiz", "--reason",
       " ", "--at", at(0, 8)},
      2);
  EXPECT_EQ(store_->dump(), before);
  json({"screen", "override", id, "--limb", "right_thigh", "--clinician", "Dr Ortiz", "--reason",
        "lymphoedema assessed: mild, stable, compression fitted", "--at", at(0, 8)});
  const Json run = json({"session", "run", id, "--exercise", "Hip extension", "--at", at(0, 9)});
  EXPECT_EQ(run["sessions"].size(), 1U);
}

TEST_P(AchillesWalkthrough, BadInputIsRefusedAndChangesNothing) {
  open_repository(store_->url());
  const std::string id = add_patient("Bo Bad");
  json({"program", "assign", id, "achilles"});
  const std::string before = store_->dump();
  // Unknown patient, for every command that names one.
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"patient", "show", "Nobody"},
           {"session", "plan", "Nobody"},
           {"session", "run", "Nobody"},
           {"history", "Nobody"},
           {"screen", "Nobody", "--none"},
           {"lop", "record", "Nobody", "--limb", "right_thigh", "--value", "180"}}) {
    EXPECT_THAT(bfr(command, 2).err, HasSubstr("no patient 'Nobody'")) << command[0];
  }
  bfr({"patient", "add", "--name", "Bo Bad", "--birth-year", "1990", "--sex", "male", "--sbp",
       "120", "--dbp", "80", "--hr", "60"},
      2);
  bfr({"patient", "edit", id, "--sbp", "70", "--dbp", "90"}, 2);
  bfr({"screen", id, "--none", "--yes", "pregnancy"}, 2);
  bfr({"lop", "record", id, "--limb", "left_thigh", "--value", "180"}, 2);
  bfr({"lop", "record", id, "--limb", "right_thigh", "--value", "900"}, 2);
  bfr({"patient", "one-rep-max", id, "--exercise", "Leg press", "--test-kg", "40", "--reps", "20"},
      2);
  bfr({"program", "assign", id, "marathon"}, 2);

  // A custom programme with negative reps, and one above the pressure band.
  TempDir dir;
  Json custom = template_json("achilles");
  custom["phases"][0]["exercises"][0]["prescription"]["work"]["reps_per_set"] = {30, -15};
  std::ofstream((dir.path() / "negative.json").string()) << custom.dump();
  const auto negative =
      bfr({"program", "assign", id, "--file", (dir.path() / "negative.json").string()}, 2);
  EXPECT_THAT(negative.err, HasSubstr("reps"));
  custom = template_json("achilles");
  custom["phases"][0]["exercises"][0]["prescription"]["target_fraction_of_lop"] = 1.2;
  std::ofstream((dir.path() / "high.json").string()) << custom.dump();
  const auto high =
      bfr({"program", "assign", id, "--file", (dir.path() / "high.json").string()}, 2);
  EXPECT_THAT(high.err, HasSubstr("target_fraction_of_lop"));
  EXPECT_EQ(store_->dump(), before);
}

// Every clinic command explains itself and can print JSON.
TEST(ClinicCommandsTest, EveryCommandHasHelpAndJson) {
  const std::vector<std::vector<std::string>> commands{
      {"patient", "add"},     {"patient", "list"},        {"patient", "show"},
      {"patient", "edit"},    {"patient", "one-rep-max"}, {"screen"},
      {"screen", "override"}, {"program", "list"},        {"program", "show"},
      {"program", "assign"},  {"program", "phase"},       {"lop", "estimate"},
      {"lop", "record"},      {"session", "plan"},        {"session", "run"},
      {"session", "show"},    {"session", "feedback"},    {"history"}};
  for (std::vector<std::string> command : commands) {
    const std::string name = fmt::format("{}", fmt::join(command, " "));
    command.push_back("--help");
    const bfr::testing::CommandResult r = bfr::testing::run_bfr(command);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_THAT(r.out, HasSubstr("--json")) << name;
  }
}

}  // namespace
}  // namespace bfr::clinic::testing

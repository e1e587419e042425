// The Achilles programme walked through with the `bfr` command on every
// backend: patient add -> screen -> lop record -> 1RM -> program assign ->
// session plan -> three weeks of sessions on the simulated device -> session
// show -> progression suggestions -> history. And the refusals on the way:
// a limb the screening did not clear, a LOP that is not current, a custom
// programme outside the rules; each exits non-zero and stores nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clinic_test_support.hpp"
#include "tests/cli/command_runner.hpp"

namespace bfr::clinic::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RepositoryTest);

// Day 0 is Monday 2025-03-03; sessions on Monday, Wednesday and Friday.
const std::vector<int> kSessionDays{0, 2, 4, 7, 9, 11, 14, 16, 18};

std::string at(int day, int hour) {
  const int date = 3 + day;  // March has 31 days: the walk stays in March
  return fmt::format("2025-03-{:02}T{:02}:00:00Z", date, hour);
}

class AchillesWalkthrough : public StoreTest {
 protected:
  // Runs bfr with --db and returns the result; `expected` is the exit code.
  bfr::testing::CommandResult bfr(std::vector<std::string> args, int expected = 0) {
    args.push_back("--db");
    args.push_back(store_->url());
    bfr::testing::CommandResult r = bfr::testing::run_bfr(args);
    EXPECT_EQ(r.exit_code, expected) << fmt::format("bfr {}\n", fmt::join(args, " ")) << r.err;
    return r;
  }

  Json json(std::vector<std::string> args) {
    args.push_back("--json");
    const bfr::testing::CommandResult r = bfr(std::move(args));
    try {
      return Json::parse(r.out);
    } catch (const Json::parse_error&) {
      ADD_FAILURE() << "not JSON: " << r.out;
      return Json{};
    }
  }

  // The Achilles template as `program show --json` prints it (no database).
  static Json template_json() {
    const bfr::testing::CommandResult r =
        bfr::testing::run_bfr({"program", "show", "achilles", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out);
  }

  std::string add_patient(const std::string& name) {
    return std::to_string(
        json({"patient", "add", "--name", name, "--birth-year", "1982", "--sex", "female", "--sbp",
              "122", "--dbp", "78", "--hr", "64", "--limb", "right_thigh:54"})["id"]
            .get<std::int64_t>());
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

  json({"patient", "one-rep-max", id, "--exercise", "Seated calf raise", "--test-kg", "40",
        "--reps", "8", "--at", at(0, 8)});
  const Json assigned = json({"program", "assign", id, "achilles", "--at", at(0, 8)});
  EXPECT_EQ(assigned["programme_name"], "Achilles tendon rupture");

  // No LOP yet: every exercise is blocked and the session is refused untouched.
  const std::string before = store_->dump();
  const bfr::testing::CommandResult refused = bfr({"session", "run", id, "--at", at(0, 9)}, 1);
  EXPECT_THAT(refused.err, HasSubstr("no LOP seated"));
  EXPECT_EQ(store_->dump(), before);

  double lop_mmhg = 0;
  for (const int day : kSessionDays) {
    if (day % 7 == 0) {  // LOP again each Monday: the current-LOP rule asks weekly
      const Json lop = json({"lop", "record", id, "--limb", "right_thigh", "--posture", "seated",
                             "--measure", "--seed", std::to_string(day + 1), "--at", at(day, 8)});
      ASSERT_TRUE(lop["lop_mmhg"].is_number()) << lop.dump();
      lop_mmhg = lop["lop_mmhg"].get<double>();
    }
    if (day == 0) {
      const Json plan = json({"session", "plan", id, "--at", at(day, 9)});
      const Json& calf = plan["exercises"][0];
      EXPECT_EQ(calf["exercise"], "Seated calf raise");
      EXPECT_TRUE(calf["ready"].get<bool>()) << calf.dump();
      EXPECT_NEAR(calf["target_mmhg"].get<double>(), lop_mmhg * 0.8, 1e-9);
      // 20 % of the Epley 1RM from 40 kg x 8 (40 x (1 + 8/30) = 50.7 kg) is
      // 10.1 kg, rounded down to 0.5 kg.
      EXPECT_DOUBLE_EQ(calf["load_kg"].get<double>(), 10.0);
    }
    const Json run = json({"session", "run", id, "--exercise", "Seated calf raise", "--rpe", "5",
                           "--pain", "1", "--at", at(day, 9)});
    ASSERT_EQ(run["sessions"].size(), 1U) << run.dump();
  }

  // The last session read back, with the patient's feedback on every set.
  const Json history = json({"history", id, "--at", at(20, 12)});
  ASSERT_EQ(history["sessions"].size(), kSessionDays.size());
  EXPECT_EQ(history["lop"].size(), 3U);
  ASSERT_EQ(history["weeks"].size(), 3U);
  for (const Json& week : history["weeks"]) EXPECT_EQ(week["done"], 3) << week.dump();
  EXPECT_DOUBLE_EQ(history["adherence"].get<double>(), 1.0);

  const std::int64_t last = history["sessions"].back()["session"]["id"].get<std::int64_t>();
  const Json shown = json({"session", "show", std::to_string(last)});
  EXPECT_EQ(shown["session"]["exercise"], "Seated calf raise");
  EXPECT_GT(shown["trace_samples"].get<int>(), 1000);
  ASSERT_FALSE(shown["sets"].empty());
  for (const Json& set : shown["sets"]) {
    EXPECT_EQ(set["pain_0_10"], 1);
    EXPECT_EQ(set["rpe_cr10"], 5.0);
    EXPECT_EQ(set["load_kg"], 10.0);
  }

  // Nine sessions in: each exercise says what to do next, and why.
  const Json plan = json({"session", "plan", id, "--at", at(20, 9)});
  const Json& calf = plan["exercises"][0];
  EXPECT_EQ(calf["sessions_in_phase"], 9);
  ASSERT_FALSE(calf["suggestions"].empty()) << calf.dump();
  for (const Json& s : calf["suggestions"]) EXPECT_FALSE(s["why"].get<std::string>().empty());
  EXPECT_FALSE(plan["advance"].is_null());
  // The boot phase lasts at least 6 weeks: three are not enough.
  EXPECT_FALSE(plan["advance"]["ready"].get<bool>());

  // A week later the LOP is too old: the run is refused and nothing stored.
  const std::string settled = store_->dump();
  const bfr::testing::CommandResult stale =
      bfr({"session", "run", id, "--exercise", "Seated calf raise", "--at", at(26, 9)}, 1);
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
  const std::string before = store_->dump();
  bfr({"patient", "show", "Nobody"}, 2);
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
  Json custom = template_json();
  custom["phases"][0]["exercises"][0]["prescription"]["work"]["reps_per_set"] = {30, -15};
  std::ofstream((dir.path() / "negative.json").string()) << custom.dump();
  const auto negative =
      bfr({"program", "assign", id, "--file", (dir.path() / "negative.json").string()}, 2);
  EXPECT_THAT(negative.err, HasSubstr("reps"));
  custom = template_json();
  custom["phases"][0]["exercises"][0]["prescription"]["target_fraction_of_lop"] = 1.2;
  std::ofstream((dir.path() / "high.json").string()) << custom.dump();
  bfr({"program", "assign", id, "--file", (dir.path() / "high.json").string()}, 2);
  EXPECT_EQ(store_->dump(), before);
}

}  // namespace
}  // namespace bfr::clinic::testing

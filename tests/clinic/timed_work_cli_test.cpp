// Passive BFR with `bfr session run`: cycles of inflation and reperfusion on
// the simulated device, stored as one session with a timed set per cycle,
// shown by session show and history, and counted by the progression rules
// (the passive phase may advance after one session at target). The cycles
// are shortened through a custom programme to keep the test quick; the
// 3 min reperfusion stays (the rules' minimum). On every backend.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "clinic_cli_fixture.hpp"

namespace bfr::clinic::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class TimedWorkCli : public ClinicCliTest {};

INSTANTIATE_TEST_SUITE_P(Backend, TimedWorkCli, ::testing::ValuesIn(all_backends()), backend_name);

TEST_P(TimedWorkCli, PassiveCyclesRunWithReperfusionBetween) {
  open_repository(store_->url());
  const std::string id = add_patient("Pia Passive");
  json({"screen", id, "--none", "--at", march_2025(0, 8)});
  json({"lop", "record", id, "--limb", "right_thigh", "--value", "180", "--at", march_2025(0, 8)});

  Json passive = template_json("passive-thigh");
  Json& work = passive["phases"][0]["exercises"][0]["prescription"]["work"];
  ASSERT_EQ(work["kind"], "passive");
  work["inflated_s"] = 30;
  work["cycles"] = 2;
  const double deflated_s = work["deflated_s"].get<double>();
  TempDir dir;
  const std::string file = (dir.path() / "passive.json").string();
  std::ofstream(file) << passive.dump();
  json({"program", "assign", id, "--file", file, "--at", march_2025(0, 8)});

  const Json plan = json({"session", "plan", id, "--at", march_2025(0, 9)});
  ASSERT_EQ(plan["exercises"].size(), 1U);
  EXPECT_TRUE(plan["exercises"][0]["ready"].get<bool>()) << plan.dump();

  const Json run = json({"session", "run", id, "--pain", "1,2", "--at", march_2025(0, 9)});
  ASSERT_EQ(run["sessions"].size(), 1U);
  const Json& session = run["sessions"][0];
  EXPECT_EQ(session["session"]["stop_reason"], "completed");
  ASSERT_EQ(session["sets"].size(), 2U);
  for (const Json& cycle : session["sets"]) {
    EXPECT_EQ(cycle["target_reps"], 0);
    EXPECT_NEAR(cycle["duration_s"].get<double>(), 30, 0.05);
  }
  EXPECT_EQ(session["sets"][1]["pain_0_10"], 2);
  // The reperfusion, then the climb back to target.
  EXPECT_GE(session["sets"][0]["rest_after_s"].get<double>(), deflated_s);
  // Restricted during the cycles, not during the reperfusion.
  const double restricted = session["session"]["total_restriction_s"].get<double>();
  EXPECT_GE(restricted, 60);
  EXPECT_LT(restricted, deflated_s);

  const std::string sid = std::to_string(session["session"]["id"].get<int>());
  const bfr::testing::CommandResult shown = bfr({"session", "show", sid});
  EXPECT_THAT(shown.out, HasSubstr("set 2: timed, 30 s"));

  const Json history = json({"history", id, "--at", march_2025(0, 12)});
  ASSERT_EQ(history["sessions"].size(), 1U);
  EXPECT_NEAR(history["sessions"][0]["timed_s"].get<double>(), 60, 0.1);
  EXPECT_EQ(history["sessions"][0]["max_pain"], 2);

  // The passive phase asks for one session at target with pain at most 2.
  const Json after = json({"session", "plan", id, "--at", march_2025(1, 9)});
  ASSERT_FALSE(after["advance"].is_null()) << after.dump();
  EXPECT_TRUE(after["advance"]["ready"].get<bool>()) << after["advance"].dump();
  EXPECT_THAT(after["advance"]["why"].get<std::string>(), HasSubstr("criteria met"));
}

}  // namespace
}  // namespace bfr::clinic::testing

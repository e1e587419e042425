// `bfr lop measure`: a live measurement on a simulated limb ends with a
// value or a reason and the cuff down, whatever the limb; its JSON; limbs
// from a scenario file (with its events) and from the population bench;
// usage errors. Also the population part of `bfr lop bench`, which shares
// the measurement runner (the recordings part is tested beside replay).

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/command_runner.hpp"

namespace bfr {
namespace {

using testing::run_bfr;
using testing::TempDir;

// The outcome every run must have, value or not.
void expect_settled(const testing::CommandResult& r, const nlohmann::json& j) {
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 3) << r.out << r.err;
  const bool ok = j.at("ok").get<bool>();
  EXPECT_EQ(r.exit_code, ok ? 0 : 3);
  if (ok) {
    EXPECT_GT(j.at("lop_mmhg").get<double>(), 0.0);
    EXPECT_TRUE(j.at("failure").is_null());
    EXPECT_GT(j.at("heart_rate_bpm").get<double>(), 0.0);
    EXPECT_GE(j.at("quality").get<double>(), 0.0);
    EXPECT_NEAR(j.at("error_mmhg").get<double>(),
                j.at("lop_mmhg").get<double>() - j.at("true_lop_mmhg").get<double>(), 1e-6);
  } else {
    EXPECT_TRUE(j.at("lop_mmhg").is_null());
    EXPECT_FALSE(j.at("failure").get<std::string>().empty());
  }
  EXPECT_GT(j.at("true_lop_mmhg").get<double>(), 0.0);
  EXPECT_GT(j.at("time_s").get<double>(), 0.0);
  // The cuff always ends deflated.
  EXPECT_TRUE(j.at("deflated").get<bool>());
  EXPECT_LT(j.at("final_cuff_mmhg").get<double>(), 20.0);
  EXPECT_LT(j.at("final_true_cuff_mmhg").get<double>(), 20.0);
  EXPECT_FALSE(j.at("over_cap").get<bool>());
  EXPECT_FALSE(j.at("over_time").get<bool>());
}

TEST(LopMeasureCli, DefaultLimbEndsWithAValueOrAReasonAndTheCuffDown) {
  const auto r = run_bfr({"lop", "measure", "--json"});
  const auto j = nlohmann::json::parse(r.out);
  expect_settled(r, j);
  const auto& limb = j.at("limb");
  EXPECT_EQ(limb.at("source"), "options");
  EXPECT_EQ(limb.at("segment"), "thigh");
  EXPECT_EQ(limb.at("posture"), "seated");
  EXPECT_DOUBLE_EQ(limb.at("cuff_width_cm").get<double>(), 11.5);
  EXPECT_EQ(limb.at("sensor"), "mpx5050");
  EXPECT_DOUBLE_EQ(limb.at("sample_rate_hz").get<double>(), 100.0);
  // Progress goes to stderr with --json, one line per simulated second,
  // naming the stage of the ramp.
  EXPECT_NE(r.err.find("fast ramp"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("slow ramp"), std::string::npos) << r.err;
}

TEST(LopMeasureCli, TextShowsProgressThenTheResultAndTheFinalPressure) {
  const auto r = run_bfr({"lop", "measure", "--segment", "upper_arm", "--posture", "standing",
                          "--sensor", "hx710b", "--cuff-width-cm", "8", "--seed", "5"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 3) << r.out << r.err;
  EXPECT_NE(r.out.find("upper_arm, standing, 8.0 cm cuff, hx710b at 40 Hz"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("beats"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(r.exit_code == 0 ? "LOP " : "no value: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("simulation truth"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cuff deflated: "), std::string::npos) << r.out;
}

TEST(LopMeasureCli, ScenarioLimbAndEventsApply) {
  TempDir dir;
  const auto path = (dir.path() / "arm.toml").string();
  std::ofstream(path) << R"(name = "arm-measure"
duration_s = 90
seed = 4

[limb]
segment = "upper_arm"
posture = "supine"

[cuff]
width_cm = 10

[drive]
mode = "controller"

[[events]]
at_s = 1
kind = "measure_lop"

[[events]]
at_s = 6
kind = "motion"
amplitude_mmhg = 5
duration_s = 3

[[events]]
at_s = 80
kind = "stop"
)";
  const auto r = run_bfr({"lop", "measure", "--scenario", path, "--json"});
  const auto j = nlohmann::json::parse(r.out);
  expect_settled(r, j);
  EXPECT_EQ(j.at("limb").at("source"), "scenario");
  EXPECT_EQ(j.at("limb").at("segment"), "upper_arm");
  EXPECT_EQ(j.at("limb").at("posture"), "supine");
  EXPECT_DOUBLE_EQ(j.at("limb").at("cuff_width_cm").get<double>(), 10.0);
  // The scenario's own stop command is not sent: this command measures.
  ASSERT_EQ(j.at("left_out").size(), 1u);
  EXPECT_NE(j.at("left_out")[0].get<std::string>().find("stop"), std::string::npos);
}

TEST(LopMeasureCli, ScenarioFaultEndsTheMeasurementWithAReason) {
  // The pump has failed from the start: the cuff never fills, so there is
  // no value, and the reason is given.
  TempDir dir;
  const auto path = (dir.path() / "pump.toml").string();
  std::ofstream(path) << R"(name = "dead-pump"
duration_s = 90

[drive]
mode = "controller"

[[events]]
at_s = 0
kind = "fault"
fault = "pump_failure"

[[events]]
at_s = 1
kind = "measure_lop"
)";
  const auto r = run_bfr({"lop", "measure", "--scenario", path, "--json"});
  ASSERT_EQ(r.exit_code, 3) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  expect_settled(r, j);
  EXPECT_FALSE(j.at("ok").get<bool>());
}

TEST(LopMeasureCli, BenchLimbIsTheBenchDesignsLimb) {
  // Limb 2 of any seed: thigh (even index), hx710b ((2 / 2) % 2 == 1),
  // standing (2 % 3 == 2).
  const auto r = run_bfr({"lop", "measure", "--bench-limb", "2", "--seed", "1", "--json"});
  const auto j = nlohmann::json::parse(r.out);
  expect_settled(r, j);
  EXPECT_EQ(j.at("limb").at("source"), "bench");
  EXPECT_EQ(j.at("limb").at("segment"), "thigh");
  EXPECT_EQ(j.at("limb").at("posture"), "standing");
  EXPECT_EQ(j.at("limb").at("sensor"), "hx710b");
  const double width = j.at("limb").at("cuff_width_cm").get<double>();
  EXPECT_GE(width, 5.0);
  EXPECT_LE(width, 18.0);
}

TEST(LopMeasureCli, BadOptionsAreUsageErrors) {
  EXPECT_EQ(run_bfr({"lop", "measure", "--segment", "knee"}).exit_code, 2);
  EXPECT_EQ(run_bfr({"lop", "measure", "--posture", "kneeling"}).exit_code, 2);
  EXPECT_EQ(run_bfr({"lop", "measure", "--sensor", "bmp280"}).exit_code, 2);
  EXPECT_EQ(run_bfr({"lop", "measure", "--cuff-width-cm", "45"}).exit_code, 2);
  EXPECT_EQ(run_bfr({"lop", "measure", "--bench-limb", "-1"}).exit_code, 2);
  EXPECT_EQ(run_bfr({"lop", "measure", "--bench-limb", "3", "--posture", "supine"}).exit_code, 2);
  EXPECT_EQ(run_bfr({"lop", "measure", "--scenario", "x.toml", "--segment", "thigh"}).exit_code, 2);
  EXPECT_EQ(run_bfr({"lop", "measure", "--scenario", "x.toml", "--seed", "3"}).exit_code, 2);
  const auto missing = run_bfr({"lop", "measure", "--scenario", "/nonexistent/openbfr.toml"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot read the scenario file"), std::string::npos) << missing.err;
  EXPECT_EQ(run_bfr({"lop", "measure", "--no-such-option"}).exit_code, 2);
}

TEST(LopBenchPopulationCli, ReportsEveryLimbAndTheTargetsItChecks) {
  // The accuracy targets are the bench's verdict, not this test's: only the
  // shape of the report and the bounds that must hold already are checked.
  const auto r = run_bfr({"lop", "bench", "--limbs", "12", "--seed", "3", "--json"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.contains("recordings"));  // the recordings part is still there
  const auto& p = j.at("population");
  EXPECT_EQ(p.at("limbs").get<int>(), 12);
  EXPECT_EQ(p.at("seed").get<int>(), 3);
  ASSERT_EQ(p.at("runs").size(), 12u);
  for (const auto& run : p.at("runs")) {
    EXPECT_TRUE(run.at("ok").get<bool>() || !run.at("failure").get<std::string>().empty())
        << run.dump();
  }
  for (const char* segment : {"thigh", "upper_arm"}) {
    EXPECT_TRUE(p.at("accuracy").at(segment).contains("fixed_ratio")) << segment;
  }
  for (const char* posture : {"supine", "seated", "standing"}) {
    EXPECT_TRUE(p.at("success").at(posture).contains("pass")) << posture;
  }
  EXPECT_EQ(p.at("over_cap").get<int>(), 0);
  EXPECT_EQ(p.at("over_time").get<int>(), 0);
  // A failed target means a non-zero exit.
  const bool recordings_pass = j.at("floor_corrected").at("iso_81060_2_pass").get<bool>();
  EXPECT_EQ(r.exit_code, p.at("pass").get<bool>() && recordings_pass ? 0 : 1);

  const auto skipped = run_bfr({"lop", "bench", "--skip-population", "--json"});
  EXPECT_TRUE(nlohmann::json::parse(skipped.out).at("population").is_null());
  EXPECT_EQ(run_bfr({"lop", "bench", "--limbs", "0"}).exit_code, 2);
  EXPECT_EQ(p.at("sensor_noise_scale").get<double>(), 1.0);
}

TEST(LopBenchPopulationCli, TheSensorNoiseCanBeScaledForReading) {
  const auto scaled = run_bfr({"lop", "bench", "--limbs", "4", "--sensor-noise-scale", "0.5"});
  ASSERT_TRUE(scaled.exit_code == 0 || scaled.exit_code == 1) << scaled.err;
  EXPECT_NE(scaled.out.find("sensor noise scaled x0.5 (mpx5050 0.20, hx710b 0.07 mmHg SD"),
            std::string::npos)
      << scaled.out;
  const auto negative = run_bfr({"lop", "bench", "--sensor-noise-scale", "-1"});
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_TRUE(negative.out.empty()) << negative.out;
}

TEST(LopBenchPopulationCli, EachLimbIsNamedUnlessAskedToMeasureAsAHostThatDoesNotKnowIt) {
  const auto named = run_bfr({"lop", "bench", "--limbs", "2", "--json"});
  const auto unnamed = run_bfr({"lop", "bench", "--limbs", "2", "--unnamed-limbs", "--json"});
  ASSERT_TRUE(named.exit_code == 0 || named.exit_code == 1) << named.err;
  ASSERT_TRUE(unnamed.exit_code == 0 || unnamed.exit_code == 1) << unnamed.err;
  const auto n = nlohmann::json::parse(named.out).at("population");
  const auto u = nlohmann::json::parse(unnamed.out).at("population");
  EXPECT_TRUE(n.at("limbs_named").get<bool>());
  EXPECT_FALSE(u.at("limbs_named").get<bool>());
  // Limb 0 is a thigh: named, its fill runs on to the thigh's start of the
  // ramp (50 mmHg, not 30), so it lasts longer on the same limb.
  const auto& thigh_named = n.at("runs").at(0);
  const auto& thigh_unnamed = u.at("runs").at(0);
  ASSERT_EQ(thigh_named.at("segment").get<std::string>(), "thigh");
  EXPECT_GT(thigh_named.at("stage_s").at(0).get<double>(),
            thigh_unnamed.at("stage_s").at(0).get<double>() + 0.1)
      << thigh_named.dump() << "\n"
      << thigh_unnamed.dump();

  const auto text = run_bfr({"lop", "bench", "--limbs", "2", "--unnamed-limbs"});
  EXPECT_NE(text.out.find("the limb not named"), std::string::npos) << text.out;
}

TEST(LopBenchPopulationCli, RunsConsecutiveSeedsAndShowsTheTargetsSeedBySeed) {
  const auto r = run_bfr({"lop", "bench", "--limbs", "6", "--seed", "5", "--seeds", "3", "--json"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j.at("population").is_null());  // the seed-by-seed table stands in for it
  const auto& s = j.at("population_seeds");
  EXPECT_EQ(s.at("first_seed").get<int>(), 5);
  EXPECT_EQ(s.at("limbs_per_seed").get<int>(), 6);
  ASSERT_EQ(s.at("rows").size(), 3u);
  int passing = 0;
  for (int k = 0; k < 3; ++k) {
    const auto& row = s.at("rows").at(static_cast<std::size_t>(k));
    EXPECT_EQ(row.at("seed").get<int>(), 5 + k);
    EXPECT_EQ(row.at("bounds_pass").get<bool>(), true) << row.dump();
    EXPECT_EQ(row.at("pass").get<bool>(), row.at("missed").empty()) << row.dump();
    passing += row.at("pass").get<bool>() ? 1 : 0;
  }
  EXPECT_EQ(s.at("held").at("every_target").get<int>(), passing);
  // Every seed must meet every target for a zero exit.
  const bool recordings_pass = j.at("floor_corrected").at("iso_81060_2_pass").get<bool>();
  EXPECT_EQ(r.exit_code, passing == 3 && recordings_pass ? 0 : 1);

  const auto text = run_bfr({"lop", "bench", "--limbs", "6", "--seeds", "2"});
  EXPECT_NE(text.out.find("seeds 1-2 (6 limbs each"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("seeds meeting every target:"), std::string::npos) << text.out;

  for (const char* bad : {"0", "101", "two"}) {
    const auto refused = run_bfr({"lop", "bench", "--seeds", bad});
    EXPECT_EQ(refused.exit_code, 2) << bad;
    EXPECT_TRUE(refused.out.empty()) << refused.out;
  }
}

}  // namespace
}  // namespace bfr

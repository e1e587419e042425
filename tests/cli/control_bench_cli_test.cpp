// `bfr control bench`: the table with both methods and the targets, JSON,
// and an exit code that follows the verdict.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/command_runner.hpp"

namespace bfr {
namespace {

using testing::run_bfr;

using testing::contains;

// How `bfr control trace` prints a person's true LOP.
std::string fmt_true_lop(double mmhg) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "true LOP %.1f mmHg", mmhg);
  return buf;
}

TEST(ControlBenchCli, PrintsBothMethodsAndTheTargets) {
  const auto r = run_bfr({"control", "bench", "--people", "3", "--seed", "1"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "regulated")) << r.out;
  EXPECT_TRUE(contains(r.out, "unregulated")) << r.out;
  EXPECT_TRUE(contains(r.out, ">= 98.0 %")) << r.out;
  EXPECT_TRUE(contains(r.out, ">= 99.5 %")) << r.out;
  EXPECT_TRUE(contains(r.out, "<= 100 %")) << r.out;
  EXPECT_TRUE(contains(r.out, "3 people, seed 1")) << r.out;
  // The exit code carries both verdicts: regulation and repetition counting.
  const bool pass = contains(r.out, "regulation targets (issue 5): pass") &&
                    contains(r.out, "repetition targets (issue 5): pass");
  EXPECT_EQ(r.exit_code, pass ? 0 : 1) << r.out;
  EXPECT_TRUE(contains(r.out, "Repetition counting from the cuff signal")) << r.out;
  EXPECT_TRUE(contains(r.out, "unregulated baseline: misses the targets")) << r.out;
}

TEST(ControlBenchCli, JsonVerdictMatchesTheExitCode) {
  const auto r = run_bfr({"control", "bench", "--people", "3", "--json"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("people").get<int>(), 3);
  EXPECT_EQ(r.exit_code, j.at("pass").get<bool>() ? 0 : 1);
  EXPECT_EQ(j.at("regulated").at("pass").get<bool>() && j.at("reps").at("pass").get<bool>(),
            j.at("pass").get<bool>());
  EXPECT_FALSE(j.at("unregulated").at("pass").get<bool>());
  EXPECT_EQ(j.at("runs").at("regulated").size(), 3u);
  EXPECT_EQ(j.at("runs").at("unregulated").size(), 3u);
  EXPECT_GT(j.at("regulated").at("exercise_within").at("mean").get<double>(),
            j.at("unregulated").at("exercise_within").at("mean").get<double>());
  EXPECT_DOUBLE_EQ(j.at("targets").at("min_exercise_within").get<double>(), 0.98);
  EXPECT_DOUBLE_EQ(j.at("targets").at("min_rest_within").get<double>(), 0.995);
}

TEST(ControlBenchCli, SaysWhichPumpItRanWith) {
  const auto assumed = run_bfr({"control", "bench", "--people", "2", "--json"});
  ASSERT_TRUE(assumed.exit_code == 0 || assumed.exit_code == 1) << assumed.err;
  const auto a = nlohmann::json::parse(assumed.out).at("pump");
  EXPECT_DOUBLE_EQ(a.at("free_flow_ml_s").get<double>(), 90.0);
  EXPECT_DOUBLE_EQ(a.at("stall_mmhg").get<double>(), 500.0);
  EXPECT_FALSE(a.at("given").get<bool>());

  const auto given = run_bfr({"control", "bench", "--people", "2", "--pump-free-flow-ml-s", "120",
                              "--pump-stall-mmhg", "650"});
  ASSERT_TRUE(given.exit_code == 0 || given.exit_code == 1) << given.err;
  EXPECT_TRUE(contains(given.out, "pump 120 mL/s free flow, 650 mmHg stall (as given)"))
      << given.out;
  const auto plain = run_bfr({"control", "bench", "--people", "2"});
  EXPECT_TRUE(contains(plain.out,
                       "pump 90 mL/s free flow, 500 mmHg stall (the simulator's "
                       "assumption)"))
      << plain.out;
}

TEST(ControlBenchCli, RefusesAPumpNoCuffHas) {
  for (const char* flow : {"0", "2", "-50", "5000", "fast"}) {
    const auto r = run_bfr({"control", "bench", "--people", "2", "--pump-free-flow-ml-s", flow});
    EXPECT_NE(r.exit_code, 0) << flow;
    EXPECT_NE(r.exit_code, 1) << flow << ": a refusal, not a verdict";
    EXPECT_TRUE(contains(r.err, "--pump-free-flow-ml-s")) << flow << ": " << r.err;
    EXPECT_FALSE(contains(r.out, "regulated")) << "nothing ran: " << r.out;
  }
  const auto stall = run_bfr({"control", "trace", "--person", "1", "--pump-stall-mmhg", "20"});
  EXPECT_NE(stall.exit_code, 0);
  EXPECT_TRUE(contains(stall.err, "--pump-stall-mmhg")) << stall.err;
}

// `bfr control trace`: one person's frames as CSV. The share of exercise
// samples within +-10 % recomputed from the file must match the bench's
// own score for that person, so the trace is the data the bench scored.
TEST(ControlTraceCli, TheTraceReproducesThePersonsBenchScore) {
  const auto bench = run_bfr({"control", "bench", "--people", "3", "--json"});
  ASSERT_TRUE(bench.exit_code == 0 || bench.exit_code == 1) << bench.err;
  const double scored =
      nlohmann::json::parse(bench.out).at("runs").at("regulated").at(2).at("exercise_within");

  testing::TempDir dir;
  const std::string csv = (dir.path() / "person2.csv").string();
  const auto r = run_bfr({"control", "trace", "--person", "2", "--csv", csv});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "person 2 of seed 1")) << r.out;

  std::ifstream in(csv);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line.rfind("time_s,true_cuff_mmhg,sensor_mmhg,target_mmhg,phase", 0), 0u) << line;
  long exercise = 0, within = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) f.push_back(cell);
    ASSERT_EQ(f.size(), 10u) << line;
    if (f[4] != "exercise") continue;
    ++exercise;
    const double cuff = std::stod(f[1]), target = std::stod(f[3]);
    within += std::abs(cuff - target) <= 0.1 * target;
  }
  ASSERT_GT(exercise, 1000);
  EXPECT_NEAR(static_cast<double>(within) / static_cast<double>(exercise), scored, 1e-3);
  EXPECT_FALSE(std::filesystem::exists(csv + ".partial"));
}

TEST(ControlTraceCli, AnExistingFileIsNeverOverwritten) {
  testing::TempDir dir;
  const std::string csv = (dir.path() / "kept.csv").string();
  std::ofstream(csv) << "recorded data\n";
  const auto r = run_bfr({"control", "trace", "--person", "0", "--csv", csv});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "exists")) << r.err;
  std::ifstream in(csv);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "recorded data\n");
}

TEST(ControlBenchCli, RejectsAnEmptyPopulation) {
  const auto r = run_bfr({"control", "bench", "--people", "0"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

// The limb, cuff and sensor: reported as run, the same for the trace (a
// trace of a bench person under the same setup scores as the bench did),
// and anything outside what the bench can fit refused.
TEST(ControlBenchCli, RunsOnTheChosenLimbCuffAndSensor) {
  const std::vector<std::string> setup{"--segment", "upper_arm", "--cuff-width-cm",
                                       "9",         "--sensor",  "hx710b"};
  std::vector<std::string> bench_args{"control", "bench", "--people", "2", "--json"};
  bench_args.insert(bench_args.end(), setup.begin(), setup.end());
  const auto bench = run_bfr(bench_args);
  ASSERT_TRUE(bench.exit_code == 0 || bench.exit_code == 1) << bench.err;
  const auto j = nlohmann::json::parse(bench.out);
  EXPECT_EQ(j.at("segment"), "upper_arm");
  EXPECT_EQ(j.at("sensor"), "hx710b");
  EXPECT_DOUBLE_EQ(j.at("cuff_width_cm").get<double>(), 9.0);
  EXPECT_DOUBLE_EQ(j.at("sample_rate_hz").get<double>(), 40.0);
  EXPECT_DOUBLE_EQ(j.at("second_limb_difference_cm").get<double>(), -1.0);
  const auto& person1 = j.at("runs").at("regulated").at(1);

  testing::TempDir dir;
  const std::string csv = (dir.path() / "arm.csv").string();
  std::vector<std::string> trace_args{"control", "trace", "--person", "1", "--csv", csv};
  trace_args.insert(trace_args.end(), setup.begin(), setup.end());
  const auto trace = run_bfr(trace_args);
  ASSERT_EQ(trace.exit_code, 0) << trace.out << trace.err;
  EXPECT_TRUE(contains(trace.out, fmt_true_lop(person1.at("true_lop_mmhg").get<double>())))
      << trace.out;
  std::ifstream in(csv);
  std::string header, first, second;
  ASSERT_TRUE(std::getline(in, header) && std::getline(in, first) && std::getline(in, second));
  // One row per 40 Hz frame.
  EXPECT_NEAR(std::stod(second) - std::stod(first), 0.025, 1e-3) << first << " / " << second;

  const auto text = run_bfr({"control", "bench", "--people", "1", "--segment", "upper_arm"});
  EXPECT_TRUE(contains(text.out, "seated upper arm, 11.5 cm cuff, mpx5050 at 100 Hz")) << text.out;
  EXPECT_TRUE(contains(text.out, "dual limb (both arms at once, the second -1.0 cm around"))
      << text.out;

  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"control", "bench", "--sensor", "bmp280"},
        std::vector<std::string>{"control", "bench", "--segment", "forearm"},
        std::vector<std::string>{"control", "bench", "--cuff-width-cm", "30"},
        std::vector<std::string>{"control", "trace", "--person", "0", "--csv",
                                 (dir.path() / "never.csv").string(), "--sensor", "x"}}) {
    const auto r = run_bfr(bad);
    EXPECT_EQ(r.exit_code, 2) << bad.back();
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "never.csv"));
}

}  // namespace
}  // namespace bfr

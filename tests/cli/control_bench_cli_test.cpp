// `bfr control bench`: the table with both methods and the targets, JSON,
// and an exit code that follows the verdict.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/command_runner.hpp"

namespace bfr {
namespace {

using testing::run_bfr;

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
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

TEST(ControlBenchCli, RejectsAnEmptyPopulation) {
  const auto r = run_bfr({"control", "bench", "--people", "0"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

}  // namespace
}  // namespace bfr

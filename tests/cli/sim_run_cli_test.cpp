// `bfr sim run`: a good scenario writes a complete trace and a summary; a
// bad one is refused with its error, exit code 2 and no file at all.

#include <gtest/gtest.h>

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
using testing::TempDir;

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

std::vector<std::string> lines_of(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

constexpr const char* kGood = R"(name = "cli-check"
description = "inflate, hold, vent"
duration_s = 12
seed = 9
[drive]
mode = "manual"
[[events]]
at_s = 0.5
kind = "inflate_to"
pressure_mmhg = 120
[[events]]
at_s = 10
kind = "vent"
)";

TEST(SimRunCli, WritesTheTraceWithHeaderAndOneRowPerSample) {
  TempDir dir;
  const auto scenario = dir.path() / "good.toml";
  const auto out = dir.path() / "trace.csv";
  write(scenario, kGood);
  const auto r = run_bfr({"sim", "run", "--scenario", scenario.string(), "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out.string() + ".tmp"));

  const auto lines = lines_of(out);
  std::size_t i = 0;
  std::string comments;
  while (i < lines.size() && lines[i].rfind("#", 0) == 0) comments += lines[i++] + "\n";
  EXPECT_NE(comments.find("cli-check"), std::string::npos) << comments;
  EXPECT_NE(comments.find("seed: 9"), std::string::npos) << comments;
  ASSERT_LT(i, lines.size());
  EXPECT_EQ(lines[i].rfind("time_s,sensor_mmhg,true_cuff_mmhg,", 0), 0u) << lines[i];
  EXPECT_NE(lines[i].find("pump_duty"), std::string::npos);
  const std::size_t rows = lines.size() - i - 1;
  EXPECT_EQ(rows, 1200u);  // 12 s at the default 100 samples/s
  EXPECT_EQ(lines.back().rfind("12.0000,", 0), 0u) << lines.back();

  EXPECT_NE(r.out.find("cli-check"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1200 samples"), std::string::npos) << r.out;
}

TEST(SimRunCli, JsonSummaryIsOneDocument) {
  TempDir dir;
  const auto scenario = dir.path() / "good.toml";
  const auto out = dir.path() / "trace.csv";
  write(scenario, kGood);
  const auto r = run_bfr(
      {"sim", "run", "--scenario", scenario.string(), "--out", out.string(), "--json-summary"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["scenario"], "cli-check");
  EXPECT_EQ(doc["samples"], 1200);
  EXPECT_EQ(doc["drive"], "manual");
  EXPECT_NEAR(doc["peak_true_cuff_mmhg"].get<double>(), 120, 10);
  EXPECT_TRUE(doc["lop_measured_mmhg"].is_null());
}

TEST(SimRunCli, BadScenarioExitsTwoAndWritesNothing) {
  TempDir dir;
  const auto scenario = dir.path() / "bad.toml";
  const auto out = dir.path() / "trace.csv";
  std::string text = kGood;
  text.replace(text.find("pressure_mmhg = 120"), 19, "pressure_mmhg = 999");
  write(scenario, text);
  const auto r = run_bfr({"sim", "run", "--scenario", scenario.string(), "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.toml: [[events]] #1 pressure_mmhg = 999: must be 5-300 mmHg"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out.string() + ".tmp"));
}

TEST(SimRunCli, MissingScenarioFileExitsTwo) {
  TempDir dir;
  const auto out = dir.path() / "trace.csv";
  const auto r = run_bfr(
      {"sim", "run", "--scenario", (dir.path() / "nope.toml").string(), "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot read"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(SimRunCli, UnwritableOutputFailsWithoutLeftovers) {
  TempDir dir;
  const auto scenario = dir.path() / "good.toml";
  write(scenario, kGood);
  const auto out = dir.path() / "no-such-dir" / "trace.csv";
  const auto r = run_bfr({"sim", "run", "--scenario", scenario.string(), "--out", out.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("error:"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(SimRunCli, ScenarioAndOutAreRequired) {
  EXPECT_EQ(run_bfr({"sim", "run", "--out", "x.csv"}).exit_code, 2);
  EXPECT_EQ(run_bfr({"sim", "run", "--scenario", "x.toml"}).exit_code, 2);
  const auto help = run_bfr({"sim", "run", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--scenario"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace bfr

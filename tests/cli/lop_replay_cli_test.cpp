// `bfr lop replay` and `bfr lop bench` on the real recordings beside the
// checkout, and on files that are not usable recordings.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/command_runner.hpp"

namespace bfr {
namespace {

using testing::run_bfr;
using testing::TempDir;

std::string recordings_dir() {
  const char* shared = std::getenv("OPENBFR_SHARED_DIR");
  return shared ? std::string(shared) + "/data/recordings"
                : std::string("../shared/data/recordings");
}

TEST(LopReplayCli, GivesAValueNearTheReferenceOnARealDeflation) {
  const std::string file = recordings_dir() + "/rec05.csv";  // reference SBP 120
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  const auto r = run_bfr({"lop", "replay", file, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j.at("ok").get<bool>());
  EXPECT_NEAR(j.at("occlusion_mmhg").get<double>(), 120.0, 10.0);
  EXPECT_GT(j.at("heart_rate_bpm").get<double>(), 40.0);
  EXPECT_LT(j.at("heart_rate_bpm").get<double>(), 120.0);
  EXPECT_GT(j.at("quality").get<double>(), 0.0);
}

TEST(LopReplayCli, RefusesWithAReasonWhenTheSweepIsUnusable) {
  // rec13 starts too close to systolic pressure for the envelope to show a
  // floor above occlusion: refused, with the reason, exit 3.
  const auto r = run_bfr({"lop", "replay", recordings_dir() + "/rec13.csv"});
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("no value"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("far enough above occlusion"), std::string::npos) << r.out;
}

TEST(LopReplayCli, BadFilesAreUsageErrors) {
  TempDir dir;
  const auto write = [&](const char* name, const std::string& text) {
    std::ofstream(dir.path() / name) << text;
    return (dir.path() / name).string();
  };
  std::string slow = "time_s,cuff_pressure_mmhg\n";
  for (int i = 0; i < 200; ++i) slow += std::to_string(i * 0.05) + ",100\n";  // 20 Hz
  const auto low_rate = run_bfr({"lop", "replay", write("slow.csv", slow)});
  EXPECT_EQ(low_rate.exit_code, 2);
  EXPECT_NE(low_rate.err.find("at least 50 samples per second"), std::string::npos) << low_rate.err;

  const auto no_header = run_bfr({"lop", "replay", write("bad.csv", "1,2\n3,4\n")});
  EXPECT_EQ(no_header.exit_code, 2);
  EXPECT_NE(no_header.err.find("time_s"), std::string::npos) << no_header.err;

  const auto garbage =
      run_bfr({"lop", "replay", write("junk.csv", "time_s,cuff_pressure_mmhg\n0,1\nx,y\n")});
  EXPECT_EQ(garbage.exit_code, 2);
  EXPECT_NE(garbage.err.find("line 3"), std::string::npos) << garbage.err;

  const auto missing = run_bfr({"lop", "replay", (dir.path() / "nope.csv").string()});
  EXPECT_EQ(missing.exit_code, 2);
}

TEST(LopBenchCli, EveryRecordingIsAnalysedOrRefusedWithAReason) {
  // The virtual population has its own test (lop_measure_cli_test.cpp).
  const auto r =
      run_bfr({"lop", "bench", "--recordings", recordings_dir(), "--skip-population", "--json"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.at("recordings").size(), 10u);
  for (const auto& row : j.at("recordings")) {
    if (!row.at("ok").get<bool>()) {
      EXPECT_FALSE(row.at("reason").get<std::string>().empty()) << row.dump();
    }
  }
  // The gain over the classic rule is measured on the same data.
  const double ours = std::abs(j.at("floor_corrected").at("mean_error_mmhg").get<double>());
  const double classic = std::abs(j.at("fixed_ratio").at("mean_error_mmhg").get<double>());
  EXPECT_LT(ours, classic);
  // ISO 81060-2 on the shared recordings.
  EXPECT_TRUE(j.at("floor_corrected").at("iso_81060_2_pass").get<bool>()) << r.out;
  EXPECT_EQ(r.exit_code, 0);
}

TEST(LopBenchCli, MissingFolderIsAUsageError) {
  const auto r = run_bfr({"lop", "bench", "--recordings", "/nonexistent/openbfr"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("references.csv"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace bfr

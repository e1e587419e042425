// `bfr sim population`: one row per person, the same rows for the same
// seed, and usage or write errors that leave nothing behind.

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

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
  return fields;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kHeader =
    "index,name,age_years,sex,height_cm,systolic_mmhg,diastolic_mmhg,heart_rate_bpm,"
    "thigh_circumference_cm,arm_circumference_cm,artery_a_per_mmhg,artery_b_per_mmhg,"
    "tissue_transmission_factor,true_lop_thigh_mmhg,true_lop_arm_mmhg";

TEST(SimPopulationCli, OneCsvRowPerPerson) {
  const auto r = run_bfr({"sim", "population", "--n", "50", "--seed", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 51u);
  EXPECT_EQ(lines[0], kHeader);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto f = fields_of(lines[i]);
    ASSERT_EQ(f.size(), 15u) << lines[i];
    EXPECT_EQ(f[0], std::to_string(i - 1));
    EXPECT_EQ(f[1], "P4-" + std::to_string(i - 1));
    // Both LOPs are positive and the thigh's, under the same cuff width on
    // a thicker limb, is the higher (bfr-facts section 3).
    EXPECT_GT(std::stod(f[13]), std::stod(f[14])) << lines[i];
    EXPECT_GT(std::stod(f[14]), 0) << lines[i];
  }
  // The summary goes to stderr so that stdout stays data.
  EXPECT_NE(r.err.find("50 people"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("systolic"), std::string::npos) << r.err;
}

TEST(SimPopulationCli, SameSeedSameRowsDifferentSeedOtherRows) {
  const auto a = run_bfr({"sim", "population", "--n", "200", "--seed", "11"});
  const auto b = run_bfr({"sim", "population", "--n", "200", "--seed", "11"});
  const auto c = run_bfr({"sim", "population", "--n", "200", "--seed", "12"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
  // A smaller population is the first rows of a larger one.
  const auto small = run_bfr({"sim", "population", "--n", "20", "--seed", "11"});
  ASSERT_EQ(small.exit_code, 0) << small.err;
  EXPECT_EQ(a.out.substr(0, small.out.size()), small.out);
}

TEST(SimPopulationCli, WritesTheSameRowsToAFile) {
  TempDir dir;
  const auto path = dir.path() / "people.csv";
  const auto r = run_bfr({"sim", "population", "--n", "30", "--seed", "5", "--out", path.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(slurp(path), run_bfr({"sim", "population", "--n", "30", "--seed", "5"}).out);
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
}

TEST(SimPopulationCli, JsonIsAnArrayOfPeople) {
  const auto r =
      run_bfr({"sim", "population", "--n", "25", "--seed", "6", "--cohort", "young", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_TRUE(doc.is_array());
  ASSERT_EQ(doc.size(), 25u);
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const auto& p = doc[i];
    EXPECT_EQ(p.at("index").get<std::size_t>(), i);
    EXPECT_EQ(p.at("name").get<std::string>(), "P6-" + std::to_string(i));
    const int age = p.at("age_years").get<int>();
    EXPECT_GE(age, 18);  // the young cohort is 18-35
    EXPECT_LE(age, 35);
    EXPECT_GT(p.at("true_lop_thigh_mmhg").get<double>(), 0);
    EXPECT_TRUE(p.contains("artery_a_per_mmhg"));
  }
}

TEST(SimPopulationCli, UsageErrorsExitTwo) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"sim", "population", "--n", "0", "--seed", "1"},
           {"sim", "population", "--n", "1000001", "--seed", "1"},
           {"sim", "population", "--n", "-5", "--seed", "1"},
           {"sim", "population", "--n", "many", "--seed", "1"},
           {"sim", "population", "--seed", "1"},
           {"sim", "population", "--n", "5"},
           {"sim", "population", "--n", "5", "--seed", "1", "--cohort", "elderly"}}) {
    const auto r = run_bfr(args);
    EXPECT_EQ(r.exit_code, 2) << args[2] << " " << args[3];
    EXPECT_FALSE(r.err.empty());
    EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 200);
  }
  const auto r = run_bfr({"sim", "population", "--n", "5", "--seed", "1", "--cohort", "elderly"});
  EXPECT_NE(r.err.find("elderly"), std::string::npos) << r.err;
}

TEST(SimPopulationCli, UnwritableOutputFailsAndLeavesNothing) {
  TempDir dir;
  // A file in a directory that does not exist.
  const auto missing = dir.path() / "no-such-dir" / "people.csv";
  auto r = run_bfr({"sim", "population", "--n", "10", "--seed", "1", "--out", missing.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(missing.parent_path()));

  // A path that is a directory: the temporary file is written, the rename
  // fails, and the temporary is removed again.
  const auto target = dir.path() / "taken";
  std::filesystem::create_directories(target / "inside");
  r = run_bfr({"sim", "population", "--n", "10", "--seed", "1", "--out", target.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(target.string() + ".tmp"));
  EXPECT_TRUE(std::filesystem::is_directory(target / "inside"));
}

TEST(SimPopulationCli, HelpWorks) {
  const auto r = run_bfr({"sim", "population", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("--cohort"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace bfr

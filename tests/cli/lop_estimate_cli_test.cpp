// `bfr lop estimate`: an estimate that says it is one, a refusal with its
// reason where no equation applies, and bad input as a usage error.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/command_runner.hpp"

namespace bfr {
namespace {

using testing::run_bfr;

std::vector<std::string> estimate_args(const std::string& segment, const std::string& width,
                                       const std::string& sex) {
  return {"lop",
          "estimate",
          "--segment",
          segment,
          "--cuff-width-cm",
          width,
          "--circumference-cm",
          "55",
          "--sbp",
          "120",
          "--age",
          "30",
          "--sex",
          sex};
}

using testing::contains;

TEST(LopEstimateCli, PrintsAnEstimateLabelledAsOne) {
  const auto r = run_bfr(estimate_args("thigh", "18", "male"));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // 65.290 + 1.110 x 55 + 0.178 x 120 + 1.153 x 30 - 7.984 x 1 = 174.306 mmHg;
  // +-1.96 x 15.3 gives 144.318-204.294.
  EXPECT_TRUE(contains(r.out, "ESTIMATE (not measured): 174 mmHg")) << r.out;
  EXPECT_TRUE(contains(r.out, "95 % interval 144-204 mmHg")) << r.out;
  EXPECT_TRUE(contains(r.out, "SEE 15.3 mmHg")) << r.out;
  EXPECT_TRUE(contains(r.out, "Rev Bras Med Esporte 2019")) << r.out;
}

TEST(LopEstimateCli, JsonCarriesTheEstimateAndItsError) {
  auto args = estimate_args("thigh", "18", "female");
  args.push_back("--json");
  const auto r = run_bfr(args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("kind").get<std::string>(), "estimate");
  EXPECT_FALSE(j.at("measured").get<bool>());
  EXPECT_TRUE(j.at("available").get<bool>());
  // Female: 174.306 - 7.984 = 166.322 mmHg.
  EXPECT_NEAR(j.at("lop_estimate_mmhg").get<double>(), 166.322, 0.01);
  EXPECT_NEAR(j.at("standard_error_mmhg").get<double>(), 15.3, 0.001);
  const auto interval = j.at("interval_95_mmhg");
  ASSERT_EQ(interval.size(), 2u);
  EXPECT_NEAR(interval[1].get<double>() - interval[0].get<double>(), 59.976, 0.01);
  EXPECT_EQ(j.at("citation").get<std::string>(), "Rev Bras Med Esporte 2019");
  EXPECT_EQ(j.at("n").get<int>(), 51);
  // No key a reader of measured LOPs would pick up by mistake.
  EXPECT_FALSE(j.contains("lop_mmhg"));
}

TEST(LopEstimateCli, NoEquationForAnArmOrANarrowCuffExitsThree) {
  const auto arm = run_bfr(estimate_args("upper_arm", "18", "female"));
  EXPECT_EQ(arm.exit_code, 3) << arm.out << arm.err;
  EXPECT_TRUE(contains(arm.out, "no LOP estimate")) << arm.out;
  EXPECT_TRUE(contains(arm.out, "limb segment")) << arm.out;

  const auto narrow = run_bfr(estimate_args("thigh", "11.5", "female"));
  EXPECT_EQ(narrow.exit_code, 3) << narrow.out << narrow.err;
  EXPECT_TRUE(contains(narrow.out, "cuff width")) << narrow.out;
  EXPECT_FALSE(contains(narrow.out, "ESTIMATE")) << narrow.out;
}

TEST(LopEstimateCli, InputOutOfRangeNamesTheRange) {
  auto args = estimate_args("thigh", "18", "male");
  args[11] = "70";  // --age
  const auto r = run_bfr(args);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "age outside")) << r.out;
  EXPECT_TRUE(contains(r.out, "18-65 y")) << r.out;

  args.push_back("--json");
  const auto j = nlohmann::json::parse(run_bfr(args).out);
  EXPECT_FALSE(j.at("available").get<bool>());
  EXPECT_FALSE(j.contains("lop_estimate_mmhg"));
  EXPECT_TRUE(contains(j.at("reason").get<std::string>(), "age")) << j.dump();
}

TEST(LopEstimateCli, BadInputIsAUsageError) {
  const std::vector<std::vector<std::string>> bad = {
      {"lop", "estimate", "--segment", "thigh", "--cuff-width-cm", "18", "--circumference-cm",
       "-55", "--sbp", "120", "--age", "30", "--sex", "male"},
      {"lop", "estimate", "--segment", "thigh", "--cuff-width-cm", "0", "--circumference-cm", "55",
       "--sbp", "120", "--age", "30", "--sex", "male"},
      {"lop", "estimate", "--segment", "thigh", "--cuff-width-cm", "18", "--circumference-cm", "55",
       "--sbp", "high", "--age", "30", "--sex", "male"},
      {"lop", "estimate", "--segment", "thigh", "--cuff-width-cm", "18", "--circumference-cm", "55",
       "--sbp", "120", "--age", "30", "--sex", "other"},
      {"lop", "estimate", "--segment", "calf", "--cuff-width-cm", "18", "--circumference-cm", "55",
       "--sbp", "120", "--age", "30", "--sex", "male"},
      {"lop", "estimate", "--segment", "thigh", "--cuff-width-cm", "18", "--sbp", "120", "--age",
       "30", "--sex", "male"},  // circumference missing
  };
  for (const auto& args : bad) {
    const auto r = run_bfr(args);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_FALSE(r.err.empty());
    EXPECT_FALSE(contains(r.out, "ESTIMATE")) << r.out;
  }
}

}  // namespace
}  // namespace bfr

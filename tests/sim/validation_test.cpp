// The validation table: its acceptance rules, and the LOP rows on virtual
// cohorts (cheap: no time simulation). The full table, with the simulated
// sweeps and sets, runs in the CLI test of `bfr sim validate`.

#include "sim/validation.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace bfr::sim {
namespace {

TEST(ValidationRules, MeanBandIsHalfAnSdOrThreeStandardErrors) {
  const ValidationRow big = mean_row("x", "s", "mmHg", 0, 100, 20, 400);
  EXPECT_DOUBLE_EQ(big.low, 90);  // 0.5 SD = 10 beats 3 SE = 3
  EXPECT_DOUBLE_EQ(big.high, 110);
  const ValidationRow small = mean_row("x", "s", "mmHg", 0, 100, 20, 9);
  EXPECT_DOUBLE_EQ(small.low, 80);  // 3 SE = 20 beats 0.5 SD
  const ValidationRow unknown_n = mean_row("x", "s", "mmHg", 0, 100, 20);
  EXPECT_DOUBLE_EQ(unknown_n.high, 110);
}

TEST(ValidationRules, SdBandIsThirtyFivePercent) {
  const ValidationRow r = sd_row("x", "s", "mmHg", 0, 20);
  EXPECT_DOUBLE_EQ(r.low, 13);
  EXPECT_DOUBLE_EQ(r.high, 27);
}

TEST(ValidationRules, OneRowOutsideFailsTheReport) {
  ValidationReport report;
  report.rows.push_back(mean_row("in", "s", "u", 100, 100, 10));
  EXPECT_TRUE(report.all_pass());
  report.rows.push_back(mean_row("out", "s", "u", 106, 100, 10));
  EXPECT_FALSE(report.rows.back().pass());
  EXPECT_FALSE(report.all_pass());
}

TEST(Validation, LopCohortsAndPostureMatchThePapers) {
  ValidationOptions options;
  options.lop_people = 2000;
  std::vector<ValidationRow> rows = validate_lop_cohorts(options);
  const std::vector<ValidationRow> posture = validate_posture(options);
  rows.insert(rows.end(), posture.begin(), posture.end());
  ASSERT_EQ(rows.size(), 10u);
  for (const ValidationRow& r : rows) {
    std::printf("[ figures  ] %-40s model %7.2f published %7.2f band %.2f..%.2f\n", r.check.c_str(),
                r.model, r.published, r.low, r.high);
    EXPECT_TRUE(r.pass()) << r.check;
  }
}

TEST(Validation, AnotherSeedStillPasses) {
  // Not tuned to one draw: a different population passes too.
  ValidationOptions options;
  options.seed = 99;
  for (const ValidationRow& r : validate_lop_cohorts(options)) EXPECT_TRUE(r.pass()) << r.check;
}

}  // namespace
}  // namespace bfr::sim

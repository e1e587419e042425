// The population bench over consecutive seeds: each seed is its own
// population, measured as `bfr lop bench --seed N` would measure it, and the
// tallies count the seeds on which each target held.

#include "device/lop_seed_sweep.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace bfr::device {
namespace {

LopRunOutcome reading(double measured, double truth, double time_s) {
  LopRunOutcome o;
  o.ok = true;
  o.measured_mmhg = measured;
  o.true_lop_mmhg = truth;
  o.time_s = time_s;
  o.cap_mmhg = 300;
  o.time_limit_s = 60;
  o.deflated = true;
  o.peak_true_cuff_mmhg = truth + 30;
  return o;
}

TEST(LopSeedSweep, ARowCarriesTheSeedsFiguresAndCountsReadingsFarOff) {
  PopulationDesign design;
  design.limbs = 6;
  design.seed = 7;
  PopulationRun run;
  run.limbs = design_population(design);  // 0, 2, 4 thigh; 1, 3, 5 arm
  run.outcomes = {reading(202, 200, 10),   reading(150, 150, 12), reading(175, 200, 14),
                  reading(175.5, 150, 16), reading(198, 200, 30), reading(149, 150, 18)};
  run.outcomes.back().ok = false;  // the arm at 149: no value
  run.outcomes.back().failure = "motion: too many artefacts during the measurement";
  run.summary = summarise_population(design, run.limbs, run.outcomes);

  const SeedRow row = seed_row(run);
  EXPECT_EQ(row.seed, 7u);
  EXPECT_DOUBLE_EQ(row.median_time_s, run.summary.median_time_s);
  EXPECT_EQ(row.thigh.n, 3);
  EXPECT_EQ(row.arm.n, 2);
  EXPECT_DOUBLE_EQ(row.thigh.bias_mmhg, run.summary.segments[0].ours.bias_mmhg);
  // -25 on the thigh counts (at the threshold), +25.5 on the arm counts,
  // a reading 2 mmHg off and a failed run do not.
  EXPECT_EQ(row.gross_misreads, 2);
  // Postures cycle supine, seated, standing: standing (limbs 2 and 5) has one
  // value of two, the worst.
  EXPECT_EQ(row.worst_posture, "standing");
  EXPECT_DOUBLE_EQ(row.worst_success, 0.5);
  EXPECT_FALSE(row.success_pass);
  EXPECT_FALSE(row.accuracy_pass);  // the thigh's SD is far over 8 mmHg
  EXPECT_TRUE(row.bounds_pass);
  EXPECT_FALSE(row.pass);
  EXPECT_EQ(row.missed, run.summary.missed);
}

TEST(LopSeedSweep, TheTalliesCountTheSeedsEachTargetHeldOn) {
  std::vector<SeedRow> rows(3);
  rows[0].accuracy_pass = rows[0].success_pass = rows[0].p95_pass = rows[0].bounds_pass = true;
  rows[1] = rows[0];
  rows[1].median_pass = rows[1].pass = true;
  rows[2].bounds_pass = true;
  PopulationDesign first;
  first.seed = 4;
  const SeedSweep sweep = summarise_seeds(first, rows);
  EXPECT_EQ(sweep.design.seed, 4u);
  EXPECT_EQ(sweep.accuracy_held, 2);
  EXPECT_EQ(sweep.success_held, 2);
  EXPECT_EQ(sweep.median_held, 1);
  EXPECT_EQ(sweep.p95_held, 2);
  EXPECT_EQ(sweep.bounds_held, 3);
  EXPECT_EQ(sweep.every_target_held, 1);
}

TEST(LopSeedSweep, EachSeedIsThePopulationItsOwnSeedGives) {
  PopulationDesign design;
  design.limbs = 6;
  design.seed = 3;
  const SeedSweep sweep = run_seed_sweep(design, 2, 2);
  ASSERT_EQ(sweep.rows.size(), 2u);
  EXPECT_EQ(sweep.rows[0].seed, 3u);
  EXPECT_EQ(sweep.rows[1].seed, 4u);
  for (const SeedRow& row : sweep.rows) {
    PopulationDesign alone = design;
    alone.seed = row.seed;
    const PopulationRun run = run_population_bench(alone, 2);
    EXPECT_DOUBLE_EQ(row.median_time_s, run.summary.median_time_s) << "seed " << row.seed;
    EXPECT_DOUBLE_EQ(row.p95_time_s, run.summary.p95_time_s) << "seed " << row.seed;
    EXPECT_EQ(row.thigh.n, run.summary.segments[0].ours.n) << "seed " << row.seed;
    EXPECT_EQ(row.arm.n, run.summary.segments[1].ours.n) << "seed " << row.seed;
  }
  // Two different populations: their times are not the same.
  EXPECT_NE(sweep.rows[0].median_time_s, sweep.rows[1].median_time_s);
}

}  // namespace
}  // namespace bfr::device

// The simulated lifter: reps per set, rep timing and the muscle volume
// pushed into the cuff.

#include "sim/lifter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace bfr::sim {
namespace {

// The capacity model documented in lifter.hpp: the first set at full
// capacity, the second at second_set_share of it, each later one
// later_set_decay of the one before; never more than the target.
int expected_reps(const LifterParams& p, int set_index, int target) {
  double capacity = p.first_set_capacity;
  if (set_index > 0) capacity *= p.second_set_share * std::pow(p.later_set_decay, set_index - 1);
  return std::min(target, static_cast<int>(std::floor(capacity)));
}

constexpr std::array<int, 4> kTargets = {30, 15, 15, 15};

TEST(Lifter, RepsPerSetFollowTheCapacityModel) {
  const LifterParams p;
  Lifter lifter(p);
  lifter.calibrate(180, 0.5);
  double t = 0;
  for (int set = 0; set < 4; ++set) {
    lifter.start_set(t, set, kTargets[static_cast<std::size_t>(set)]);
    EXPECT_EQ(lifter.reps_planned(), expected_reps(p, set, kTargets[static_cast<std::size_t>(set)]))
        << "set " << set;
    t += 200;
  }
}

TEST(Lifter, DefaultPersonGivesTheTypicalPattern) {
  // bfr-facts section 1: a trainee near the right load does ~30 reps in the
  // first set and drops to 12-15 by the last.
  Lifter lifter{LifterParams{}};
  lifter.start_set(0, 0, 30);
  EXPECT_GE(lifter.reps_planned(), 28);
  lifter.start_set(100, 1, 15);
  EXPECT_EQ(lifter.reps_planned(), 15);
  lifter.start_set(200, 3, 15);
  EXPECT_GE(lifter.reps_planned(), 12);
  EXPECT_LE(lifter.reps_planned(), 15);
}

TEST(Lifter, RepsCountUpOnePerPeriod) {
  LifterParams p;
  p.rep_period_s = 4.0;
  Lifter lifter(p);
  lifter.calibrate(180, 0.5);
  EXPECT_EQ(lifter.reps_done(5), 0);  // no set yet
  EXPECT_FALSE(lifter.set_finished(5));
  const double start = 10;
  lifter.start_set(start, 1, 15);
  const int planned = lifter.reps_planned();
  ASSERT_GT(planned, 0);
  for (int k = 0; k < planned; ++k) {
    EXPECT_EQ(lifter.reps_done(start + k * 4.0 + 0.01), k);
    EXPECT_FALSE(lifter.set_finished(start + k * 4.0 + 0.01));
  }
  EXPECT_TRUE(lifter.set_finished(start + planned * 4.0 + 0.01));
  EXPECT_EQ(lifter.reps_done(start + 1000), planned);  // never more than planned
}

TEST(Lifter, DisplacementSwingsWithinItsCalibrationAndReturnsToZero) {
  const LifterParams p;
  Lifter lifter(p);
  const double lop = 180;
  const double stiffness = 0.5;  // mmHg per mL
  lifter.calibrate(lop, stiffness);
  const double peak_ml = p.peak_share_of_lop * lop / stiffness;
  const double valley_ml = -p.valley_share_of_lop * lop / stiffness;

  EXPECT_EQ(lifter.displacement_ml(3), 0.0);  // before any set
  const double start = 5;
  lifter.start_set(start, 2, 15);
  const double active = lifter.reps_planned() * p.rep_period_s;
  double lo = 0, hi = 0;
  for (double t = start; t <= start + active; t += 0.01) {
    const double d = lifter.displacement_ml(t);
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  // Reaches its calibrated extremes (the 1 s fade-in only touches the first rep).
  EXPECT_NEAR(hi, peak_ml, 0.01 * peak_ml);
  EXPECT_NEAR(lo, valley_ml, 0.01 * -valley_ml);
  // After the set (and its 1 s fade-out) the muscle pushes nothing.
  for (double t = start + active + 1.0 + 1e-6; t < start + active + 60; t += 0.5) {
    ASSERT_EQ(lifter.displacement_ml(t), 0.0) << t;
  }
  // And the fade-out is gradual, not a step back to 0.
  double worst_step = 0;
  for (double t = start + active - 0.5; t < start + active + 1.5; t += 0.001) {
    worst_step = std::max(worst_step,
                          std::fabs(lifter.displacement_ml(t + 0.001) - lifter.displacement_ml(t)));
  }
  EXPECT_LT(worst_step, 0.01 * (peak_ml - valley_ml));
}

// The largest change of the muscle volume from one millisecond to the next
// over [from, to).
double worst_millisecond_step(const Lifter& lifter, double from, double to) {
  double worst = 0;
  for (double t = from; t < to; t += 0.001) {
    worst =
        std::max(worst, std::fabs(lifter.displacement_ml(t + 0.001) - lifter.displacement_ml(t)));
  }
  return worst;
}

TEST(Lifter, ANewSetStartedWhileTheLastStillFadesCarriesItsVolume) {
  const LifterParams p;
  Lifter lifter(p);
  lifter.calibrate(180, 0.5);
  const double swing = (p.peak_share_of_lop + p.valley_share_of_lop) * 180 / 0.5;
  // A 3-rep set, then a 2-rep set 0.3 s into the first one's fade-out,
  // while the relaxed muscle still sits below rest. The next set's planned
  // reps must not change the volume the last one had at that instant.
  lifter.start_set(0, 0, 3);
  const double next = 3 * p.rep_period_s + 0.3;
  const double before = lifter.displacement_ml(next);
  ASSERT_LT(before, -0.1 * swing);  // still well away from rest
  lifter.start_set(next, 1, 2);
  EXPECT_NEAR(lifter.displacement_ml(next), before, 1e-9);
  EXPECT_LT(worst_millisecond_step(lifter, next, next + 2), 0.01 * swing);
}

TEST(Lifter, StoppedMidRepTheMuscleComesBackGraduallyAndCountsNoMore) {
  const LifterParams p;
  Lifter lifter(p);
  lifter.calibrate(180, 0.5);
  const double swing = (p.peak_share_of_lop + p.valley_share_of_lop) * 180 / 0.5;
  lifter.start_set(0, 0, 30);
  // At the top of the third rep.
  const double stop_at = 2.5 * p.rep_period_s;
  ASSERT_GT(lifter.displacement_ml(stop_at),
            0.5 * swing * p.peak_share_of_lop / (p.peak_share_of_lop + p.valley_share_of_lop));
  lifter.stop(stop_at);
  EXPECT_EQ(lifter.reps_done(stop_at + 100), 2);
  EXPECT_LT(worst_millisecond_step(lifter, stop_at - 0.5, stop_at + 2), 0.01 * swing);
  for (double t = stop_at + 1.0 + 1e-6; t < stop_at + 30; t += 0.5) {
    ASSERT_EQ(lifter.displacement_ml(t), 0.0) << t;
  }
  // A later set starts afresh.
  lifter.start_set(stop_at + 30, 1, 15);
  EXPECT_EQ(lifter.reps_done(stop_at + 30 + 1.5 * p.rep_period_s), 1);
}

TEST(Lifter, DrawnLiftersAreSeededAndPlausible) {
  Rng a(5), b(5);
  for (int i = 0; i < 50; ++i) {
    const LifterParams pa = draw_lifter(a);
    const LifterParams pb = draw_lifter(b);
    EXPECT_EQ(pa.first_set_capacity, pb.first_set_capacity);
    EXPECT_EQ(pa.rep_period_s, pb.rep_period_s);
    EXPECT_GE(pa.first_set_capacity, 22);
    EXPECT_LE(pa.first_set_capacity, 40);
    EXPECT_GE(pa.rep_period_s, 3.0);
    EXPECT_LE(pa.rep_period_s, 5.0);
  }
}

}  // namespace
}  // namespace bfr::sim

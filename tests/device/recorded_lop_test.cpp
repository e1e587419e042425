// The recorded-sweep LOP detector on simulated sweeps, where the true LOP is
// known: deflating and inflating, arm and thigh, with and without motion.

#include "core/recorded_lop_analysis.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "sim/oscillometry.hpp"
#include "sim/person.hpp"

namespace bfr {
namespace {

struct Case {
  const char* name;
  sim::Segment segment;
  double width_cm;
  bool deflating;
};

core::RecordedLopResult analyse(const std::vector<sim::SensorSample>& samples, double rate_hz) {
  core::RecordedLopAnalysis analysis(core::Frequency::hz(static_cast<float>(rate_hz)));
  for (const auto& s : samples) {
    analysis.add(core::TimePoint::from_us(static_cast<std::int64_t>(s.time_s * 1e6)),
                 core::Pressure::mmhg(static_cast<float>(s.mmhg)));
  }
  return analysis.finish();
}

class RecordedSweep : public ::testing::TestWithParam<Case> {};

TEST_P(RecordedSweep, FindsTheTrueLop) {
  const Case c = GetParam();
  const auto config = sim::plant_for(sim::demo_person(), {c.segment, c.width_cm},
                                     sim::mpx5050_profile(100), 3, sim::Posture::kSupine);
  const double lop = sim::Limb(config.limb, config.heart, 1).true_lop_mmhg();
  // A sweep from well below the envelope peak to 60 mmHg past occlusion, at
  // the 100 Hz a cuff controller samples at.
  const sim::SweepSpec sweep =
      c.deflating ? sim::SweepSpec{lop + 60, 30, 3} : sim::SweepSpec{30, lop + 60, 3};
  const auto r = analyse(sim::record_sweep(config, sweep), 100);
  ASSERT_TRUE(r.ok) << core::to_string(r.failure);
  std::printf("[ figures  ] %s: estimate %.1f, true %.1f, fixed-ratio %.1f, HR %.0f\n", c.name,
              r.estimate.occlusion.mmhg(), lop, r.estimate.fixed_ratio.mmhg(),
              r.heart_rate.hz() * 60.0f);
  // One person, one sweep: the population figures are the benchmark's job;
  // here the estimate must be near the truth, and nearer than the classic
  // rule on the same envelope.
  EXPECT_NEAR(r.estimate.occlusion.mmhg(), lop, 8.0);
  EXPECT_LT(std::abs(r.estimate.occlusion.mmhg() - lop),
            std::abs(r.estimate.fixed_ratio.mmhg() - lop));
  EXPECT_NEAR(r.heart_rate.hz() * 60.0f, sim::demo_person().heart_rate_bpm, 4.0);
}

INSTANTIATE_TEST_SUITE_P(
    Limbs, RecordedSweep,
    ::testing::Values(Case{"arm_13cm_deflating", sim::Segment::kUpperArm, 13.0, true},
                      Case{"arm_13cm_inflating", sim::Segment::kUpperArm, 13.0, false},
                      Case{"thigh_11_5cm_deflating", sim::Segment::kThigh, 11.5, true},
                      Case{"thigh_11_5cm_inflating", sim::Segment::kThigh, 11.5, false}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      return std::string(param_info.param.name);
    });

TEST(RecordedSweepFailures, StoppingShortOfOcclusionGivesNoValue) {
  const auto config = sim::plant_for(sim::demo_person(), {sim::Segment::kUpperArm, 13.0},
                                     sim::mpx5050_profile(200), 3, sim::Posture::kSupine);
  const double lop = sim::Limb(config.limb, config.heart, 1).true_lop_mmhg();
  const auto r = analyse(sim::record_sweep(config, {30, lop - 25, 3}), 200);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failure, core::LopFailure::kNotAboveOcclusion);
}

TEST(RecordedSweepFailures, AnEmptyCuffHasNoPulse) {
  core::RecordedLopAnalysis analysis(core::Frequency::hz(100));
  for (int i = 0; i < 3000; ++i) {
    analysis.add(core::TimePoint::from_us(i * 10000), core::Pressure::mmhg(0.5f));
  }
  const auto r = analysis.finish();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failure, core::LopFailure::kNoPulse);
}

}  // namespace
}  // namespace bfr

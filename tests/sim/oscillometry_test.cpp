// The oscillometric envelope of the simulated arm: grows, peaks and shrinks
// as published, and does not vanish above occlusion (Babbs 2012).

#include "sim/oscillometry.hpp"

#include <gtest/gtest.h>

#include "sim/person.hpp"

namespace bfr::sim {
namespace {

PlantConfig arm(double width_cm = 13.0) {
  return plant_for(demo_person(), {Segment::kUpperArm, width_cm}, mpx5050_profile(200), 4,
                   Posture::kSupine);
}

TEST(Oscillometry, EnvelopeRisesPeaksAndFalls) {
  const PlantConfig config = arm();
  const double lop = Limb(config.limb, config.heart, 1).true_lop_mmhg();
  const auto beats = run_sweep(config, {lop + 40, 30, 3});
  ASSERT_GT(beats.size(), 40u);  // ~50 s of deflation at 64 bpm
  const EnvelopeShape shape = envelope_shape(beats);
  ASSERT_TRUE(shape.valid);
  // The peak sits between diastolic and systolic transmitted pressure
  // (near 0.45 SBP + 0.55 DBP by Chandrasekhar 2019), not at either end.
  EXPECT_GT(shape.peak_cuff_mmhg, 40.0);
  EXPECT_LT(shape.peak_cuff_mmhg, lop - 10);
  // Smaller far above and far below the peak.
  EXPECT_LT(amplitude_at(beats, lop + 30), 0.4 * shape.peak_amplitude_mmhg);
  EXPECT_LT(amplitude_at(beats, 35), shape.peak_amplitude_mmhg);
  // The 30 % envelope is wider than the 50 % one.
  EXPECT_GT(shape.width_30_mmhg, shape.width_50_mmhg);
}

TEST(Oscillometry, OscillationsPersistAboveOcclusion) {
  const PlantConfig config = arm();
  const Limb limb(config.limb, config.heart, 1);
  const double lop = limb.true_lop_mmhg();
  const auto beats = run_sweep(config, {lop + 50, 30, 3});
  const EnvelopeShape shape = envelope_shape(beats);
  ASSERT_TRUE(shape.valid);
  // At and above the true LOP the cuff still sees a pulse: a detector that
  // waits for the pulse to vanish would overshoot LOP by a long way.
  const double at_lop = amplitude_at(beats, lop);
  const double above = amplitude_at(beats, lop + 20 / limb.transmission());
  EXPECT_GT(at_lop, 0.1 * shape.peak_amplitude_mmhg);
  EXPECT_GT(above, 0.03 * shape.peak_amplitude_mmhg);
  EXPECT_LT(above, at_lop);
}

TEST(Oscillometry, ASmallerCuffVolumeGivesBiggerOscillations) {
  // Babbs: peak oscillation scales about as 1 / cuff volume.
  PlantConfig big = arm();
  PlantConfig small = arm();
  small.pneumatics.wrap_volume_ml *= 0.5;
  small.pneumatics.wrap_compliance_ml_per_mmhg *= 0.5;
  const double lop = Limb(big.limb, big.heart, 1).true_lop_mmhg();
  const double peak_big = envelope_shape(run_sweep(big, {lop + 30, 30, 3})).peak_amplitude_mmhg;
  const double peak_small = envelope_shape(run_sweep(small, {lop + 30, 30, 3})).peak_amplitude_mmhg;
  EXPECT_GT(peak_small, 1.5 * peak_big);
}

TEST(Oscillometry, InflatingSweepSeesTheSameEnvelope) {
  const PlantConfig config = arm();
  const double lop = Limb(config.limb, config.heart, 1).true_lop_mmhg();
  const EnvelopeShape down = envelope_shape(run_sweep(config, {lop + 40, 30, 3}));
  const EnvelopeShape up = envelope_shape(run_sweep(config, {30, lop + 40, 3}));
  ASSERT_TRUE(down.valid);
  ASSERT_TRUE(up.valid);
  EXPECT_NEAR(up.peak_cuff_mmhg, down.peak_cuff_mmhg, 15.0);
  EXPECT_NEAR(up.peak_amplitude_mmhg, down.peak_amplitude_mmhg, 0.35 * down.peak_amplitude_mmhg);
}

}  // namespace
}  // namespace bfr::sim

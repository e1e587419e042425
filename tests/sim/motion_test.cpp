// Motion artefacts: the sinc impulse of the textbook model and tremor, and
// what they do to the cuff pressure.

#include "sim/motion.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "sim/person.hpp"
#include "sim/plant.hpp"

namespace bfr::sim {
namespace {

TEST(Motion, ImpulsePeaksMidWindowAndIsZeroOutside) {
  const MotionArtefact a{10.0, 3.0, 5.0, MotionShape::kImpulse, 8.0};
  EXPECT_EQ(motion_pressure_mmhg(a, 9.99), 0.0);
  EXPECT_EQ(motion_pressure_mmhg(a, 13.01), 0.0);
  EXPECT_NEAR(motion_pressure_mmhg(a, 11.5), 5.0, 1e-9);
  double peak = 0;
  for (double t = 10; t <= 13; t += 0.001)
    peak = std::max(peak, std::abs(motion_pressure_mmhg(a, t)));
  EXPECT_NEAR(peak, 5.0, 1e-6);
  // Near zero at both ends of the window (the sinc's third zero).
  EXPECT_LT(std::abs(motion_pressure_mmhg(a, 10.0)), 0.01);
  EXPECT_LT(std::abs(motion_pressure_mmhg(a, 13.0)), 0.01);
}

TEST(Motion, TremorOscillatesAtItsFrequency) {
  const MotionArtefact a{0.0, 2.0, 0.5, MotionShape::kTremor, 8.0};
  int crossings = 0;
  double last = motion_pressure_mmhg(a, 0.0005);
  for (double t = 0.001; t < 2.0; t += 0.001) {
    const double v = motion_pressure_mmhg(a, t);
    crossings += (v > 0) != (last > 0);
    last = v;
  }
  EXPECT_NEAR(crossings, 32, 1);  // two per cycle, 16 cycles
}

TEST(Motion, TrackAddsOverlappingArtefacts) {
  MotionTrack track;
  track.add({0.0, 3.0, 5.0, MotionShape::kImpulse, 8.0});
  track.add({0.0, 3.0, 2.0, MotionShape::kImpulse, 8.0});
  EXPECT_NEAR(track.pressure_mmhg(1.5), 7.0, 1e-9);
  EXPECT_TRUE(track.active(2.0));
  EXPECT_FALSE(track.active(3.5));
}

TEST(Motion, ShowsInTheCuffPressureAtAboutItsAmplitude) {
  // Twin plants with the same seed: the only difference is the jolt.
  const PlantConfig config =
      plant_for(demo_person(), {Segment::kThigh, 11.5}, mpx5050_profile(100), 2);
  Plant calm(config);
  Plant jolted(config);
  for (Plant* plant : {&calm, &jolted}) {
    plant->command({1.0, 0, false});
    plant->advance(2.5);
    plant->command({0, 0, false});
    plant->advance(2.0);
  }
  jolted.add_motion({jolted.time_s() + 0.5, 3.0, 5.0, MotionShape::kImpulse, 8.0});
  double peak = 0, outside = 0;
  for (int i = 0; i < 5000; ++i) {
    calm.advance(0.001);
    jolted.advance(0.001);
    const double d = jolted.true_cuff_mmhg() - calm.true_cuff_mmhg();
    if (i < 500 || i > 3500) outside = std::max(outside, std::abs(d));
    peak = std::max(peak, d);
  }
  // The artefact arrives at about its amplitude (the cuff's stiffness moves
  // a little as the pressure changes) and nowhere else.
  EXPECT_NEAR(peak, 5.0, 0.5);
  EXPECT_LT(outside, 0.05);
}

}  // namespace
}  // namespace bfr::sim

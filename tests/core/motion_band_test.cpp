// The band below the heart rate that the live LOP measurement watches for
// motion: a ramp that changes speed the way the measurement's does, with a
// pulse riding on it, stays under the measurement's threshold; the textbook
// motion impulse (bfr-facts section 4: a sinc of about 5 mmHg over about
// 3 s) stands well over it.

#include "core/motion_band.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "core/lop_measurement.hpp"

namespace bfr::core {
namespace {

constexpr double kPi = std::numbers::pi;

// A pulse wave of the given peak-to-trough size: a quick upstroke and a slow
// decay, as the cuff sees an arterial pulse (mean zero over a beat).
double pulse(double t, double bpm, double size) {
  const double phase = std::fmod(t * bpm / 60.0, 1.0);
  const double shape =
      phase < 0.15 ? std::sin(0.5 * kPi * phase / 0.15) : std::exp(-(phase - 0.15) / 0.3);
  return size * (shape - 0.36);
}

// The measurement's ramp: 15 mmHg/s from rest, down to 5 mmHg/s at 10 s,
// reversed to -5 mmHg/s at 20 s, every change slewed at 8 mmHg/s^2 as the
// ramp drive does.
struct Ramp {
  double rate = 0;
  double pressure = 40;
  void step(double t, double dt) {
    const double target = t < 10 ? 15 : t < 20 ? 5 : -5;
    const double max_change = 8 * dt;
    rate += std::clamp(target - rate, -max_change, max_change);
    pressure += rate * dt;
  }
};

// The textbook impulse: a sinc spanning +-3 lobes over its duration.
double impulse(double t, double start, double duration, double amplitude) {
  const double local = t - start;
  if (local < 0 || local > duration) return 0;
  const double x = 6 * (local / duration - 0.5);
  return std::abs(x) < 1e-9 ? amplitude : amplitude * std::sin(kPi * x) / (kPi * x);
}

struct Swing {
  double largest = 0;  // |band| after the measurement starts listening
  double at_s = 0;
  double first_over_s = -1;  // first time over the measurement's threshold
};

Swing run(double sample_hz, double bpm, double pulse_size, double impulse_at_s) {
  const Frequency rate = Frequency::hz(static_cast<float>(sample_hz));
  MotionBand band(rate);
  Ramp ramp;
  band.start(Pressure::mmhg(static_cast<float>(ramp.pressure)));
  const double dt = 1.0 / sample_hz;
  const double listen_from = LopConfig{}.motion_band_after.seconds();
  const double threshold = LopConfig{}.motion_band_threshold.mmhg();
  Swing swing;
  for (double t = 0; t < 30; t += dt) {
    ramp.step(t, dt);
    const double cuff =
        ramp.pressure + pulse(t, bpm, pulse_size) + impulse(t, impulse_at_s, 3.0, 5.0);
    const double y = std::abs(band.step(Pressure::mmhg(static_cast<float>(cuff))).mmhg());
    if (t < listen_from) continue;
    if (y > swing.largest) {
      swing.largest = y;
      swing.at_s = t;
    }
    if (y > threshold && swing.first_over_s < 0) swing.first_over_s = t;
  }
  return swing;
}

TEST(MotionBand, AStillCuffIsSilentWhereverItStands) {
  MotionBand band(Frequency::hz(100.0f));
  band.start(Pressure::mmhg(250.0f));
  float largest = 0;
  for (int i = 0; i < 1000; ++i) {
    largest = std::max(largest, std::abs(band.step(Pressure::mmhg(250.0f)).mmhg()));
  }
  EXPECT_LT(largest, 1e-4f);
}

TEST(MotionBand, TheRampsOwnBendsAndAStrongPulseStayUnderTheThreshold) {
  // The margin is not wide (on the bench's limbs the band's largest swing
  // outside motion reached 1.07 mmHg in 99 runs of 100, docs/LOP.md), so
  // this pins it: a change to the band or the threshold that lets the
  // pulse through fails here.
  const double threshold = LopConfig{}.motion_band_threshold.mmhg();
  // A 5 mmHg pulse is as large as the bench's limbs show; the slowest heart
  // lets the most of it through the band's upper edge.
  for (const double hz : {40.0, 100.0}) {
    for (const double bpm : {50.0, 70.0, 110.0}) {
      const Swing s = run(hz, bpm, 5.0, -100);
      EXPECT_LT(s.largest, threshold) << hz << " Hz, " << bpm << " bpm, at " << s.at_s;
      std::printf("[ figures  ] %3.0f Hz, %3.0f bpm: largest swing %.2f mmHg\n", hz, bpm,
                  s.largest);
    }
  }
}

TEST(MotionBand, TheTextbookImpulseStandsWellOverTheThreshold) {
  const double threshold = LopConfig{}.motion_band_threshold.mmhg();
  for (const double hz : {40.0, 100.0}) {
    for (const double at : {6.0, 14.0, 19.0}) {  // on the fast ramp, the slow one, at the turn
      const Swing s = run(hz, 70.0, 3.0, at);
      EXPECT_GT(s.largest, 1.2 * threshold) << hz << " Hz, impulse at " << at << " s";
      // Heard soon enough that the beats the measurement throws away, from
      // 1.5 s before it hears the jolt, reach back past the main lobe's rise
      // to half its height (the sinc is at half height 0.3 s before its
      // centre, which is 1.5 s into the impulse).
      EXPECT_GT(s.first_over_s, at) << hz << " Hz, impulse at " << at << " s";
      EXPECT_LT(s.first_over_s - 1.5, at + 1.5 - 0.3) << hz << " Hz, impulse at " << at << " s";
      std::printf(
          "[ figures  ] %3.0f Hz, impulse at %4.1f s: over the threshold at %.2f s, largest "
          "swing %.2f mmHg at %.2f s\n",
          hz, at, s.first_over_s, s.largest, s.at_s);
    }
  }
}

}  // namespace
}  // namespace bfr::core

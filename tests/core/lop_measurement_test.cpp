// LOP measurement on synthetic cuff signals generated here: a cuff pressure
// ramp carrying arterial oscillations whose amplitude follows an envelope
// that rises, peaks and falls with cuff pressure.

#include "core/lop_measurement.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace bfr::core {
namespace {

constexpr float kRateHz = 100.0f;
constexpr double kTwoPi = 2.0 * std::numbers::pi;

// Oscillation envelope: a Gaussian in cuff pressure over a residual floor.
// The floor keeps pulses above occlusion (bfr-facts section 4: oscillations
// do not vanish above systolic pressure).
struct Envelope {
  double peak_p2p = 3.0;  // mmHg, Liu 2014 inflating: 3.7 +- 0.9
  double centre = 120.0;  // cuff pressure of the maximum
  double sigma = 22.0;    // width at 50 % = 2.355 sigma = 52 mmHg (Liu: 45 +- 9)
  double floor_share = 0.1;
  bool constant = false;  // a flat envelope that never falls

  double p2p(double cuff) const {
    if (constant) return peak_p2p;
    const double g = std::exp(-0.5 * std::pow((cuff - centre) / sigma, 2));
    return peak_p2p * (floor_share + (1 - floor_share) * g);
  }
  // Cuff pressure on the falling side where the envelope is `ratio` x peak.
  double falling_crossing(double ratio) const {
    const double g = (ratio - floor_share) / (1 - floor_share);
    return centre + sigma * std::sqrt(-2 * std::log(g));
  }
};

// The cuff as the measurement sees it: a fill to `start`, then the ramp
// (open loop: the test decides the pressure, whatever the actuators say).
struct Scenario {
  Envelope envelope{};
  double heart_bpm = 72;
  double fill_rate = 40;   // mmHg/s up to the ramp start
  double ramp_rate = 6;    // mmHg/s, the default LopConfig ramp
  double ramp_start = 30;  // LopConfig::start
  double stuck_at = -1;    // > 0: the cuff never rises above this (leak)
  bool pulses = true;

  double baseline(double t) const {
    const double fill_time = ramp_start / fill_rate;
    double p = t < fill_time ? fill_rate * t : ramp_start + ramp_rate * (t - fill_time);
    if (stuck_at > 0) p = std::min(p, stuck_at);
    return p;
  }
  double reading(double t) const {
    const double p = baseline(t);
    if (!pulses) return p;
    return p + 0.5 * envelope.p2p(p) * std::sin(kTwoPi * heart_bpm / 60.0 * t);
  }
};

TimePoint at_sample(int i) {
  return TimePoint::from_us(static_cast<std::int64_t>(i) * 10'000);
}

struct Outcome {
  LopState state = LopState::kRunning;
  LopFailure failure = LopFailure::kNone;
  LopResult result{};
  double end_s = 0;
  int pump_requests_at_or_above_cap = 0;
  double max_cuff = 0;
};

Outcome run(const Scenario& s, LopConfig config = {}, double max_s = 120) {
  LopMeasurement lop(Frequency::hz(kRateHz), config);
  lop.start(at_sample(0), Pressure::mmhg(0.0f));
  Outcome out;
  const int n = static_cast<int>(max_s * kRateHz);
  for (int i = 1; i < n && lop.state() == LopState::kRunning; ++i) {
    const double t = i / static_cast<double>(kRateHz);
    const Readings in{Pressure::mmhg(static_cast<float>(s.reading(t))), true};
    const Actuators a = lop.step(at_sample(i), in);
    out.max_cuff = std::max(out.max_cuff, static_cast<double>(in.cuff.mmhg()));
    if (in.cuff >= lop.config().cap && a.pump_duty.value() > 0) ++out.pump_requests_at_or_above_cap;
    out.end_s = t;
  }
  out.state = lop.state();
  out.failure = lop.failure();
  out.result = lop.result();
  return out;
}

TEST(LopMeasurement, FindsTheFallingCrossingOfTheEnvelope) {
  const Scenario s;
  const Outcome o = run(s);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  const double expected = s.envelope.falling_crossing(0.59);
  // Beats come 1/1.2 s apart, 5 mmHg apart on a 6 mmHg/s ramp; the baseline
  // filter lags the ramp by ~4.5 mmHg. 5 mmHg (one beat spacing) is the
  // resolution a beat-by-beat envelope can claim.
  EXPECT_NEAR(o.result.lop.mmhg(), expected, 5.0)
      << "true crossing of 0.59 x peak at " << expected << " mmHg";
  EXPECT_NEAR(o.result.heart_rate.per_minute(), s.heart_bpm, 2.0);
  EXPECT_GT(o.result.beats_used, 10);
  EXPECT_EQ(o.result.artefacts, 0);
  EXPECT_GT(o.result.quality.value(), 0.5f);  // clean, regular synthetic beats
  std::printf("[ figures  ] synthetic LOP %.1f mmHg vs crossing %.1f mmHg (error %+.1f)\n",
              static_cast<double>(o.result.lop.mmhg()), expected,
              static_cast<double>(o.result.lop.mmhg()) - expected);
}

class EnvelopePosition : public ::testing::TestWithParam<double> {};

TEST_P(EnvelopePosition, FollowsTheEnvelopeWhereverItIs) {
  // The answer must move with the envelope: a measurement that returned a
  // constant would fail here.
  Scenario s;
  s.envelope.centre = GetParam();
  const Outcome o = run(s);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  EXPECT_NEAR(o.result.lop.mmhg(), s.envelope.falling_crossing(0.59), 5.0);
}

INSTANTIATE_TEST_SUITE_P(Centres, EnvelopePosition, ::testing::Values(80.0, 140.0, 190.0));

TEST(LopMeasurement, UsesTheConfiguredStopRatio) {
  Scenario s;
  LopConfig config;
  config.stop_ratio = Fraction(0.44f);  // the low end of Liu 2014's AAMI ratios
  const Outcome o = run(s, config);
  ASSERT_EQ(o.state, LopState::kSucceeded);
  EXPECT_NEAR(o.result.lop.mmhg(), s.envelope.falling_crossing(0.44), 5.0);
}

TEST(LopMeasurement, FindsTheCrossingInClosedLoop) {
  // The same envelope, but the cuff now moves only when the measurement
  // pumps: an ideal pump that adds 40 mmHg/s at full duty and a closed vent.
  const Scenario s;
  LopMeasurement lop(Frequency::hz(kRateHz));
  lop.start(at_sample(0), Pressure{});
  double cuff = 0;
  for (int i = 1; i < 12000 && lop.state() == LopState::kRunning; ++i) {
    const double t = i / static_cast<double>(kRateHz);
    const double reading =
        cuff + 0.5 * s.envelope.p2p(cuff) * std::sin(kTwoPi * s.heart_bpm / 60.0 * t);
    const Actuators a = lop.step(at_sample(i), {Pressure::mmhg(static_cast<float>(reading)), true});
    if (a.vent_open) break;
    cuff += 40.0 * a.pump_duty.value() / kRateHz;
  }
  ASSERT_EQ(lop.state(), LopState::kSucceeded) << to_string(lop.failure());
  EXPECT_NEAR(lop.result().lop.mmhg(), s.envelope.falling_crossing(0.59), 5.0);
}

TEST(LopMeasurement, ProgressRunsFromZeroToOne) {
  const Scenario s;
  LopMeasurement lop(Frequency::hz(kRateHz));
  EXPECT_EQ(lop.progress(at_sample(0)).value(), 0.0f);  // idle
  lop.start(at_sample(0), Pressure{});
  float last = 0;
  for (int i = 1; i < 12000 && lop.state() == LopState::kRunning; ++i) {
    lop.step(at_sample(i), {Pressure::mmhg(static_cast<float>(s.reading(i / 100.0))), true});
    const float p = lop.progress(at_sample(i)).value();
    ASSERT_GE(p, last);
    ASSERT_LE(p, 1.0f);
    last = p;
  }
  ASSERT_EQ(lop.state(), LopState::kSucceeded);
  EXPECT_GT(last, 0.3f);  // (crossing ~143 - start 30) / (cap 300 - 30) = 0.42
  EXPECT_EQ(lop.progress(at_sample(12000)).value(), 1.0f);
}

TEST(LopMeasurement, TimeoutGivesTimeout) {
  Scenario s;
  s.envelope.constant = true;  // the envelope never falls
  LopConfig config;
  config.max_duration = Duration::from_seconds(20.0f);  // before the 300 cap is near
  const Outcome o = run(s, config);
  EXPECT_EQ(o.state, LopState::kFailed);
  EXPECT_EQ(o.failure, LopFailure::kTimeout);
  EXPECT_NEAR(o.end_s, 20.0, 0.05);
}

TEST(LopMeasurement, CapReachedGivesCapReachedWithoutPumpingAtTheCap) {
  Scenario s;
  s.envelope.constant = true;
  LopConfig config;
  config.cap = Pressure::mmhg(200.0f);
  const Outcome o = run(s, config);
  EXPECT_EQ(o.state, LopState::kFailed);
  EXPECT_EQ(o.failure, LopFailure::kCapReached);
  EXPECT_EQ(o.pump_requests_at_or_above_cap, 0);
  // It stopped at the first reading within 3 mmHg of the cap (the margin
  // for sensor lag and pump coast): below the cap, with the oscillation.
  EXPECT_LT(o.max_cuff, 200.0 - 3.0 + 0.06 + 0.5 * s.envelope.peak_p2p + 0.1);
}

TEST(LopMeasurement, NeverPumpsAtOrAboveTheCap) {
  // Readings straight at or above the cap, at every stage: before the ramp
  // started, during it, and after a failure.
  for (float first : {300.0f, 301.0f, 350.0f}) {
    LopMeasurement lop(Frequency::hz(kRateHz));
    lop.start(at_sample(0), Pressure{});
    const Actuators a = lop.step(at_sample(1), {Pressure::mmhg(first), true});
    EXPECT_EQ(a.pump_duty.value(), 0.0f) << first;
    EXPECT_TRUE(a.vent_open) << first;
    EXPECT_EQ(lop.failure(), LopFailure::kCapReached);
    // And it stays that way.
    EXPECT_EQ(lop.step(at_sample(2), {Pressure::mmhg(first), true}).pump_duty.value(), 0.0f);
  }
}

TEST(LopMeasurement, CapIsNeverAbove300) {
  LopConfig config;
  config.cap = Pressure::mmhg(450.0f);
  const LopMeasurement lop(Frequency::hz(kRateHz), config);
  EXPECT_EQ(lop.config().cap, Pressure::mmhg(300.0f));
}

TEST(LopMeasurement, NoPulseGivesNoPulse) {
  Scenario s;
  s.pulses = false;
  const Outcome o = run(s);
  EXPECT_EQ(o.state, LopState::kFailed);
  EXPECT_EQ(o.failure, LopFailure::kNoPulse);
  // 8 s of ramp without a beat (plus the 0.75 s fill).
  EXPECT_NEAR(o.end_s, 0.75 + 8.0, 0.1);
}

TEST(LopMeasurement, LeakGivesLeak) {
  Scenario s;
  s.stuck_at = 45;  // the pump cannot get past 45 mmHg
  const Outcome o = run(s);
  EXPECT_EQ(o.state, LopState::kFailed);
  EXPECT_EQ(o.failure, LopFailure::kLeak);
  // Lagging 25 mmHg behind a 6 mmHg/s ramp from 30 mmHg stuck at 45:
  // 30 + 6 t - 45 > 25 after t = 6.7 s of ramp.
  EXPECT_NEAR(o.end_s, 0.75 + 40.0 / 6.0, 0.2);
}

// Motion bumps on top of the pulses: `height` mmHg half-sines of `width` s,
// every `every` s from 5 s on (bfr-facts section 4: motion artefacts are
// impulses of about 5 mmHg).
struct Motion {
  double every = 4.0;
  double height = 5.0;
  double width = 0.2;
  double at(double t) const {
    const double phase = std::fmod(t, every);
    return t > 5.0 && phase < width ? height * std::sin(std::numbers::pi * phase / width) : 0.0;
  }
};

Outcome run_with_motion(const Scenario& s, const Motion& m) {
  LopMeasurement lop(Frequency::hz(kRateHz));
  lop.start(at_sample(0), Pressure{});
  Outcome out;
  for (int i = 1; i < 12000 && lop.state() == LopState::kRunning; ++i) {
    const double t = i / static_cast<double>(kRateHz);
    lop.step(at_sample(i), {Pressure::mmhg(static_cast<float>(s.reading(t) + m.at(t))), true});
    out.end_s = t;
  }
  out.state = lop.state();
  out.failure = lop.failure();
  out.result = lop.result();
  return out;
}

TEST(LopMeasurement, RepeatedMotionGivesMotion) {
  // 5 mmHg bumps every 4 s over the standard envelope (3 mmHg p2p peak):
  // more than the allowed 6 artefacts before the envelope is done.
  const Outcome o = run_with_motion(Scenario{}, Motion{});
  EXPECT_EQ(o.state, LopState::kFailed);
  EXPECT_EQ(o.failure, LopFailure::kMotion)
      << to_string(o.failure) << " lop " << o.result.lop.mmhg() << " artefacts "
      << o.result.artefacts << " q " << o.result.quality.value();
}

TEST(LopMeasurement, SmallPeriodicArtefactsOnAFlatEnvelopeGiveNoLop) {
  // Pulses that never fade (the cuff cannot occlude in range) with bumps
  // about twice the pulse size every 3 s: there is no occlusion to find, so
  // the measurement may fail in any way but must not return a value.
  Scenario s;
  s.envelope.constant = true;
  s.envelope.peak_p2p = 1.5;
  for (double height : {2.5, 3.0}) {
    const Outcome o = run_with_motion(s, Motion{3.0, height, 0.2});
    EXPECT_NE(o.state, LopState::kSucceeded)
        << "bumps of " << height << " mmHg: LOP " << o.result.lop.mmhg() << " mmHg, quality "
        << o.result.quality.value() << ", after " << o.end_s << " s";
  }
}

TEST(LopMeasurement, AbortAndSensorFaultStopAndVent) {
  const Scenario s;
  {
    LopMeasurement lop(Frequency::hz(kRateHz));
    lop.start(at_sample(0), Pressure{});
    for (int i = 1; i < 500; ++i) {
      lop.step(at_sample(i), {Pressure::mmhg(static_cast<float>(s.reading(i / 100.0))), true});
    }
    ASSERT_EQ(lop.state(), LopState::kRunning);
    lop.abort();
    EXPECT_EQ(lop.failure(), LopFailure::kStopped);
    const Actuators a = lop.step(at_sample(500), {Pressure::mmhg(60.0f), true});
    EXPECT_TRUE(a.vent_open);
    EXPECT_EQ(a.pump_duty.value(), 0.0f);
  }
  {
    LopMeasurement lop(Frequency::hz(kRateHz));
    lop.start(at_sample(0), Pressure{});
    const Actuators a = lop.step(at_sample(1), {Pressure::mmhg(10.0f), false});
    EXPECT_EQ(lop.state(), LopState::kFailed);
    EXPECT_TRUE(a.vent_open);
  }
}

TEST(LopMeasurement, RestartAfterAFailureStartsClean) {
  Scenario bad;
  bad.pulses = false;
  LopMeasurement lop(Frequency::hz(kRateHz));
  lop.start(at_sample(0), Pressure{});
  int i = 1;
  for (; i < 3000 && lop.state() == LopState::kRunning; ++i) {
    lop.step(at_sample(i), {Pressure::mmhg(static_cast<float>(bad.baseline(i / 100.0))), true});
  }
  ASSERT_EQ(lop.failure(), LopFailure::kNoPulse);
  // Second attempt on a good signal, with its own time origin.
  const Scenario good;
  const int t0 = i;
  lop.start(at_sample(t0), Pressure{});
  EXPECT_EQ(lop.state(), LopState::kRunning);
  EXPECT_EQ(lop.failure(), LopFailure::kNone);
  for (int k = 1; k < 12000 && lop.state() == LopState::kRunning; ++k) {
    lop.step(at_sample(t0 + k),
             {Pressure::mmhg(static_cast<float>(good.reading(k / 100.0))), true});
  }
  ASSERT_EQ(lop.state(), LopState::kSucceeded);
  EXPECT_NEAR(lop.result().lop.mmhg(), good.envelope.falling_crossing(0.59), 5.0);
}

}  // namespace
}  // namespace bfr::core

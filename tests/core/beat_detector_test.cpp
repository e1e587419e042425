// Beat detection on synthetic oscillation signals.

#include "core/beat_detector.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "core/biquad.hpp"

namespace bfr::core {
namespace {

constexpr float kRateHz = 100.0f;  // the controller's default sample rate
constexpr double kTwoPi = 2.0 * std::numbers::pi;

// The arterial pulse shape of Babbs 2012 (bfr-facts section 4) without its
// mean: sin wt + 0.5 sin 2wt + 0.25 sin 3wt, scaled by `scale`.
float babbs_pulse(double t_s, double bpm, double scale) {
  const double w = kTwoPi * bpm / 60.0 * t_s;
  return static_cast<float>(scale * (std::sin(w) + 0.5 * std::sin(2 * w) + 0.25 * std::sin(3 * w)));
}

float sine_pulse(double t_s, double bpm, double amplitude) {
  return static_cast<float>(amplitude * std::sin(kTwoPi * bpm / 60.0 * t_s));
}

TimePoint at_sample(int i) {
  return TimePoint::from_us(static_cast<std::int64_t>(i) * 10'000);
}

struct Detection {
  std::vector<Beat> beats;
  float signal_p2p = 0;  // of the input itself
};

template <typename Signal>
Detection detect(float seconds, Signal signal, BeatDetectorLimits limits = {}) {
  BeatDetector detector(Frequency::hz(kRateHz), limits);
  Detection run;
  float lo = 1e9f, hi = -1e9f;
  const int n = static_cast<int>(seconds * kRateHz);
  for (int i = 0; i < n; ++i) {
    const float x = signal(static_cast<double>(i) / kRateHz);
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    Beat beat;
    if (detector.step(at_sample(i), Pressure::mmhg(x), Pressure::mmhg(150.0f), beat)) {
      run.beats.push_back(beat);
    }
  }
  run.signal_p2p = hi - lo;
  return run;
}

struct TrainCase {
  double bpm;
  bool babbs_shape;
};

std::string train_name(const ::testing::TestParamInfo<TrainCase>& param_info) {
  return std::to_string(static_cast<int>(param_info.param.bpm)) + "bpm_" +
         (param_info.param.babbs_shape ? "babbs" : "sine");
}

class PulseTrain : public ::testing::TestWithParam<TrainCase> {};

TEST_P(PulseTrain, CountIntervalAndAmplitude) {
  const TrainCase c = GetParam();
  const float seconds = 30.0f;
  const Detection run = detect(seconds, [&](double t) {
    return c.babbs_shape ? babbs_pulse(t, c.bpm, 1.0) : sine_pulse(t, c.bpm, 1.5);
  });
  const double cycles = seconds * c.bpm / 60.0;
  // The first upstroke only opens the first cycle, and the signal starts
  // mid-beat: one or two cycles are not reported, never more.
  EXPECT_GE(static_cast<double>(run.beats.size()), cycles - 2.0);
  EXPECT_LE(static_cast<double>(run.beats.size()), cycles);
  ASSERT_GE(run.beats.size(), 2u);

  const double period_s = 60.0 / c.bpm;
  for (std::size_t i = 1; i < run.beats.size(); ++i) {
    // Upstrokes are found on the sample grid: within one sample (10 ms).
    // Beats 1 to 3 are exempt: their upstrokes were found with the start-up
    // thresholds (the smallest, then at most early_hysteresis_max until
    // three beats are known), the next ones with the amplitude-adapted one,
    // which crosses later.
    if (i >= 4) {
      EXPECT_NEAR(run.beats[i].interval.seconds(), period_s, 0.0101) << "beat " << i;
    }
    // Peak-to-trough of the sampled input; sampling a 2 Hz wave at 100 Hz
    // can miss its extremes by ~1 %.
    EXPECT_NEAR(run.beats[i].amplitude.mmhg(), run.signal_p2p, 0.02f * run.signal_p2p);
    EXPECT_EQ(run.beats[i].cuff, Pressure::mmhg(150.0f));
    EXPECT_GT(run.beats[i].at, run.beats[i - 1].at);
  }
  EXPECT_EQ(run.beats[0].interval, Duration{});  // no previous beat
}

INSTANTIATE_TEST_SUITE_P(Rates, PulseTrain,
                         ::testing::Values(TrainCase{60, false}, TrainCase{120, false},
                                           TrainCase{60, true}, TrainCase{120, true},
                                           TrainCase{35, false}, TrainCase{170, false}),
                         train_name);

TEST(BeatDetector, NoiseAloneThroughTheSplitterGivesNoBeats) {
  // The detector always sits behind the PulseBandSplitter (as in
  // LopMeasurement); white noise of 0.05 mmHg SD on a steady cuff must not
  // produce beats. Several seeds so that one lucky draw cannot pass.
  for (unsigned seed = 1; seed <= 5; ++seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 0.05f);
    PulseBandSplitter splitter(Frequency::hz(kRateHz));
    splitter.settle(Pressure::mmhg(100.0f));
    BeatDetector detector(Frequency::hz(kRateHz));
    int beats = 0;
    for (int i = 0; i < static_cast<int>(120 * kRateHz); ++i) {
      const auto parts = splitter.step(Pressure::mmhg(100.0f + noise(rng)));
      Beat beat;
      if (detector.step(at_sample(i), parts.oscillation, parts.baseline, beat)) ++beats;
    }
    EXPECT_EQ(beats, 0) << "seed " << seed;
  }
}

TEST(BeatDetector, PulsesBelowTheNoiseFloorAreNotBeats) {
  // Peak-to-trough 0.18 mmHg, below the 0.2 mmHg floor, at a normal rate.
  const Detection small = detect(30.0f, [](double t) { return sine_pulse(t, 60, 0.09); });
  EXPECT_EQ(small.beats.size(), 0u);
  // Control: twice that is seen.
  const Detection visible = detect(30.0f, [](double t) { return sine_pulse(t, 60, 0.18); });
  EXPECT_GE(visible.beats.size(), 28u);
}

TEST(BeatDetector, TheLeastBeatFollowsAQuieterSensor) {
  EXPECT_FLOAT_EQ(noise_floor_for_noise(Pressure::mmhg(0.4f)).mmhg(), 0.2f);  // the default
  EXPECT_FLOAT_EQ(noise_floor_for_noise(Pressure::mmhg(0.1f)).mmhg(), 0.05f);
  EXPECT_FLOAT_EQ(noise_floor_for_noise(Pressure::mmhg(1.0f)).mmhg(), 0.2f);   // never above
  EXPECT_FLOAT_EQ(noise_floor_for_noise(Pressure::mmhg(0.0f)).mmhg(), 0.05f);  // never under
  EXPECT_FLOAT_EQ(noise_floor_for_noise(Pressure::mmhg(-1.0f)).mmhg(), 0.05f);
  // A pulse of 0.12 mmHg under a quiet sensor: unheard at the default
  // floor, heard at the sensor's own.
  const auto pulse = [](double t) { return sine_pulse(t, 72, 0.06); };
  EXPECT_EQ(detect(10, pulse).beats.size(), 0u);
  BeatDetectorLimits quiet;
  quiet.noise_floor = noise_floor_for_noise(Pressure::mmhg(0.1f));
  EXPECT_GE(detect(10, pulse, quiet).beats.size(), 10u);
}

TEST(BeatDetector, RejectsRatesBelow30Bpm) {
  for (double bpm : {10.0, 20.0, 28.0}) {
    const Detection run = detect(60.0f, [&](double t) { return sine_pulse(t, bpm, 1.5); });
    EXPECT_EQ(run.beats.size(), 0u) << bpm << " bpm";
  }
}

TEST(BeatDetector, RejectsRatesAbove180Bpm) {
  // A regular train faster than 180 bpm is not a plausible pulse; it must not
  // be reported as beats at all (and in particular not at half its rate).
  for (double bpm : {200.0, 240.0}) {
    const Detection run = detect(30.0f, [&](double t) { return sine_pulse(t, bpm, 1.5); });
    const double reported_bpm =
        run.beats.size() > 1 ? 60.0 / run.beats.back().interval.seconds() : 0.0;
    EXPECT_EQ(run.beats.size(), 0u)
        << bpm << " bpm input gave " << run.beats.size() << " beats at " << reported_bpm << " bpm";
  }
}

TEST(BeatDetector, ResetForgetsThePreviousBeat) {
  BeatDetector detector(Frequency::hz(kRateHz));
  int i = 0;
  Beat beat;
  int beats = 0;
  for (; i < 1000; ++i) {
    beats += detector.step(at_sample(i), Pressure::mmhg(sine_pulse(i / 100.0, 60, 1.0)),
                           Pressure::mmhg(80.0f), beat);
  }
  ASSERT_GT(beats, 5);
  detector.reset();
  // After a reset the next beat is again a first beat: no interval.
  bool found = false;
  for (; i < 2000 && !found; ++i) {
    found = detector.step(at_sample(i), Pressure::mmhg(sine_pulse(i / 100.0, 60, 1.0)),
                          Pressure::mmhg(80.0f), beat);
  }
  ASSERT_TRUE(found);
  EXPECT_EQ(beat.interval, Duration{});
}

// Longest time between two reported beats.
double longest_gap_s(const Detection& run) {
  double gap = 0;
  for (std::size_t i = 1; i < run.beats.size(); ++i) {
    gap = std::max(gap, static_cast<double>((run.beats[i].at - run.beats[i - 1].at).seconds()));
  }
  return gap;
}

TEST(BeatDetector, FollowsAGradualEnvelope) {
  // Amplitude halving over 5 s, as on the falling side of a LOP envelope:
  // no beat is lost.
  const Detection run = detect(20.0f, [](double t) {
    const double a = t < 10.0 ? 1.0 : std::max(0.5, 1.0 - 0.1 * (t - 10.0));
    return sine_pulse(t, 60, a);
  });
  EXPECT_GE(run.beats.size(), 18u);  // 20 cycles, minus the two of the start
  // A lost beat would leave a 2 s gap; threshold crossings drift a little as
  // the amplitude falls, so allow half a period.
  EXPECT_LT(longest_gap_s(run), 1.5);
}

// The detector's own rule (beat_detector.cpp): after a silence longer than
// the slowest plausible beat (min_rate period, 2 s) it starts again from its
// smallest threshold "rather than stay deaf". The first upstroke after the
// silence closes an over-long cycle and is dropped; the next one must be a
// beat. So no gap between reported beats exceeds 2 s + 2 pulse periods
// (+ one sample and the threshold crossing shift: 0.1 s).

TEST(BeatDetector, ResumesAfterAMotionArtefact) {
  // 1.5 mmHg p2p pulses at 72 bpm and one 6 mmHg, 0.3 s motion bump at 10 s.
  const double period = 60.0 / 72.0;
  const Detection run = detect(30.0f, [&](double t) {
    double x = sine_pulse(t, 72, 0.75);
    if (t > 10.0 && t < 10.3) x += 6.0 * std::sin(std::numbers::pi * (t - 10.0) / 0.3);
    return static_cast<float>(x);
  });
  EXPECT_LE(longest_gap_s(run), 2.0 + 2 * period + 0.1);
  ASSERT_FALSE(run.beats.empty());
  EXPECT_NEAR(run.beats.back().amplitude.mmhg(), 1.5f, 0.05f);
}

TEST(BeatDetector, ResumesAfterASuddenAmplitudeDrop) {
  // 3 mmHg p2p pulses at 60 bpm that drop to 0.4 mmHg p2p at 15 s (a cuff
  // bumped to a much higher pressure, a limb repositioned).
  const Detection run = detect(
      30.0f, [](double t) { return t < 15.0 ? sine_pulse(t, 60, 1.5) : sine_pulse(t, 60, 0.2); });
  EXPECT_LE(longest_gap_s(run), 2.0 + 2 * 1.0 + 0.1);
  int weak = 0;
  for (const Beat& b : run.beats) {
    if (b.at > TimePoint::from_us(15'000'000)) {
      ++weak;
      EXPECT_NEAR(b.amplitude.mmhg(), 0.4f, 0.02f);
    }
  }
  EXPECT_GE(weak, 10);
}

// A jolt among the first beats (the limb moving as the ramp starts) must
// not make the detector deaf to the small pulses that follow: with fewer
// than three beats known the hysteresis stays under early_hysteresis_max.
// Without that cap it followed the jolt alone (0.2 x ~6 mmHg) and heard
// nothing until the silence rule started it over, over 2 s later.
TEST(BeatDetector, AJoltAmongTheFirstBeatsLeavesThePulseAudible) {
  const double period = 60.0 / 72.0;
  const auto signal = [](double t) {
    double x = sine_pulse(t, 72, 0.4);  // 0.8 mmHg p2p, as at an envelope's foot
    if (t > 1.0 && t < 1.3) x += 6.0 * std::sin(std::numbers::pi * (t - 1.0) / 0.3);
    return static_cast<float>(x);
  };
  const Detection run = detect(8.0f, signal);
  ASSERT_GE(run.beats.size(), 3u);
  // The jolt closes a cycle or two; the pulse is heard again at once, not
  // after the 2 s silence rule.
  EXPECT_LE(longest_gap_s(run), 2 * period + 0.1);
  EXPECT_NEAR(run.beats.back().amplitude.mmhg(), 0.8f, 0.05f);

  BeatDetectorLimits uncapped;
  uncapped.early_hysteresis_max = Pressure::mmhg(100.0f);
  EXPECT_GT(longest_gap_s(detect(8.0f, signal, uncapped)), 2.0);  // the deafness it prevents
}

}  // namespace
}  // namespace bfr::core

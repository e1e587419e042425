// The recorded-sweep analysis: listening through heart periods without a
// beat, and taking back beats from the middle of the envelope.

#include "core/recorded_lop_analysis.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>

namespace bfr::core {
namespace {

constexpr double kRecordingRateHz = 100.0;
constexpr double kBpm = 72.0;

// A slow inflating sweep (4 mmHg/s from 100 mmHg) carrying a sine pulse of
// `p2p_at(cuff)` peak to peak, plus a little white noise.
template <typename P2p>
RecordedLopAnalysis sweep(double seconds, P2p p2p_at, double noise_sd, bool listen,
                          std::uint32_t seed = 7) {
  RecordedLopAnalysis a(Frequency::hz(static_cast<float>(kRecordingRateHz)));
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, noise_sd);
  const int n = static_cast<int>(seconds * kRecordingRateHz);
  for (int i = 0; i < n; ++i) {
    const double t = i / kRecordingRateHz;
    const double cuff = 100.0 + 4.0 * t;
    const double pulse = 0.5 * p2p_at(cuff) * std::sin(2 * std::numbers::pi * kBpm / 60.0 * t);
    // Listening starts once the filters have settled, as a live ramp does
    // only past the fall.
    if (listen && i == static_cast<int>(3 * kRecordingRateHz)) {
      a.hear_quiet_periods(Frequency::per_minute(static_cast<float>(kBpm)).period());
    }
    a.add(TimePoint::from_us(static_cast<std::int64_t>(i) * 10'000),
          Pressure::mmhg(static_cast<float>(cuff + pulse + noise(rng))));
  }
  return a;
}

// A pulse of 0.12 mmHg peak to peak is under the detector's least beat
// (0.2 mmHg): the detector hears nothing, as on a quiet sensor above
// occlusion.
TEST(RecordedLopAnalysis, APulseTooSmallToHearIsMeasuredPeriodByPeriod) {
  const auto small = [](double) { return 0.12; };
  const RecordedLopAnalysis deaf = sweep(20.0, small, 0.005, false);
  EXPECT_EQ(deaf.envelope().size(), 0u);

  const RecordedLopAnalysis heard = sweep(20.0, small, 0.005, true);
  const OcclusionEstimator& env = heard.envelope();
  // One point per heart period from 3 s on (17 s at 72 bpm: about 20),
  // less the first period or two held back for a late beat.
  EXPECT_GE(env.size(), 17u);
  EXPECT_LE(env.size(), 21u);
  for (const EnvelopePoint* p = env.begin(); p != env.end(); ++p) {
    // The pulse band passes a 1.2 Hz pulse at a little under its size.
    EXPECT_NEAR(p->amplitude.mmhg(), 0.12f, 0.04f);
    if (p != env.begin()) {
      EXPECT_GT(p->cuff, (p - 1)->cuff);
    }
  }
  // Placed on the sweep: the last within a period's climb of where it ended.
  EXPECT_NEAR((env.end() - 1)->cuff.mmhg(), 100.0f + 4.0f * 20.0f, 6.0f);
  std::printf("[ figures  ] %zu periods counted, first %.3f mmHg at %.1f mmHg\n", env.size(),
              static_cast<double>(env.begin()->amplitude.mmhg()),
              static_cast<double>(env.begin()->cuff.mmhg()));
}

// A pulse the detector hears is counted once per beat whether or not the
// quiet periods are listened for.
TEST(RecordedLopAnalysis, ListeningAddsNothingWhereEveryBeatIsHeard) {
  const auto strong = [](double) { return 1.5; };
  const RecordedLopAnalysis plain = sweep(20.0, strong, 0.05, false);
  const RecordedLopAnalysis listening = sweep(20.0, strong, 0.05, true);
  ASSERT_GE(plain.envelope().size(), 20u);
  EXPECT_EQ(listening.envelope().size(), plain.envelope().size());
}

// The pulse fades under hearing halfway through: from there on each period
// is counted, never twice, and the points follow on in pressure order.
TEST(RecordedLopAnalysis, AFadingPulseIsFollowedPastHearing) {
  const auto fading = [](double cuff) { return cuff < 140.0 ? 1.5 : 0.1; };
  const RecordedLopAnalysis plain = sweep(20.0, fading, 0.005, false);
  const RecordedLopAnalysis listening = sweep(20.0, fading, 0.005, true);
  const OcclusionEstimator& env = listening.envelope();
  ASSERT_GT(env.size(), plain.envelope().size() + 8);
  int quiet = 0;
  for (const EnvelopePoint* p = env.begin(); p != env.end(); ++p) {
    if (p != env.begin()) {
      EXPECT_GT(p->cuff, (p - 1)->cuff);
    }
    if (p->cuff.mmhg() > 145.0f) {
      ++quiet;
      EXPECT_LT(p->amplitude.mmhg(), 0.2f);
    }
  }
  // 140-180 mmHg at 4 mmHg/s is 10 s: 12 periods at 72 bpm.
  EXPECT_GE(quiet, 9);
  EXPECT_LE(quiet, 12);
}

// A slow heart at a high sample rate: a period holds more samples than the
// window keeps (1.5 s at 500 Hz, 750 against 512), which then keeps every
// other one, so the period is still measured whole.
TEST(RecordedLopAnalysis, ALongPeriodAtAHighRateIsMeasuredWhole) {
  constexpr double rate = 500.0;
  constexpr double bpm = 40.0;
  RecordedLopAnalysis a(Frequency::hz(static_cast<float>(rate)));
  const int n = static_cast<int>(20.0 * rate);
  for (int i = 0; i < n; ++i) {
    const double t = i / rate;
    if (i == static_cast<int>(3 * rate)) {
      a.hear_quiet_periods(Frequency::per_minute(static_cast<float>(bpm)).period());
    }
    const double pulse = 0.06 * std::sin(2 * std::numbers::pi * bpm / 60.0 * t);
    a.add(TimePoint::from_us(static_cast<std::int64_t>(i) * 2'000),
          Pressure::mmhg(static_cast<float>(100.0 + 4.0 * t + pulse)));
  }
  const OcclusionEstimator& env = a.envelope();
  ASSERT_GE(env.size(), 9u);  // 17 s at 1.5 s a period, less the held-back
  for (const EnvelopePoint& p : env) EXPECT_NEAR(p.amplitude.mmhg(), 0.12f, 0.04f);
}

TEST(RecordedLopAnalysis, DiscardBetweenTakesBackBeatsFromTheMiddle) {
  const auto strong = [](double) { return 1.5; };
  RecordedLopAnalysis a = sweep(12.0, strong, 0.05, false);
  const std::size_t before = a.envelope().size();
  ASSERT_GE(before, 10u);
  const TimePoint from = a.accepted_at(3);
  const TimePoint to = a.accepted_at(5);
  const Pressure after_gap = a.envelope().begin()[6].cuff;
  EXPECT_EQ(a.discard_between(from, to), 3);
  ASSERT_EQ(a.envelope().size(), before - 3);
  EXPECT_EQ(a.envelope().begin()[3].cuff, after_gap);
  EXPECT_GT(a.accepted_at(3), to);
  EXPECT_EQ(a.discard_between(to, to), 0);  // nothing left there
}

}  // namespace
}  // namespace bfr::core

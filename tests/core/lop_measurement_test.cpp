// The live LOP measurement on a synthetic cuff generated here, in closed
// loop: the cuff's pressure follows the pump, bleed and vent the
// measurement asks for, and the reading carries arterial oscillations whose
// size follows an envelope that rises, peaks and falls with cuff pressure.
// No simulator library: the plant and the signal are a few lines each, so
// that what each test checks can be computed by hand.

#include "core/lop_measurement.hpp"

#include "core/fall_fit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace bfr::core {
namespace {

constexpr float kControllerRateHz = 100.0f;
constexpr double kStepS = 1.0 / kControllerRateHz;

// ---------------------------------------------------------------------------
// The synthetic cuff: pressure integrates the pump's flow against the bleed,
// the vent and any leak, once per 10 ms sample.
//   dp/dt = kPumpGain x flow x (1 - p / 500)       pump (weaker as p rises)
//         - kBleedGain x bleed_opening x sqrt(p)   proportional bleed
//         - kVentGain x sqrt(p) when vented        dump valve
//         - leak_per_s x p                         a leak, if any
//         - kSeepPerSqrtMmhg x sqrt(p)             the small leak every cuff has
// Full duty climbs ~70 mmHg/s at low pressure, so a 15 mmHg/s ramp takes a
// duty of ~0.2-0.25 and the 4-7 mmHg/s slow ramp runs the pump at its
// minimum with the bleed letting the surplus out.
constexpr double kPumpGain = 75.0;  // mmHg/s at full duty into an empty cuff
constexpr double kPumpStallMmhg = 500.0;
constexpr double kPumpSpinUpS = 0.08;  // first-order lag of the pump's flow
constexpr double kBleedGain = 10.0;    // mmHg/s per sqrt(mmHg), fully open
constexpr double kVentGain = 40.0;     // mmHg/s per sqrt(mmHg)
constexpr double kSeepPerSqrtMmhg = 0.02;

struct CuffPlant {
  double pressure = 0;  // mmHg, the cuff's true pressure
  double flow = 0;      // the pump's output, as a share of its full flow
  double leak_per_s = 0;

  void step(const Actuators& a) {
    flow += (static_cast<double>(a.pump_duty.value()) - flow) * kStepS / kPumpSpinUpS;
    const double root = std::sqrt(std::max(pressure, 0.0));
    double rate = kPumpGain * flow * (1.0 - pressure / kPumpStallMmhg);
    rate -= kBleedGain * static_cast<double>(a.bleed_opening.value()) * root;
    if (a.vent_open) rate -= kVentGain * root;
    rate -= leak_per_s * pressure + kSeepPerSqrtMmhg * root;
    pressure = std::max(0.0, pressure + rate * kStepS);
  }
};

// ---------------------------------------------------------------------------
// Oscillation envelope: a Gaussian in cuff pressure over a residual floor.
// The floor keeps pulses above occlusion (bfr-facts section 4: oscillations
// do not vanish above systolic pressure).
struct Envelope {
  double peak_p2p = 3.0;  // mmHg, Liu 2014 inflating: 3.7 +- 0.9
  double centre = 120.0;  // cuff pressure of the maximum
  double sigma = 22.0;    // width at 50 % = 2.355 sigma = 52 mmHg (Liu: 45 +- 9)
  double floor_share = 0.1;
  bool constant = false;  // a flat envelope that never falls
  // A small bump of its own at the foot (none when 0): pulses about as
  // small as a sensor's noise that rise and fall before the real envelope.
  double foot_p2p = 0;
  double foot_centre = 50.0;
  double foot_sigma = 15.0;

  double p2p(double cuff) const {
    if (constant) return peak_p2p;
    const double z = (cuff - centre) / sigma;
    const double zf = (cuff - foot_centre) / foot_sigma;
    return peak_p2p * (floor_share + (1 - floor_share) * std::exp(-0.5 * z * z)) +
           foot_p2p * std::exp(-0.5 * zf * zf);
  }
  // Where the envelope, on its falling side, has come down to
  // floor + threshold x (peak - floor): the occlusion the floor-corrected
  // estimator reads (the Gaussian part is then at `threshold` of its peak).
  double occlusion(double threshold) const {
    return centre + sigma * std::sqrt(-2.0 * std::log(threshold));
  }
};

// One heartbeat, phase 0..1, between -1 and +1: a quick systolic upstroke,
// an exponential run-off with a small dicrotic wave, back to -1 at the end.
double pulse_shape(double phase) {
  constexpr double kUpstroke = 0.12;
  constexpr double kRunOff = 0.25;
  double x = 0;
  if (phase < kUpstroke) {
    x = 0.5 - 0.5 * std::cos(std::numbers::pi * phase / kUpstroke);
  } else {
    const double end = std::exp(-(1.0 - kUpstroke) / kRunOff);
    x = (std::exp(-(phase - kUpstroke) / kRunOff) - end) / (1.0 - end);
    const double d = (phase - 0.42) / 0.04;
    x += 0.12 * std::exp(-d * d);
  }
  return 2.0 * x - 1.0;
}

// A jolt of the limb: a half-sine bump on the reading.
struct Jolt {
  double height = 6.0;  // mmHg
  double width = 0.3;   // s
  double at(double since_start) const {
    return since_start >= 0 && since_start < width
               ? height * std::sin(std::numbers::pi * since_start / width)
               : 0.0;
  }
};

struct Scenario {
  Envelope envelope{};
  double heart_bpm = 72;
  bool pulses = true;
  double noise_sd = 0.05;  // mmHg, white, on the reading
  double leak_per_s = 0;   // mmHg/s per mmHg
  Jolt jolt{};
  // Jolts every `jolt_every` s once the cuff has passed `jolt_from` (a single
  // jolt when `jolt_every` is 0); none when `jolt_from` is negative.
  double jolt_from = -1;
  double jolt_every = 0;
  // The pulse unheard for `dropout_s` from the moment the cuff first passes
  // `dropout_from` (beats the detector misses); none when negative.
  double dropout_from = -1;
  double dropout_s = 0;
  // The pulse unheard from this time on (s); never when negative.
  double silent_from_s = -1;
};

TimePoint at_sample(std::int64_t i) {
  return TimePoint::from_us(i * 10'000);
}

struct Sample {
  double t = 0;
  double pressure = 0;  // the cuff's true pressure when read
  double reading = 0;
  Actuators out{};
  LopState state = LopState::kRunning;
  LopStage stage = LopStage::kFill;
  bool paused = false;
  float progress = 0;
  int beats = 0;
  std::size_t envelope_size = 0;
};

struct Outcome {
  LopState state = LopState::kRunning;
  LopFailure failure = LopFailure::kNone;
  LopResult result{};
  std::vector<Sample> trace;
  double first_jolt_s = -1;
  int jolts = 0;
};

// Feeds the measurement the synthetic cuff, one sample per 10 ms, until it
// ends (or `max_s`). The measurement's own sample index starts at `origin`.
class Bench {
 public:
  explicit Bench(const Scenario& s, std::uint32_t seed = 7) : s_(s), rng_(seed) {
    plant_.leak_per_s = s.leak_per_s;
  }

  CuffPlant& plant() { return plant_; }

  double reading(double t) {
    double r = plant_.pressure;
    if (s_.dropout_from >= 0 && dropout_started_ < 0 && plant_.pressure >= s_.dropout_from) {
      dropout_started_ = t;
    }
    const bool dropped = (dropout_started_ >= 0 && t - dropout_started_ < s_.dropout_s) ||
                         (s_.silent_from_s >= 0 && t >= s_.silent_from_s);
    if (s_.pulses && !dropped) {
      const double beats = t * s_.heart_bpm / 60.0;
      r += 0.5 * s_.envelope.p2p(plant_.pressure) * pulse_shape(beats - std::floor(beats));
    }
    if (s_.jolt_from >= 0) {
      if (jolt_started_ < 0 ? plant_.pressure >= s_.jolt_from
                            : s_.jolt_every > 0 && t - jolt_started_ >= s_.jolt_every) {
        jolt_started_ = t;
        if (first_jolt_ < 0) first_jolt_ = t;
        ++jolts_;
      }
      if (jolt_started_ >= 0) r += s_.jolt.at(t - jolt_started_);
    }
    if (s_.noise_sd > 0) r += std::normal_distribution<double>(0.0, s_.noise_sd)(rng_);
    return r;
  }

  // Runs one measurement from `origin` (a sample index) on the cuff as it
  // is now.
  Outcome run(LopMeasurement& lop, std::int64_t origin = 0, double max_s = 120,
              std::optional<LimbSegment> limb = {}) {
    Outcome out;
    lop.start(at_sample(origin), Pressure::mmhg(static_cast<float>(plant_.pressure)), limb);
    const auto n = static_cast<std::int64_t>(max_s * static_cast<double>(kControllerRateHz));
    for (std::int64_t k = 1; k <= n && lop.state() == LopState::kRunning; ++k) {
      const double t = static_cast<double>(k) * kStepS;
      Sample smp;
      smp.t = t;
      smp.pressure = plant_.pressure;
      smp.reading = reading(t);
      const TimePoint now = at_sample(origin + k);
      smp.out = lop.step(now, {Pressure::mmhg(static_cast<float>(smp.reading)), true});
      smp.state = lop.state();
      smp.stage = lop.stage();
      smp.paused = lop.paused(now);
      smp.progress = lop.progress(now).value();
      smp.beats = lop.beats();
      smp.envelope_size = lop.envelope().size();
      out.trace.push_back(smp);
      plant_.step(smp.out);
    }
    out.state = lop.state();
    out.failure = lop.failure();
    out.result = lop.result();
    out.first_jolt_s = first_jolt_;
    out.jolts = jolts_;
    return out;
  }

  // Lets the cuff run on the given actuators for `seconds`.
  void idle(const Actuators& a, double seconds) {
    for (double t = 0; t < seconds; t += kStepS) plant_.step(a);
  }

 private:
  Scenario s_;
  CuffPlant plant_;
  std::mt19937 rng_;
  double jolt_started_ = -1;
  double dropout_started_ = -1;
  double first_jolt_ = -1;
  int jolts_ = 0;
};

Outcome run(const Scenario& s, const LopConfig& config = {}, double max_s = 120) {
  Bench bench(s);
  LopMeasurement lop(Frequency::hz(kControllerRateHz), config);
  return bench.run(lop, 0, max_s);
}

// The value's RMS error over heart rates of 60-84 bpm, for limbs where
// which beats land where in the fall is luck of the phase; every run must
// read, and must have gone back down at least once. Prints each run's error.
double rms_error_over_heart_rates(const Scenario& s, double expected) {
  double sum_sq = 0;
  int runs = 0;
  for (const double bpm : {60.0, 66.0, 72.0, 78.0, 84.0}) {
    Scenario at_rate = s;
    at_rate.heart_bpm = bpm;
    const Outcome r = run(at_rate);
    EXPECT_EQ(r.state, LopState::kSucceeded) << bpm << " bpm: " << to_string(r.failure);
    bool went_back = false;
    for (const Sample& smp : r.trace) went_back = went_back || smp.stage == LopStage::kRecheck;
    EXPECT_TRUE(went_back) << bpm << " bpm";
    const double error = static_cast<double>(r.result.lop.mmhg()) - expected;
    std::printf("[ figures  ] %.0f bpm: LOP %+.1f mmHg off\n", bpm, error);
    sum_sq += error * error;
    ++runs;
  }
  return std::sqrt(sum_sq / runs);
}

bool vents(const Actuators& a) {
  return a.vent_open && a.pump_duty.value() == 0.0f;
}

double max_pressure(const Outcome& o) {
  double m = 0;
  for (const Sample& s : o.trace) m = std::max(m, s.pressure);
  return m;
}

int pump_requests_at_or_above(const Outcome& o, double cap) {
  int n = 0;
  for (const Sample& s : o.trace) {
    if (s.reading >= cap && s.out.pump_duty.value() > 0.0f) ++n;
  }
  return n;
}

// Occlusion as the synthetic envelope puts it, for the live estimator's
// threshold: where the envelope has fallen to floor + threshold x (peak -
// floor). Beats are 4-5 mmHg apart on the slow ramp: a beat and a half.
double live_threshold() {
  return static_cast<double>(live_occlusion_config().threshold.value());
}
// The cuff's mean climb over a stage, from its true pressure.
double stage_climb(const Outcome& o, LopStage stage) {
  const Sample* first = nullptr;
  const Sample* last = nullptr;
  for (const Sample& smp : o.trace) {
    if (smp.stage != stage) continue;
    if (first == nullptr) first = &smp;
    last = &smp;
  }
  if (first == nullptr || last == first) return 0;
  return (last->pressure - first->pressure) / (last->t - first->t);
}

// One measurement of the default synthetic cuff, naming `limb` (or not),
// with the shared pace taking over `within` of the cap.
Outcome run_paced(const LopConfig& config, std::optional<LimbSegment> limb, Pressure within) {
  LopConfig c = config;
  c.shared_pace_within = within;
  Bench bench{Scenario{}};
  LopMeasurement lop(Frequency::hz(kControllerRateHz), c);
  Outcome o = bench.run(lop, 0, 120, limb);
  EXPECT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  return o;
}

// Nowhere (the switch at the cap itself), and over the whole sweep (40 mmHg
// and up, under the default 300 mmHg cap).
const Pressure kNowhere = Pressure::mmhg(0.0f);
const Pressure kEverywhere = Pressure::mmhg(260.0f);

TEST(LopMeasurement, ANamedLimbOverrunsAtItsOwnRateExceptNearTheCap) {
  // Paces that differ only in the overrun's rate, far apart.
  LopConfig config;
  config.pace.overrun_ramp = PressureRate::mmhg_per_s(5.0f);
  config.thigh_pace = config.pace;
  config.thigh_pace.overrun_ramp = PressureRate::mmhg_per_s(14.0f);
  config.upper_arm_pace = config.pace;
  config.upper_arm_pace.overrun_ramp = PressureRate::mmhg_per_s(9.0f);
  auto climb = [&](std::optional<LimbSegment> limb, Pressure within) {
    return stage_climb(run_paced(config, limb, within), LopStage::kOverrun);
  };
  const double shared = climb(std::nullopt, kNowhere);
  const double thigh = climb(LimbSegment::kThigh, kNowhere);
  const double thigh_near_cap = climb(LimbSegment::kThigh, kEverywhere);
  const double arm = climb(LimbSegment::kUpperArm, kNowhere);
  std::printf(
      "[ figures  ] overrun climb: unnamed %.1f, thigh %.1f, thigh near the cap %.1f, arm %.1f "
      "mmHg/s\n",
      shared, thigh, thigh_near_cap, arm);
  EXPECT_GT(thigh, 1.5 * shared);
  EXPECT_NEAR(thigh_near_cap, shared, 0.25 * shared);
  EXPECT_GT(arm, 1.3 * shared);  // the arm's own pace
  EXPECT_LT(arm, thigh);
}

TEST(LopMeasurement, ANamedLimbStepsThroughTheFallAtItsOwnPaceExceptNearTheCap) {
  LopConfig config;
  config.pace.slow_step_per_beat = Pressure::mmhg(2.5f);
  config.pace.slow_ramp_max = PressureRate::mmhg_per_s(4.0f);
  config.thigh_pace = config.pace;
  config.thigh_pace.slow_step_per_beat = Pressure::mmhg(7.0f);
  config.thigh_pace.slow_ramp_max = PressureRate::mmhg_per_s(10.0f);
  auto climb = [&](std::optional<LimbSegment> limb, Pressure within) {
    return stage_climb(run_paced(config, limb, within), LopStage::kSlow);
  };
  const double shared = climb(std::nullopt, kNowhere);
  const double thigh = climb(LimbSegment::kThigh, kNowhere);
  const double thigh_near_cap = climb(LimbSegment::kThigh, kEverywhere);
  std::printf("[ figures  ] slow climb: unnamed %.1f, thigh %.1f, thigh near the cap %.1f mmHg/s\n",
              shared, thigh, thigh_near_cap);
  // Not in proportion to the steps: the slow stage runs at twice its rate
  // while the pulse is still near its peak, where the drive falls short.
  EXPECT_GT(thigh, 1.3 * shared);
  EXPECT_NEAR(thigh_near_cap, shared, 0.15 * shared);
}

TEST(LopMeasurement, ANamedLimbsHeadStartRaisesTheCuffFasterAtOnce) {
  LopConfig config;
  config.thigh_pace = config.pace;
  config.thigh_pace.fast_ramp_from = PressureRate::mmhg_per_s(12.0f);
  // The cuff's rise over the first half second of the fast ramp.
  auto first_rise = [&](std::optional<LimbSegment> limb) {
    const Outcome o = run_paced(config, limb, kNowhere);
    const auto first = std::find_if(o.trace.begin(), o.trace.end(),
                                    [](const Sample& smp) { return smp.stage == LopStage::kFast; });
    const auto half_second = static_cast<std::ptrdiff_t>(kControllerRateHz / 2);
    EXPECT_GT(std::distance(first, o.trace.end()), half_second);
    return (first + half_second)->pressure - first->pressure;
  };
  const double from_rest = first_rise(std::nullopt);
  const double head_start = first_rise(LimbSegment::kThigh);
  std::printf(
      "[ figures  ] first half second of the fast ramp: %.1f from rest, %.1f mmHg with a "
      "head start\n",
      from_rest, head_start);
  EXPECT_GT(head_start, from_rest + 2.0);
}

constexpr double kTolerance = 6.0;

// ---------------------------------------------------------------------------

TEST(LopMeasurement, FindsOcclusionOnTheFallingSideOfTheEnvelope) {
  const Scenario s;
  const Outcome o = run(s);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  const double expected = s.envelope.occlusion(live_threshold());
  const double lop = static_cast<double>(o.result.lop.mmhg());
  EXPECT_NEAR(lop, expected, kTolerance);
  EXPECT_GT(lop, s.envelope.centre + 10.0);  // on the falling side, clear of the peak
  EXPECT_NEAR(static_cast<double>(o.result.heart_rate.per_minute()), s.heart_bpm, 3.0);
  EXPECT_GT(o.result.quality.value(), 0.0f);
  EXPECT_LE(o.result.quality.value(), 1.0f);
  EXPECT_GT(o.result.beats_used, 10);
  EXPECT_NEAR(static_cast<double>(o.result.envelope_peak_cuff.mmhg()), s.envelope.centre, 12.0);
  std::printf(
      "[ figures  ] LOP %.1f mmHg vs %.1f mmHg (error %+.1f), %.1f bpm, quality %.2f, %d beats, "
      "%.1f s, peak at %.1f mmHg, cuff reached %.1f mmHg\n",
      lop, expected, lop - expected, static_cast<double>(o.result.heart_rate.per_minute()),
      static_cast<double>(o.result.quality.value()), o.result.beats_used, o.trace.back().t,
      static_cast<double>(o.result.envelope_peak_cuff.mmhg()), max_pressure(o));
}

struct EnvelopeShape {
  double centre;
  double sigma;
  double peak_p2p;
};

void PrintTo(const EnvelopeShape& e, std::ostream* os) {
  *os << "centre " << e.centre << " sigma " << e.sigma << " peak " << e.peak_p2p << " mmHg";
}

std::string shape_name(const ::testing::TestParamInfo<EnvelopeShape>& shape) {
  return "Centre" + std::to_string(static_cast<int>(shape.param.centre));
}

class LopMeasurementEnvelope : public ::testing::TestWithParam<EnvelopeShape> {};

TEST_P(LopMeasurementEnvelope, AFullRecordedSweepReadsTheExpectedOcclusion) {
  // A check of the synthetic signal and of `Envelope::occlusion`, not of the
  // live measurement: the live analysis (the same splitter, beat detector
  // and estimator settings) over a steady 5 mmHg/s sweep that goes on up to
  // the cap, where the envelope is down to its floor, reads where the
  // formula says. What the live measurement reads on the same envelope
  // should be no worse than a beat spacing off this.
  Scenario s;
  s.envelope.centre = GetParam().centre;
  s.envelope.sigma = GetParam().sigma;
  s.envelope.peak_p2p = GetParam().peak_p2p;
  Bench bench(s);
  RecordedLopAnalysis analysis(Frequency::hz(kControllerRateHz), live_occlusion_config(),
                               live_beat_limits());
  for (std::int64_t k = 0;; ++k) {
    const double t = static_cast<double>(k) * kStepS;
    bench.plant().pressure = 30.0 + 5.0 * t;
    if (bench.plant().pressure > 297.0) break;
    analysis.add(at_sample(k), Pressure::mmhg(static_cast<float>(bench.reading(t))));
  }
  const RecordedLopResult r = analysis.finish();
  ASSERT_TRUE(r.ok) << to_string(r.failure);
  const double expected = s.envelope.occlusion(live_threshold());
  const double occlusion = static_cast<double>(r.estimate.occlusion.mmhg());
  EXPECT_NEAR(occlusion, expected, 3.0);
  std::printf(
      "[ figures  ] centre %.0f sigma %.0f, full sweep: %.1f vs %.1f (error %+.1f), floor "
      "%.2f mmHg (true %.2f)\n",
      s.envelope.centre, s.envelope.sigma, occlusion, expected, occlusion - expected,
      static_cast<double>(r.estimate.floor_amplitude.mmhg()),
      s.envelope.floor_share * s.envelope.peak_p2p);
}

TEST_P(LopMeasurementEnvelope, FollowsTheEnvelopeWhereverItIs) {
  // The answer must move with the envelope: a measurement that returned a
  // constant, or the peak, would fail here.
  Scenario s;
  s.envelope.centre = GetParam().centre;
  s.envelope.sigma = GetParam().sigma;
  s.envelope.peak_p2p = GetParam().peak_p2p;
  const Outcome o = run(s);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  const double expected = s.envelope.occlusion(live_threshold());
  const double lop = static_cast<double>(o.result.lop.mmhg());
  EXPECT_NEAR(lop, expected, kTolerance);
  std::printf("[ figures  ] centre %.0f sigma %.0f peak %.1f: LOP %.1f vs %.1f (error %+.1f)\n",
              s.envelope.centre, s.envelope.sigma, s.envelope.peak_p2p, lop, expected,
              lop - expected);
}

INSTANTIATE_TEST_SUITE_P(Shapes, LopMeasurementEnvelope,
                         ::testing::Values(EnvelopeShape{90.0, 18.0, 2.5},
                                           EnvelopeShape{120.0, 22.0, 3.0},
                                           EnvelopeShape{160.0, 26.0, 3.5},
                                           EnvelopeShape{200.0, 26.0, 4.0}),
                         shape_name);

TEST(LopMeasurement, UsesTheConfiguredEstimatorThreshold) {
  const Scenario s;
  LopConfig config;
  config.estimator.threshold = Fraction(0.5f);
  const Outcome o = run(s, config);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  const double at_half = s.envelope.occlusion(0.5);
  const double at_default = s.envelope.occlusion(live_threshold());
  ASSERT_GT(at_default - at_half, kTolerance);  // the two can be told apart
  const double lop = static_cast<double>(o.result.lop.mmhg());
  // At a threshold this high the crossing comes early on the ramp, the live
  // check lets it stop with the Gaussian's long tail still in the floor,
  // and the value reads a few mmHg low: what matters here is that the
  // setting is followed, so the value must sit by the 0.5 crossing and
  // clearly away from the default one.
  EXPECT_NEAR(lop, at_half, 10.0);
  EXPECT_LT(std::abs(lop - at_half), std::abs(lop - at_default));
  std::printf(
      "[ figures  ] threshold 0.5: LOP %.1f vs %.1f (error %+.1f; the default would be %.1f)\n",
      lop, at_half, lop - at_half, at_default);
}

TEST(LopMeasurement, ReadsTheValueFromTheStepFittedToTheFall) {
  // The same limb, the same beats: the value is the fitted step's share
  // point by default, and the crossing when the fit is turned off.
  const Scenario s;
  for (const bool fitted : {true, false}) {
    Bench bench(s);
    LopConfig config;
    config.fit_fall = fitted;
    LopMeasurement lop(Frequency::hz(kControllerRateHz), config);
    const Outcome o = bench.run(lop, 0, 120);
    ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
    const OcclusionEstimate e = lop.envelope().estimate();
    ASSERT_TRUE(e.ok);
    const FallFit fit = fit_fall(lop.envelope(), e, live_occlusion_config().threshold);
    ASSERT_TRUE(fit.ok);
    ASSERT_GT(std::abs(fit.occlusion.mmhg() - e.crossing.mmhg()), 0.01f);
    EXPECT_FLOAT_EQ(o.result.lop.mmhg(), fitted ? fit.occlusion.mmhg() : e.crossing.mmhg());
    // The default, the fit, reads within the tolerance. The crossing leans
    // on the two beats either side of its level; on this limb they lie
    // 13 mmHg apart and it reads 7 mmHg high, which is why the fit is the
    // default (with the ramp of 2026-11-23 and before, -0.4 mmHg: which
    // beats fall where is luck of the phase).
    if (fitted) {
      EXPECT_NEAR(static_cast<double>(o.result.lop.mmhg()), s.envelope.occlusion(live_threshold()),
                  kTolerance);
    }
  }
}

TEST(LopMeasurement, PassesItsStagesInOrderAndSlowsThroughOcclusion) {
  const Scenario s;
  const Outcome o = run(s);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  std::vector<LopStage> order;
  for (const Sample& smp : o.trace) {
    if (order.empty() || order.back() != smp.stage) order.push_back(smp.stage);
  }
  const std::vector<LopStage> expected{LopStage::kFill, LopStage::kFast, LopStage::kSlow,
                                       LopStage::kOverrun};
  ASSERT_EQ(order, expected);

  // The cuff's mean climb over each stage, from its true pressure.
  auto climb = [&](LopStage stage) {
    const Sample* first = nullptr;
    const Sample* last = nullptr;
    for (const Sample& smp : o.trace) {
      if (smp.stage != stage) continue;
      if (first == nullptr) first = &smp;
      last = &smp;
    }
    return (last->pressure - first->pressure) / (last->t - first->t);
  };
  const double fast = climb(LopStage::kFast);
  const double slow = climb(LopStage::kSlow);
  const double overrun = climb(LopStage::kOverrun);
  std::printf("[ figures  ] climb fast %.1f, slow %.1f, overrun %.1f mmHg/s\n", fast, slow,
              overrun);
  EXPECT_GT(fast, 1.5 * slow);
  EXPECT_GT(slow, 2.0);  // still climbing, not held
  // The fill is the pump flat out.
  for (const Sample& smp : o.trace) {
    if (smp.stage != LopStage::kFill) break;
    EXPECT_EQ(smp.out.pump_duty.value(), 1.0f);
    EXPECT_FALSE(smp.out.vent_open);
  }
}

TEST(LopMeasurement, GoesBackAtOnceOverAFallThatWentByUnheard) {
  // The pulse goes unheard for 2.5 s from the moment the cuff passes
  // 0.7 of the envelope's peak on its falling side: the next beat heard is
  // near the floor, some 20 mmHg higher, and the fall lies somewhere in
  // between. The ramp turns back down through that gap at once (before it
  // has gone on to read the floor), hears the fall on the way down, and
  // then goes on past occlusion.
  Scenario s;
  s.dropout_from = 140.0;  // the Gaussian part at 0.67 of its peak
  s.dropout_s = 2.5;
  Bench bench(s);
  LopMeasurement measurement(Frequency::hz(kControllerRateHz));
  const Outcome o = bench.run(measurement);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  std::vector<LopStage> order;
  for (const Sample& smp : o.trace) {
    if (order.empty() || order.back() != smp.stage) order.push_back(smp.stage);
  }
  const std::vector<LopStage> expected{LopStage::kFill, LopStage::kFast, LopStage::kSlow,
                                       LopStage::kRecheck, LopStage::kOverrun};
  ASSERT_EQ(order, expected);
  // It turned where the first beat after the gap was heard, well short of
  // the floor's pressures, and went down through the gap.
  double turned_at = 0;
  double lowest_after = 1e9;
  for (const Sample& smp : o.trace) {
    if (smp.stage != LopStage::kRecheck) continue;
    if (turned_at == 0) turned_at = smp.pressure;
    lowest_after = std::min(lowest_after, smp.pressure);
  }
  const double expected_lop = s.envelope.occlusion(live_threshold());
  EXPECT_LT(turned_at, expected_lop + 20.0);
  EXPECT_LT(lowest_after, 145.0);
  // Beats now lie in what was the gap, around occlusion.
  int in_gap = 0;
  for (const EnvelopePoint& p : measurement.envelope()) {
    if (std::abs(static_cast<double>(p.cuff.mmhg()) - expected_lop) < 8.0) ++in_gap;
  }
  EXPECT_GE(in_gap, 2);
  // The value: which beats land where in the fall is luck of the phase, and
  // on this narrow synthetic envelope one run's error ranges over +-6 mmHg
  // with the heart rate. So the value is judged over a span of heart rates,
  // each going back over its gap: the RMS error within the tolerance.
  const double rms = rms_error_over_heart_rates(s, expected_lop);
  EXPECT_LT(rms, kTolerance);
  std::printf(
      "[ figures  ] turned back at %.1f mmHg, down to %.1f; LOP RMS error over 60-84 bpm %.1f\n",
      turned_at, lowest_after, rms);
}

// The pulse unheard through the top of the fall only: the beats either side
// of the reading are close together, but between the peak and them lies a
// gap of over 20 mmHg where the fall was not heard (a motion pause takes out
// such a stretch, and a jolt left in it can pass for the fall's top). The
// ramp goes back down through that gap before it reads.
TEST(LopMeasurement, GoesBackThroughAGapInTheFallBelowTheReading) {
  Scenario s;
  s.dropout_from = 124.0;  // just past the peak, at 120
  s.dropout_s = 5.0;
  Bench bench(s);
  LopMeasurement measurement(Frequency::hz(kControllerRateHz));
  const Outcome o = bench.run(measurement);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  double turned_at = 0;
  double turned_s = 0;
  double lowest = 1e9;
  for (const Sample& smp : o.trace) {
    if (smp.stage != LopStage::kRecheck) continue;
    if (turned_at == 0) {
      turned_at = smp.pressure;
      turned_s = smp.t;
    }
    lowest = std::min(lowest, smp.pressure);
  }
  ASSERT_GT(turned_at, 0.0) << "no recheck";
  const double expected = s.envelope.occlusion(live_threshold());
  // It turned from above the reading and went down into the fall's gap,
  // below where the fall was first heard again (past 0.7 of the peak).
  EXPECT_GT(turned_at, expected);
  EXPECT_LT(lowest, s.dropout_from + 15.0);
  // No gap over 20 mmHg is left between the peak and the reading.
  std::vector<double> cuffs;
  for (const EnvelopePoint& p : measurement.envelope()) {
    const double c = static_cast<double>(p.cuff.mmhg());
    if (c >= s.envelope.centre && c <= expected + 10.0) cuffs.push_back(c);
  }
  std::sort(cuffs.begin(), cuffs.end());
  ASSERT_GE(cuffs.size(), 4u);
  double widest = 0;
  for (std::size_t k = 1; k < cuffs.size(); ++k) widest = std::max(widest, cuffs[k] - cuffs[k - 1]);
  EXPECT_LE(widest, 20.0);
  const double lop = static_cast<double>(o.result.lop.mmhg());
  EXPECT_NEAR(lop, expected, kTolerance);
  std::printf(
      "[ figures  ] turned back at %.1f mmHg, down to %.1f; widest gap left in the fall %.1f mmHg; "
      "LOP %.1f vs %.1f (%+.1f)\n",
      turned_at, lowest, widest, lop, expected, lop - expected);

  // The same limb with the pulse gone quiet once the ramp has turned: down
  // through the gap nothing is heard, and the reading from before the turn
  // stands, its quality halved for the fall not heard.
  Scenario quiet = s;
  quiet.silent_from_s = turned_s;
  const Outcome q = run(quiet);
  ASSERT_EQ(q.state, LopState::kSucceeded) << to_string(q.failure);
  bool went_back = false;
  for (const Sample& smp : q.trace) went_back = went_back || smp.stage == LopStage::kRecheck;
  EXPECT_TRUE(went_back);
  EXPECT_LE(q.result.quality.value(), 0.5f * o.result.quality.value() + 0.05f);
  EXPECT_NEAR(static_cast<double>(q.result.lop.mmhg()), expected, kTolerance);
  EXPECT_TRUE(vents(q.trace.back().out));
  std::printf("[ figures  ] with the pulse quiet from %.1f s: LOP %.1f, quality %.2f (%.2f)\n",
              turned_s, static_cast<double>(q.result.lop.mmhg()),
              static_cast<double>(q.result.quality.value()),
              static_cast<double>(o.result.quality.value()));
}

// A quiet sensor over a pulse that dies away above occlusion: the floor's
// pulses (0.06 mmHg) are under the least beat the detector hears, and the
// noise (0.01 mmHg) makes no beats of its own. Without the periods heard as
// they are, no floor gathers and the ramp goes on to the cap.
TEST(LopMeasurement, APulseFadedUnderHearingStillGivesTheFloor) {
  Scenario s;
  s.envelope.floor_share = 0.02;
  s.noise_sd = 0.01;
  LopConfig deaf;
  deaf.hear_quiet_periods = false;
  const Outcome without = run(s, deaf);
  EXPECT_NE(without.state, LopState::kSucceeded);
  EXPECT_TRUE(vents(without.trace.back().out));

  const Outcome o = run(s);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  const double expected = s.envelope.occlusion(live_threshold());
  const double lop = static_cast<double>(o.result.lop.mmhg());
  EXPECT_NEAR(lop, expected, kTolerance);
  EXPECT_LT(max_pressure(o), expected + 60.0);
  std::printf(
      "[ figures  ] deaf: %s after %.1f s at up to %.0f mmHg; listening: LOP %.1f vs %.1f, "
      "%.1f s, up to %.0f mmHg\n",
      to_string(without.failure), without.trace.back().t, max_pressure(without), lop, expected,
      o.trace.back().t, max_pressure(o));
}

// A jolt on the fast ramp, at the foot of a weak envelope, larger than the
// real peak will ever be: no beat comes within 0.7 of it, so the reading is
// not taken on it while the ramp can still hear more. But such a peak must
// not hold the cuff up for good: from half the time allowed the reading is
// taken as it stands.
TEST(LopMeasurement, APeakNeverConfirmedHoldsTheReadingOnlyUntilHalfTheTimeAllowed) {
  Scenario s;
  s.envelope.peak_p2p = 2.0;
  s.envelope.centre = 150.0;
  s.envelope.sigma = 28.0;
  s.jolt.height = 2.5;
  s.jolt.width = 0.25;
  s.jolt_from = 70.0;
  const LopConfig config;
  const Outcome o = run(s, config);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  const double half = static_cast<double>(config.max_duration.seconds()) / 2.0;
  const double ended = o.trace.back().t;
  EXPECT_GE(ended, half);        // held while the ramp could hear more
  EXPECT_LT(ended, half + 1.5);  // and read at the first beat past half
  EXPECT_NEAR(o.result.lop.mmhg(), s.envelope.occlusion(live_threshold()), kTolerance);
  std::printf("[ figures  ] read at %.1f s: LOP %.1f vs %.1f\n", ended,
              static_cast<double>(o.result.lop.mmhg()), s.envelope.occlusion(live_threshold()));
}

// The pulse unheard from the start of the ramp until past the envelope's
// peak (a broad one, as on a thigh): the fall and the floor are heard, the
// rise is not. Without a rise the peak may not be the envelope's own, so
// rather than ramp on to the cap the measurement goes back down under the
// peak, hears the rise there and reads.
Scenario rise_unheard() {
  Scenario s;
  s.envelope.centre = 110.0;
  s.envelope.sigma = 32.0;
  s.dropout_from = 0.0;
  s.dropout_s = 6.5;
  return s;
}

TEST(LopMeasurement, GoesBackUnderThePeakForARiseItDidNotHear) {
  const Scenario s = rise_unheard();
  const Outcome o = run(s);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  double first_heard_at = 0;
  for (const Sample& smp : o.trace) {
    if (smp.beats > 0) {
      first_heard_at = smp.pressure;
      break;
    }
  }
  EXPECT_GT(first_heard_at, s.envelope.centre);
  bool rechecked = false;
  double lowest_in_recheck = 1e9;
  for (const Sample& smp : o.trace) {
    if (smp.stage != LopStage::kRecheck) continue;
    rechecked = true;
    lowest_in_recheck = std::min(lowest_in_recheck, smp.pressure);
  }
  ASSERT_TRUE(rechecked);
  EXPECT_LT(lowest_in_recheck, s.envelope.centre);  // under the peak
  const double expected = s.envelope.occlusion(live_threshold());
  const double lop = static_cast<double>(o.result.lop.mmhg());
  EXPECT_LT(max_pressure(o), expected + 60.0);  // nowhere near the 300 mmHg cap
  // The value: this broad envelope's tail falls slowly into its floor, and
  // where the floor's beats land is luck of the phase; one run's error
  // ranges from -2 to -7 mmHg over 60-84 bpm (with or without the quiet
  // periods). So it is judged over that span, each run going back under
  // the peak: the RMS error within the tolerance.
  const double rms = rms_error_over_heart_rates(s, expected);
  EXPECT_LT(rms, kTolerance);
  std::printf(
      "[ figures  ] first beat heard at %.1f mmHg, down to %.1f; LOP %.1f vs %.1f (%+.1f), "
      "%.1f s; RMS error over 60-84 bpm %.1f\n",
      first_heard_at, lowest_in_recheck, lop, expected, lop - expected, o.trace.back().t, rms);
}

// A weak envelope whose foot carries a bump of noise-sized beats: the bump's
// fall slows the ramp long before the real envelope rises. Until a beat
// stands clear of the noise (`min_peak`) the slow ramp keeps its double
// rate; read as a pulse (a lower `min_peak`), the bump leaves the ramp
// crawling at its single rate up to the real rise.
TEST(LopMeasurement, NoiseSizedBeatsAtTheFootDoNotLeaveTheRampCrawling) {
  Scenario s;
  s.envelope.peak_p2p = 2.4;
  s.envelope.centre = 170.0;
  s.envelope.sigma = 30.0;
  s.envelope.floor_share = 0.15;
  s.envelope.foot_p2p = 0.3;
  s.envelope.foot_centre = 55.0;
  s.envelope.foot_sigma = 12.0;
  LopConfig weak_as_noise;  // min_peak 1.2 mmHg, over the bump
  LopConfig weak_as_pulse;
  weak_as_pulse.min_peak = Pressure::mmhg(0.5f);
  const Outcome noise = run(s, weak_as_noise);
  const Outcome pulse = run(s, weak_as_pulse);
  ASSERT_EQ(noise.state, LopState::kSucceeded) << to_string(noise.failure);
  ASSERT_EQ(pulse.state, LopState::kSucceeded) << to_string(pulse.failure);
  // Where each run slowed, and when it came up to the real envelope's rise.
  const auto slowed_at = [](const Outcome& o) {
    for (const Sample& smp : o.trace) {
      if (smp.stage == LopStage::kSlow) return smp.pressure;
    }
    return -1.0;
  };
  const double rise = s.envelope.centre - 1.5 * s.envelope.sigma;
  const auto reached_rise_at = [rise](const Outcome& o) {
    for (const Sample& smp : o.trace) {
      if (smp.pressure >= rise) return smp.t;
    }
    return -1.0;
  };
  // Both slowed on the bump's fall, well before the real rise.
  EXPECT_GT(slowed_at(noise), 0.0);
  EXPECT_LT(slowed_at(noise), rise - 30.0);
  EXPECT_GT(slowed_at(pulse), 0.0);
  EXPECT_LT(slowed_at(pulse), rise - 30.0);
  const double t_noise = reached_rise_at(noise);
  const double t_pulse = reached_rise_at(pulse);
  ASSERT_GT(t_noise, 0.0);
  ASSERT_GT(t_pulse, 0.0);
  EXPECT_LT(t_noise, t_pulse - 2.0);
  // The same reading either way: the fall is drawn at the same rate.
  const double expected = s.envelope.occlusion(live_threshold());
  EXPECT_NEAR(noise.result.lop.mmhg(), expected, kTolerance);
  EXPECT_NEAR(pulse.result.lop.mmhg(), expected, kTolerance);
  std::printf(
      "[ figures  ] slowed at %.1f / %.1f mmHg; at %.0f mmHg after %.1f / %.1f s; LOP %.1f / %.1f "
      "vs %.1f; ended at %.1f / %.1f s\n",
      slowed_at(noise), slowed_at(pulse), rise, t_noise, t_pulse, noise.result.lop.mmhg(),
      pulse.result.lop.mmhg(), expected, noise.trace.back().t, pulse.trace.back().t);
}

TEST(LopMeasurement, ProgressRunsFromZeroToOne) {
  const Scenario s;
  Bench bench(s);
  LopMeasurement lop(Frequency::hz(kControllerRateHz));
  EXPECT_EQ(lop.progress(at_sample(0)).value(), 0.0f);  // idle
  const Outcome o = bench.run(lop);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  float last = 0;
  float highest_running = 0;
  for (const Sample& smp : o.trace) {
    if (smp.state != LopState::kRunning) break;
    ASSERT_GE(smp.progress, last) << "at " << smp.t << " s";
    ASSERT_LE(smp.progress, 1.0f);
    last = smp.progress;
    highest_running = smp.progress;
  }
  EXPECT_LT(o.trace.front().progress, 0.05f);
  EXPECT_GT(highest_running, 0.8f);  // into the overrun before it ended
  EXPECT_LT(highest_running, 1.0f);
  EXPECT_EQ(o.trace.back().progress, 1.0f);
  EXPECT_EQ(lop.progress(at_sample(100'000)).value(), 1.0f);
}

TEST(LopMeasurement, ProgressIsZeroAfterAFailure) {
  Scenario s;
  s.pulses = false;
  const Outcome o = run(s);
  ASSERT_EQ(o.state, LopState::kFailed);
  EXPECT_EQ(o.trace.back().progress, 0.0f);
}

// Every end without a value vents, pumps nothing, and says why.
void expect_failed_and_vented(const Outcome& o, LopFailure why) {
  EXPECT_EQ(o.state, LopState::kFailed);
  EXPECT_EQ(o.failure, why) << to_string(o.failure) << " instead of " << to_string(why);
  ASSERT_FALSE(o.trace.empty());
  EXPECT_TRUE(vents(o.trace.back().out));
}

TEST(LopMeasurement, TimeoutEndsWithTimeout) {
  const Scenario s;
  LopConfig config;
  config.max_duration = Duration::from_seconds(6.0f);  // well before occlusion
  const Outcome o = run(s, config);
  expect_failed_and_vented(o, LopFailure::kTimeout);
  EXPECT_NEAR(o.trace.back().t, 6.0, 0.02);
}

TEST(LopMeasurement, EnvelopeAboveTheCapEndsWithCapReached) {
  Scenario s;
  s.envelope.centre = 200;  // the envelope still rising at the cap
  s.envelope.sigma = 30;
  s.envelope.peak_p2p = 4;
  LopConfig config;
  config.cap = Pressure::mmhg(150.0f);
  const Outcome o = run(s, config);
  expect_failed_and_vented(o, LopFailure::kCapReached);
  EXPECT_GT(max_pressure(o), 140.0);  // it did go up to the cap
}

TEST(LopMeasurement, ARiseStillUnheardUnderThePeakEndsWithNoPulseAndVents) {
  // The same limb, its pulse gone quiet once the ramp has turned back: the
  // way down finds no rise, and at its bottom the measurement ends, vented,
  // rather than going up again.
  Scenario s = rise_unheard();
  const Outcome heard = run(s);
  double turned_s = -1;
  double peak_cuff = 0;
  for (const Sample& smp : heard.trace) {
    if (smp.stage == LopStage::kRecheck) {
      turned_s = smp.t;
      break;
    }
  }
  ASSERT_GE(turned_s, 0.0);
  peak_cuff = static_cast<double>(heard.result.envelope_peak_cuff.mmhg());

  s.silent_from_s = turned_s + 0.5;
  const Outcome o = run(s);
  expect_failed_and_vented(o, LopFailure::kNoPulse);
  // It ended on the way down, under the peak it had, not at the cap.
  const Sample* end = &o.trace.back();
  for (const Sample& smp : o.trace) {
    if (smp.state != LopState::kRunning) {
      end = &smp;
      break;
    }
  }
  EXPECT_EQ(o.trace[static_cast<std::size_t>(end - o.trace.data()) - 1].stage, LopStage::kRecheck);
  EXPECT_LT(end->pressure, peak_cuff);
  EXPECT_LT(max_pressure(o), 250.0);
  std::printf("[ figures  ] turned back at %.1f s; ended at %.1f mmHg, %.1f s\n", turned_s,
              end->pressure, end->t);
}

TEST(LopMeasurement, NoOscillationsEndWithNoPulse) {
  Scenario s;
  s.pulses = false;
  const Outcome o = run(s);
  expect_failed_and_vented(o, LopFailure::kNoPulse);
  // Eight seconds of fast ramp without a beat.
  double ramp_from = -1;
  for (const Sample& smp : o.trace) {
    if (smp.stage != LopStage::kFill) {
      ramp_from = smp.t;
      break;
    }
  }
  ASSERT_GE(ramp_from, 0.0);
  EXPECT_NEAR(o.trace.back().t - ramp_from, 8.0, 0.05);
}

TEST(LopMeasurement, LeakDuringTheFillEndsWithLeak) {
  Scenario s;
  s.leak_per_s = 3.0;  // the pump flat out holds ~25 mmHg at best
  const Outcome o = run(s);
  expect_failed_and_vented(o, LopFailure::kLeak);
  EXPECT_EQ(o.trace.back().stage, LopStage::kFill);
  EXPECT_LT(max_pressure(o), 30.0);
  EXPECT_NEAR(o.trace.back().t, 8.0, 0.05);  // fill_limit
}

TEST(LopMeasurement, LeakDuringTheRampEndsWithLeak) {
  Scenario s;
  s.leak_per_s = 1.5;  // the fill reaches 30 mmHg; flat out the cuff holds ~45
  const Outcome o = run(s);
  expect_failed_and_vented(o, LopFailure::kLeak);
  EXPECT_NE(o.trace.back().stage, LopStage::kFill);
  EXPECT_LT(max_pressure(o), 50.0);
  // The pump was flat out for the last leak_after (4 s) before it gave up.
  int flat_out = 0;
  for (auto it = o.trace.rbegin() + 1; it != o.trace.rend() && it->out.pump_duty.value() >= 1.0f;
       ++it) {
    ++flat_out;
  }
  EXPECT_GE(flat_out, 390);
}

TEST(LopMeasurement, RepeatedJoltsEndWithMotion) {
  Scenario s;
  s.jolt_from = 40;  // from early in the ramp, every 2.5 s
  s.jolt_every = 2.5;
  const Outcome o = run(s);
  expect_failed_and_vented(o, LopFailure::kMotion);
  EXPECT_GT(o.jolts, LopConfig{}.max_motion_episodes);
}

TEST(LopMeasurement, AbortEndsWithStoppedAndVents) {
  const Scenario s;
  Bench bench(s);
  LopMeasurement lop(Frequency::hz(kControllerRateHz));
  const Outcome o = bench.run(lop, 0, 5.0);  // into the ramp
  ASSERT_EQ(o.state, LopState::kRunning);
  ASSERT_NE(lop.stage(), LopStage::kFill);
  ASSERT_GT(o.trace.back().out.pump_duty.value(), 0.0f);
  lop.abort();
  EXPECT_EQ(lop.state(), LopState::kFailed);
  EXPECT_EQ(lop.failure(), LopFailure::kStopped);
  EXPECT_TRUE(vents(lop.step(at_sample(501), {Pressure::mmhg(80.0f), true})));
  EXPECT_TRUE(vents(lop.step(at_sample(502), {Pressure::mmhg(80.0f), true})));
  // Aborting what is no longer running changes nothing.
  lop.abort();
  EXPECT_EQ(lop.failure(), LopFailure::kStopped);
}

TEST(LopMeasurement, SensorFaultEndsWithStoppedAndVents) {
  const Scenario s;
  Bench bench(s);
  LopMeasurement lop(Frequency::hz(kControllerRateHz));
  const Outcome o = bench.run(lop, 0, 5.0);
  ASSERT_EQ(o.state, LopState::kRunning);
  const Actuators a = lop.step(at_sample(501), {Pressure::mmhg(80.0f), false});
  EXPECT_TRUE(vents(a));
  EXPECT_EQ(lop.state(), LopState::kFailed);
  EXPECT_EQ(lop.failure(), LopFailure::kStopped);
}

TEST(LopMeasurement, NeverPumpsAtOrAboveTheCap) {
  // A flat envelope (the fast ramp runs all the way up) against the default
  // 300 mmHg cap, and an envelope above a 150 mmHg cap.
  Scenario flat;
  flat.envelope.constant = true;
  Scenario high;
  high.envelope.centre = 200;
  high.envelope.sigma = 30;
  high.envelope.peak_p2p = 4;
  for (const auto& [s, cap] : {std::pair{flat, 300.0f}, std::pair{high, 150.0f}}) {
    LopConfig config;
    config.cap = Pressure::mmhg(cap);
    const Outcome o = run(s, config);
    EXPECT_EQ(o.state, LopState::kFailed) << cap;
    EXPECT_EQ(pump_requests_at_or_above(o, static_cast<double>(cap)), 0) << cap;
    EXPECT_LT(max_pressure(o), static_cast<double>(cap)) << cap;
    EXPECT_GT(max_pressure(o), static_cast<double>(cap) - 12.0) << cap;  // it got there
  }
  // Readings at or above the cap at once: no pump, vent.
  for (float first : {300.0f, 301.0f, 350.0f}) {
    LopMeasurement lop(Frequency::hz(kControllerRateHz));
    lop.start(at_sample(0), Pressure{});
    EXPECT_TRUE(vents(lop.step(at_sample(1), {Pressure::mmhg(first), true}))) << first;
    EXPECT_EQ(lop.state(), LopState::kFailed) << first;
    EXPECT_TRUE(vents(lop.step(at_sample(2), {Pressure::mmhg(first), true}))) << first;
  }
}

TEST(LopMeasurement, CapIsClampedTo300) {
  LopConfig config;
  config.cap = Pressure::mmhg(450.0f);
  const LopMeasurement lop(Frequency::hz(kControllerRateHz), config);
  EXPECT_EQ(lop.config().cap, Pressure::mmhg(300.0f));
  config.cap = Pressure::mmhg(250.0f);
  EXPECT_EQ(LopMeasurement(Frequency::hz(kControllerRateHz), config).config().cap,
            Pressure::mmhg(250.0f));
}

TEST(LopMeasurement, OneJoltPausesTheRampAndStillSucceeds) {
  Scenario s;
  s.jolt_from = 135;   // one jolt between the envelope's peak and occlusion,
  s.jolt.height = 12;  // four times the largest pulse: unmistakably motion
  const Outcome o = run(s);
  ASSERT_GE(o.first_jolt_s, 0.0);
  EXPECT_EQ(o.jolts, 1);
  // The pause the jolt caused: the first one that starts after it.
  const std::vector<Sample>& trace = o.trace;
  std::size_t from = 0;
  while (from < trace.size() && !(trace[from].paused && trace[from].t >= o.first_jolt_s)) ++from;
  ASSERT_LT(from, trace.size()) << "the jolt did not pause the ramp";
  std::size_t to = from;
  while (to < trace.size() && trace[to].paused) ++to;
  const double paused_s = static_cast<double>(to - from) * kStepS;
  EXPECT_LT(trace[from].t, o.first_jolt_s + 2.0);  // at the beat the jolt disturbed
  EXPECT_GE(paused_s, 1.9);                        // motion_pause
  // Held: the ramp comes to rest within the pause (the drive slows down at
  // a bounded pace, not at once) and the cuff then stays put.
  std::size_t held_from = from;
  while (held_from < to &&
         !(trace[held_from].out.pump_duty.value() == 0.0f && !trace[held_from].out.vent_open)) {
    ++held_from;
  }
  ASSERT_LT(held_from, to) << "the pump never stopped during the pause";
  double lo = 1e9, hi = -1e9;
  for (std::size_t i = held_from; i < to; ++i) {
    EXPECT_EQ(trace[i].out.pump_duty.value(), 0.0f) << "at " << trace[i].t << " s";
    lo = std::min(lo, trace[i].pressure);
    hi = std::max(hi, trace[i].pressure);
  }
  const double whole = trace[to - 1].pressure - trace[from].pressure;
  std::printf(
      "[ figures  ] jolt at %.2f s, paused %.2f s from %.2f s, held from %.2f s: cuff %.1f -> "
      "%.1f mmHg, %.2f mmHg while held\n",
      o.first_jolt_s, paused_s, trace[from].t, trace[held_from].t, trace[from].pressure,
      trace[to - 1].pressure, hi - lo);
  EXPECT_LT(hi - lo, 1.0);
  EXPECT_LT(std::abs(whole), 6.0);
  EXPECT_GE(static_cast<double>(to - held_from) * kStepS, 0.5);

  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  const double expected = s.envelope.occlusion(live_threshold());
  EXPECT_NEAR(static_cast<double>(o.result.lop.mmhg()), expected, kTolerance);
  std::printf("[ figures  ] after a jolt: LOP %.1f vs %.1f (error %+.1f)\n",
              static_cast<double>(o.result.lop.mmhg()), expected,
              static_cast<double>(o.result.lop.mmhg()) - expected);
}

// The gate judges a beat against the beats kept before it, so the first
// beat of the ramp has no reference. Here the limb moves as the first beat
// is heard, on a low-pressure envelope (peak at 100 mmHg, like the arms of
// the bench where this blocked the reading until the cap). Before the fix
// the measurement ended with "cap reached" (the jolt also left the detector
// deaf for seconds); with only the detector's early hysteresis capped it
// read 21 mmHg low (the jolt stood as the envelope's peak). Now the first
// beat is judged once three more have come, and taken out.
TEST(LopMeasurement, AJoltOnTheFirstBeatIsTakenOutOnceBeatsFollow) {
  Scenario s;
  s.envelope.centre = 100;
  s.envelope.sigma = 25;
  s.jolt_from = 50;  // the first beat after the settling time
  s.jolt.height = 8;
  Bench bench(s);
  LopMeasurement lop(Frequency::hz(kControllerRateHz));
  const Outcome o = bench.run(lop);
  ASSERT_EQ(o.jolts, 1);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  // No beat of the jolt's size is left, so it cannot be the peak.
  for (const EnvelopePoint& p : lop.envelope()) EXPECT_LT(p.amplitude.mmhg(), 4.0f);
  EXPECT_LT(o.result.peak_amplitude.mmhg(), 1.2f * static_cast<float>(s.envelope.peak_p2p));
  const double expected = s.envelope.occlusion(live_threshold());
  EXPECT_NEAR(static_cast<double>(o.result.lop.mmhg()), expected, kTolerance);
  std::printf("[ figures  ] jolt on the first beat at %.2f s: LOP %.1f vs %.1f, peak %.2f mmHg\n",
              o.first_jolt_s, static_cast<double>(o.result.lop.mmhg()), expected,
              static_cast<double>(o.result.peak_amplitude.mmhg()));
}

// An envelope whose peak is under LopConfig::min_peak is what sensor noise
// alone can make: the ramp goes on (the pulse may yet grow) and at the cap
// the measurement ends with "no pulse", not a number. A device with a
// quieter sensor lowers min_peak and reads the same small pulse.
TEST(LopMeasurement, APulseTooSmallToTellFromNoiseEndsWithNoPulse) {
  Scenario s;
  s.envelope.peak_p2p = 0.9;
  s.envelope.floor_share = 0.3;  // floor beats above the detector's 0.2 mmHg
  const Outcome o = run(s);
  expect_failed_and_vented(o, LopFailure::kNoPulse);

  LopConfig quiet;
  quiet.min_peak = Pressure::mmhg(0.4f);
  const Outcome q = run(s, quiet);
  ASSERT_EQ(q.state, LopState::kSucceeded) << to_string(q.failure);
  // A pulse this small, near the detector's 0.2 mmHg floor, is placed less
  // exactly than the usual 3 mmHg one (+6 mmHg here): a wider tolerance.
  EXPECT_NEAR(static_cast<double>(q.result.lop.mmhg()), s.envelope.occlusion(live_threshold()),
              10.0);
}

TEST(LopMeasurement, TheLeastPulseReadIsThreeNoiseSdsAndNeverUnderOneMmhg) {
  EXPECT_FLOAT_EQ(min_peak_for_noise(Pressure::mmhg(0.4f)).mmhg(), 1.2f);
  EXPECT_FLOAT_EQ(min_peak_for_noise(Pressure::mmhg(1.0f)).mmhg(), 3.0f);
  EXPECT_FLOAT_EQ(min_peak_for_noise(Pressure::mmhg(0.15f)).mmhg(), 1.0f);
  EXPECT_FLOAT_EQ(min_peak_for_noise(Pressure::mmhg(0.0f)).mmhg(), 1.0f);
  EXPECT_FLOAT_EQ(LopConfig{}.min_peak.mmhg(), 1.2f);  // the MPX5050's 0.4 mmHg
}

TEST(LopMeasurement, FlatEnvelopeGivesNoLop) {
  Scenario s;
  s.envelope.constant = true;
  const Outcome o = run(s);
  EXPECT_EQ(o.state, LopState::kFailed);
  EXPECT_TRUE(o.failure == LopFailure::kCapReached || o.failure == LopFailure::kNoPulse)
      << to_string(o.failure);
  for (const Sample& smp : o.trace) ASSERT_NE(smp.state, LopState::kSucceeded);
}

TEST(LopMeasurement, RestartAfterAFailureStartsClean) {
  // The first attempt finds no pulse; the cuff vents; the second attempt,
  // with the same object on a pulsing cuff, succeeds.
  Scenario none;
  none.pulses = false;
  Bench first(none);
  LopMeasurement lop(Frequency::hz(kControllerRateHz));
  const Outcome failed = first.run(lop);
  ASSERT_EQ(failed.failure, LopFailure::kNoPulse);

  const Scenario s;
  Bench second(s);
  second.plant().pressure = first.plant().pressure;
  second.idle(Actuators::vent(), 20.0);
  ASSERT_LT(second.plant().pressure, 1.0);
  const auto origin = static_cast<std::int64_t>(failed.trace.size()) + 2000;
  const Outcome o = second.run(lop, origin);
  EXPECT_EQ(o.trace.front().state, LopState::kRunning);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  EXPECT_EQ(lop.failure(), LopFailure::kNone);
  EXPECT_NEAR(static_cast<double>(o.result.lop.mmhg()), s.envelope.occlusion(live_threshold()),
              kTolerance);
}

TEST(LopMeasurement, EnvelopeExposesTheAcceptedBeats) {
  const Scenario s;
  Bench bench(s);
  LopMeasurement lop(Frequency::hz(kControllerRateHz));
  EXPECT_EQ(lop.beats(), 0);
  const Outcome o = bench.run(lop);
  ASSERT_EQ(o.state, LopState::kSucceeded) << to_string(o.failure);
  for (const Sample& smp : o.trace) {
    ASSERT_EQ(static_cast<std::size_t>(smp.beats), smp.envelope_size) << "at " << smp.t << " s";
  }
  const OcclusionEstimator& env = lop.envelope();
  EXPECT_EQ(static_cast<std::size_t>(lop.beats()), env.size());
  EXPECT_EQ(static_cast<std::size_t>(o.result.beats_used), env.size());
  ASSERT_GE(env.size(), 10u);
  // The beats lie on the ramp, in pressure order, and trace the envelope:
  // the largest near its centre, the last ones down near its floor.
  const EnvelopePoint* largest = env.begin();
  for (const EnvelopePoint* p = env.begin(); p != env.end(); ++p) {
    EXPECT_GE(p->cuff.mmhg(), 25.0f);
    EXPECT_LE(static_cast<double>(p->cuff.mmhg()), max_pressure(o) + 3.0);
    EXPECT_GT(p->amplitude.mmhg(), 0.0f);
    if (p != env.begin()) {
      EXPECT_GT(p->cuff, (p - 1)->cuff);
    }
    if (p->amplitude > largest->amplitude) largest = p;
  }
  EXPECT_NEAR(static_cast<double>(largest->cuff.mmhg()), s.envelope.centre, 15.0);
  EXPECT_LT((env.end() - 1)->amplitude.mmhg(), 0.5f * largest->amplitude.mmhg());
  // The sizes are the pulse's, through the pulse band: within a third.
  EXPECT_NEAR(static_cast<double>(largest->amplitude.mmhg()), s.envelope.peak_p2p,
              s.envelope.peak_p2p / 3.0);
}

}  // namespace
}  // namespace bfr::core

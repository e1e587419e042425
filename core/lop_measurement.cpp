#include "core/lop_measurement.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::core {
namespace {

Pressure median3(Pressure a, Pressure b, Pressure c) {
  return max(min(a, b), min(max(a, b), c));
}

// The pump follows the ramp with a PI loop; the feed-forward share keeps it
// moving while the integral takes up cuff and limb compliance.
constexpr float kRampFeedForward = 0.25f;
constexpr float kRampKp = 0.08f;  // duty per mmHg of lag
constexpr float kRampKi = 0.02f;  // duty per mmHg*s
constexpr float kPrefillDuty = 1.0f;
// A beat more than this many times the recent median is taken as motion.
// The envelope's low tail can grow by ~1.6x per beat on the ramp, so the
// factor leaves room above that.
constexpr float kArtefactFactor = 3.0f;
// Heart rate varies by about +-7 % within a person at rest (LF and
// respiratory modulation, facts section 4); a beat at under 70 % of the
// recent interval is not the heart.
constexpr float kEarlyBeatShare = 0.7f;
// The ramp must track: lagging by more than this with the pump flat out
// for kLeakWindow means air escapes faster than the pump delivers.
constexpr float kLeakLagMmhg = 25.0f;
constexpr Duration kLeakWindow = Duration::from_seconds(4.0f);
// An arterial envelope rises from low cuff pressures to its peak; a flat
// train of pulses (a rhythmic artefact, a pulse that never changes with
// pressure) has no such rise and yields no LOP.
constexpr float kMinEnvelopeRise = 1.5f;
// The sensor reads the cuff a sample or two late and the pump coasts for a
// moment after it stops: end this far below the cap so that the cuff itself
// never passes it. (On the virtual population a 40 Hz bridge ADC let the
// cuff reach 300.5 mmHg against a 300 mmHg cap without it.)
constexpr Pressure kCapMargin = Pressure::mmhg(3.0f);

}  // namespace

LopMeasurement::LopMeasurement(Frequency sample_rate, LopConfig config)
    : sample_rate_(sample_rate),
      config_(config),
      splitter_(sample_rate),
      placer_(splitter_.baseline_delay()) {
  if (config_.cap > Pressure::mmhg(300.0f)) config_.cap = Pressure::mmhg(300.0f);
}

void LopMeasurement::start(TimePoint now, Pressure cuff) {
  splitter_.settle(cuff);
  detector_.reset();
  state_ = LopState::kRunning;
  failure_ = LopFailure::kNone;
  result_ = {};
  started_ = now;
  ramping_ = false;
  integral_ = 0;
  beat_count_ = envelope_count_ = peak_index_ = 0;
  artefacts_ = 0;
  skip_next_ = false;
  placer_.reset();
  last_beat_at_ = now;
}

void LopMeasurement::abort() {
  if (state_ == LopState::kRunning) fail(LopFailure::kStopped);
}

void LopMeasurement::fail(LopFailure why) {
  state_ = LopState::kFailed;
  failure_ = why;
}

Pressure LopMeasurement::ramp_target(TimePoint now) const {
  return config_.start + config_.ramp * (now - ramp_started_);
}

Fraction LopMeasurement::progress(TimePoint now) const {
  if (state_ == LopState::kSucceeded) return Fraction(1.0f);
  if (state_ != LopState::kRunning) return Fraction(0.0f);
  const float span = (config_.cap - config_.start).mmhg();
  const float done = ramping_ ? (ramp_target(now) - config_.start).mmhg() : 0.0f;
  return Fraction(std::clamp(done / span, 0.0f, 1.0f));
}

Actuators LopMeasurement::step(TimePoint now, const Readings& in) {
  if (state_ != LopState::kRunning) return Actuators::vent();
  if (!in.sensor_ok) {
    fail(LopFailure::kStopped);
    return Actuators::vent();
  }
  if (now - started_ > config_.max_duration) {
    fail(LopFailure::kTimeout);
    return Actuators::vent();
  }
  if (in.cuff + kCapMargin >= config_.cap) {
    fail(LopFailure::kCapReached);
    return Actuators::vent();
  }

  const auto parts = splitter_.step(in.cuff);
  if (!ramping_) {
    if (in.cuff < config_.start) return {Fraction(kPrefillDuty), Fraction(0), false};
    ramping_ = true;
    ramp_started_ = now;
    last_beat_at_ = now;
    splitter_.settle(in.cuff);
  }

  Beat beat;
  if (detector_.step(now, parts.oscillation, parts.baseline, beat)) {
    last_beat_at_ = now;
    on_beat(beat);
    if (state_ != LopState::kRunning) return Actuators::vent();
  }
  if (now - last_beat_at_ > config_.no_pulse_after) {
    fail(LopFailure::kNoPulse);
    return Actuators::vent();
  }

  const float lag = (ramp_target(now) - in.cuff).mmhg();
  if (lag > kLeakLagMmhg && now - ramp_started_ > kLeakWindow) {
    fail(LopFailure::kLeak);
    return Actuators::vent();
  }
  const float dt = 1.0f / sample_rate_.hz();
  integral_ = std::clamp(integral_ + lag * dt, -20.0f, 40.0f);
  const float duty = std::clamp(kRampFeedForward + kRampKp * lag + kRampKi * integral_, 0.0f, 1.0f);
  return {Fraction(duty), Fraction(0), false};
}

bool LopMeasurement::is_artefact(const Beat& beat) const {
  if (beat_count_ < 3) return false;
  const Pressure recent =
      median3(beats_[beat_count_ - 1].amplitude, beats_[beat_count_ - 2].amplitude,
              beats_[beat_count_ - 3].amplitude);
  if (beat.amplitude > recent * kArtefactFactor) return true;
  if (beat_count_ < 4) return false;
  // A beat that comes much sooner than the rhythm allows is an extra
  // crossing made by motion, however small its amplitude.
  const auto gap = [&](std::size_t k) { return (beats_[k].at - beats_[k - 1].at).us(); };
  const std::int64_t a = gap(beat_count_ - 1), b = gap(beat_count_ - 2), c = gap(beat_count_ - 3);
  const std::int64_t rhythm = std::max(std::min(a, b), std::min(std::max(a, b), c));
  const std::int64_t since_last = (beat.at - beats_[beat_count_ - 1].at).us();
  return static_cast<float>(since_last) < kEarlyBeatShare * static_cast<float>(rhythm);
}

void LopMeasurement::on_beat(const Beat& raw) {
  const Beat beat = placer_.place(raw);
  if (skip_next_) {
    // The beat after an artefact carries the tail of its filtered transient.
    skip_next_ = false;
    return;
  }
  if (is_artefact(beat)) {
    if (++artefacts_ > config_.max_artefacts) {
      fail(LopFailure::kMotion);
      return;
    }
    // A motion bump through the pulse band spreads over about a second, so
    // the beats on either side of it are not trusted either.
    drop_last_beat();
    skip_next_ = true;
    return;
  }
  if (beat_count_ == kMaxBeats) {
    fail(LopFailure::kTimeout);
    return;
  }
  beats_[beat_count_++] = beat;
  if (beat_count_ < 3) return;

  // Each envelope point is the median of three neighbouring beats, placed at
  // the middle beat's cuff pressure: one odd beat cannot move the result.
  const Beat& mid = beats_[beat_count_ - 2];
  envelope_[envelope_count_++] = {
      mid.cuff,
      median3(beats_[beat_count_ - 1].amplitude, mid.amplitude, beats_[beat_count_ - 3].amplitude),
      mid.interval};
  if (envelope_[envelope_count_ - 1].amplitude > envelope_[peak_index_].amplitude) {
    peak_index_ = envelope_count_ - 1;
  }
  try_conclude();
}

void LopMeasurement::drop_last_beat() {
  if (beat_count_ == 0) return;
  // Every beat from the third on produced one envelope point.
  if (beat_count_ >= 3) --envelope_count_;
  --beat_count_;
  peak_index_ = 0;
  for (std::size_t i = 1; i < envelope_count_; ++i) {
    if (envelope_[i].amplitude > envelope_[peak_index_].amplitude) peak_index_ = i;
  }
}

void LopMeasurement::try_conclude() {
  // Two consecutive envelope points below the threshold after the peak.
  if (envelope_count_ < peak_index_ + 3) return;
  const Pressure threshold = envelope_[peak_index_].amplitude * config_.stop_ratio;
  const EnvelopePoint& last = envelope_[envelope_count_ - 1];
  const EnvelopePoint& before = envelope_[envelope_count_ - 2];
  if (last.amplitude >= threshold || before.amplitude >= threshold) return;
  Pressure lowest_before_peak = envelope_[0].amplitude;
  for (std::size_t i = 1; i < peak_index_; ++i) {
    lowest_before_peak = min(lowest_before_peak, envelope_[i].amplitude);
  }
  if (envelope_[peak_index_].amplitude < lowest_before_peak * kMinEnvelopeRise) return;

  // Interpolate the crossing between the last point above and the first
  // below the threshold, walking down from the peak.
  std::size_t above = peak_index_;
  while (above + 1 < envelope_count_ && envelope_[above + 1].amplitude >= threshold) ++above;
  const EnvelopePoint& hi = envelope_[above];
  const EnvelopePoint& lo = envelope_[above + 1];
  const float span = (hi.amplitude - lo.amplitude).mmhg();
  const float share = span > 0 ? (hi.amplitude - threshold).mmhg() / span : 0.0f;
  result_.lop = hi.cuff + (lo.cuff - hi.cuff) * share;

  // Heart rate from the median beat interval; regularity from its spread.
  std::array<float, kMaxBeats> intervals{};
  std::size_t n = 0;
  for (std::size_t i = 1; i < beat_count_; ++i) intervals[n++] = beats_[i].interval.seconds();
  std::sort(intervals.begin(), intervals.begin() + static_cast<std::ptrdiff_t>(n));
  const float median_interval = n > 0 ? intervals[n / 2] : 1.0f;
  float spread = 0;
  for (std::size_t i = 0; i < n; ++i) spread += std::fabs(intervals[i] - median_interval);
  spread = n > 0 ? spread / static_cast<float>(n) / median_interval : 1.0f;
  result_.heart_rate = Frequency::hz(1.0f / median_interval);

  const auto after_peak = static_cast<float>(envelope_count_ - peak_index_);
  const float coverage = std::min(1.0f, after_peak / 5.0f);
  const float regularity = std::clamp(1.0f - 2.0f * spread, 0.0f, 1.0f);
  const float cleanliness =
      1.0f - static_cast<float>(artefacts_) / static_cast<float>(config_.max_artefacts + 1);
  result_.quality = Fraction(coverage * regularity * cleanliness);
  result_.beats_used = static_cast<int>(beat_count_);
  result_.artefacts = artefacts_;
  state_ = LopState::kSucceeded;
}

}  // namespace bfr::core

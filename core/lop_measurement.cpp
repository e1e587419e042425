#include "core/lop_measurement.hpp"

#include "core/fall_fit.hpp"

#include <algorithm>
#include <cstdint>

namespace bfr::core {
namespace {

// The sensor reads the cuff a sample or two late and the pump coasts for a
// moment after it stops: end this far below the cap so that the cuff itself
// never passes it. (On the virtual population a 40 Hz bridge ADC let the
// cuff reach 300.5 mmHg against a 300 mmHg cap without it.)
constexpr Pressure kCapMargin = Pressure::mmhg(3.0f);
// Before the ramp slows, the envelope must have risen this much over its
// foot: a flat train of pulses has no peak to slow down after.
constexpr float kMinEnvelopeRise = 1.4f;
// A beat this far below the peak is past it, however little the envelope
// rose before.
constexpr float kClearFall = 0.7f;
// The pulse counts as lost on the fast ramp (see kLostBeats) only once the
// envelope has risen at least this much.
constexpr float kMinRiseBeforeLoss = 1.15f;
// The pulse has settled to its floor when the last three beats are all
// under this share of the peak and within this share of it of each other.
constexpr float kSettledBelow = 0.6f;
constexpr float kSettledSpread = 0.25f;
// A recheck goes down to this far below the beat under the gap.
constexpr Pressure kRecheckBelow = Pressure::mmhg(5.0f);
// Going back for a rise that went unheard: down at the overrun's rate to
// this far above the peak, then slowly to at most this far under it (never
// under where the ramp starts; the reading is taken as soon as the rise is
// heard). A wide envelope is still at 0.8 of its peak 20 mmHg under it.
constexpr Pressure kSlowAbovePeak = Pressure::mmhg(20.0f);
constexpr Pressure kUnderPeak = Pressure::mmhg(30.0f);
// Room enough under the peak to hear a rise: a few beats at the slow rate.
constexpr Pressure kLeastUnderPeak = Pressure::mmhg(15.0f);
// Once two beats in a row are at or under this share of the peak, the pulse
// is past its fall and may fade under the detector's hearing: every heart
// period without a beat then adds a point (RecordedLopAnalysis).
constexpr float kQuietBelow = 0.5f;
// A beat at this share of the largest or more stands beside the peak.
constexpr float kPeakNeighbour = 0.7f;
// A fall seen to go by between two beats as it happens: from a beat still
// at this share of the peak or more to one at or under the second share,
// over this much pressure. (The live check refuses a reading only across
// a gap over 20 mmHg; a fall of 0.7 to 0.45 across 18-20 mmHg passes it,
// with the level placed anywhere in the gap.)
constexpr float kSkippedFallFrom = 0.7f;
constexpr float kSkippedFallTo = 0.45f;
constexpr Pressure kSkippedFallGap = Pressure::mmhg(18.0f);
// The fast ramp slows down anyway when the pulse goes missing for this many
// beats after it has risen: it may be falling into occlusion unseen.
constexpr std::int64_t kLostBeats = 2;
// A pulse lost while still this large beside the peak was not fading out:
// hold still to hear it again, for so long at most.
constexpr float kStrongPulse = 0.5f;
constexpr Duration kMaxHoldForPulse = Duration::from_seconds(5.0f);
// Held this far under the cap, for so long at most, to read the floor there.
constexpr Pressure kTopHoldBelow = Pressure::mmhg(10.0f);
constexpr Duration kTopHoldFor = Duration::from_seconds(3.0f);
// At the cap, the floor may come from the top tenth of the sweep.
constexpr Fraction kCapFloorZone = Fraction(0.1f);
// The fill is timed from here (the pump has spun up) to `start`.
constexpr Pressure kFillTimedFrom = Pressure::mmhg(10.0f);

bool peak_stands_on_its_own(const OcclusionEstimator& env) {
  // A peak carried by one beat alone may be an odd beat (or a jolt) at the
  // foot of the envelope; the real peak is then still to come, and reading
  // from the odd one, or going back under it, is wrong. A peak another beat
  // comes close to is the envelope's own.
  Pressure largest;
  for (const EnvelopePoint& p : env) largest = max(largest, p.amplitude);
  int near_peak = 0;
  for (const EnvelopePoint& p : env) {
    if (p.amplitude >= largest * kPeakNeighbour) ++near_peak;
  }
  return near_peak >= 2;
}

std::size_t largest_beat(const OcclusionEstimator& env) {
  std::size_t k = 0;
  for (std::size_t i = 1; i < env.size(); ++i) {
    if (env.begin()[i].amplitude > env.begin()[k].amplitude) k = i;
  }
  return k;
}

}  // namespace

const char* to_string(LopStage stage) {
  switch (stage) {
    case LopStage::kFill:
      return "fill";
    case LopStage::kFast:
      return "fast ramp";
    case LopStage::kSlow:
      return "slow ramp";
    case LopStage::kOverrun:
      return "past occlusion";
    case LopStage::kRecheck:
      return "rechecking";
    case LopStage::kTopHold:
      return "holding under the cap";
  }
  return "?";
}

OcclusionConfig live_occlusion_config() {
  OcclusionConfig c;
  c.floor_zone = Fraction(0.25f);
  c.threshold = Fraction(0.26f);
  c.widen_floor_zone = true;
  c.min_floor_points = 4;
  c.sparse_peak = true;
  return c;
}

BeatDetectorLimits live_beat_limits() {
  BeatDetectorLimits b;
  b.hysteresis_share = Fraction(0.12f);
  // About a third of a second: it takes up an offset within a beat, and
  // scales a 1 Hz pulse by ~0.93, the same for every beat.
  b.midline_time_constant = Duration::from_ms(350);
  return b;
}

// Chosen on the LOP bench's populations, seeds 1-10, with the limb named in
// every command, run once on seeds 11-20, and checked on seeds 31-40 once
// the switch at LopConfig::shared_pace_within was in (docs/LOP.md, "Pace by
// limb").
LopPace thigh_lop_pace() {
  LopPace p;
  // A thigh's envelope peaks well above 50 mmHg on every cuff of the bench
  // (60 cost the widest cuffs their rise), and its start can take a jump in
  // the ramp's rate that an arm's cannot.
  p.start = Pressure::mmhg(50.0f);
  p.fast_ramp_from = PressureRate::mmhg_per_s(10.0f);
  // Its fall spans 50-90 mmHg: a coarser step draws it in as many beats as
  // an arm's narrower one.
  p.slow_step_per_beat = Pressure::mmhg(5.0f);
  p.slow_ramp_max = PressureRate::mmhg_per_s(9.0f);
  p.overrun_ramp = PressureRate::mmhg_per_s(11.0f);
  p.floor_margin = Pressure::mmhg(2.0f);
  return p;
}

LopPace upper_arm_lop_pace() {
  LopPace p;
  // The arm keeps the shared pace, start from rest included (a head start
  // cost low-pressure arms their first beats, and success), but ends once
  // its floor's beats stand 2 mmHg clear of the reading rather than 5: about
  // 0.35 s of median time, with accuracy inside the targets.
  p.floor_margin = Pressure::mmhg(2.0f);
  return p;
}

const LopPace& LopConfig::pace_for(std::optional<LimbSegment> limb) const {
  if (!limb) return pace;
  return *limb == LimbSegment::kThigh ? thigh_pace : upper_arm_pace;
}

LopMeasurement::LopMeasurement(Frequency sample_rate, LopConfig config)
    : sample_rate_(sample_rate),
      config_(config),
      pace_(config.pace),
      splitter_(sample_rate),
      motion_band_(sample_rate),
      drive_(sample_rate, config.drive),
      analysis_(sample_rate, config.estimator, config.beats),
      motion_({config.motion_pause, config.max_motion_episodes}) {
  if (config_.cap > Pressure::mmhg(300.0f)) config_.cap = Pressure::mmhg(300.0f);
}

void LopMeasurement::start(TimePoint now, Pressure cuff, std::optional<LimbSegment> limb) {
  pace_ = config_.pace_for(limb);
  splitter_.settle(cuff);
  analysis_ = RecordedLopAnalysis(sample_rate_, config_.estimator, config_.beats);
  state_ = LopState::kRunning;
  stage_ = LopStage::kFill;
  failure_ = LopFailure::kNone;
  result_ = {};
  started_ = stage_started_ = last_beat_at_ = now;
  baseline_ = cuff;
  fill_seen_ = false;
  beats_seen_ = artefacts_seen_ = 0;
  points_seen_ = 0;
  first_judged_ = false;
  went_back_ = going_back_ = false;
  went_under_peak_ = going_under_peak_ = false;
  rechecking_gap_ = false;
  motion_.reset(now);
  envelope_peak_ = envelope_foot_ = Pressure{};
  have_foot_ = false;
  slow_rate_ = pace_.slow_ramp_min;
  heart_rate_ = Frequency{};
  last_amplitude_ = Pressure{};
}

void LopMeasurement::abort() {
  if (state_ == LopState::kRunning) fail(LopFailure::kStopped);
}

void LopMeasurement::fail(LopFailure why) {
  state_ = LopState::kFailed;
  failure_ = why;
}

Fraction LopMeasurement::progress(TimePoint now) const {
  if (state_ == LopState::kSucceeded) return Fraction(1.0f);
  if (state_ != LopState::kRunning) return Fraction(0.0f);
  // Each stage has its share of the bar and fills it at its typical pace.
  struct Span {
    float from, to, typical_s;
  };
  const Span s = [this] {
    switch (stage_) {
      case LopStage::kFill:
        return Span{0.0f, 0.05f, 2};
      case LopStage::kFast:
        return Span{0.05f, 0.45f, 8};
      case LopStage::kSlow:
        return Span{0.45f, 0.8f, 8};
      case LopStage::kOverrun:
        return Span{0.8f, 0.95f, 4};
      case LopStage::kRecheck:
      case LopStage::kTopHold:
        break;
    }
    return Span{0.95f, 0.98f, 6};
  }();
  const float share = std::min(1.0f, (now - stage_started_).seconds() / s.typical_s);
  return Fraction(s.from + (s.to - s.from) * share);
}

PressureRate LopMeasurement::ramp_rate() const {
  switch (stage_) {
    case LopStage::kSlow:
      // Twice the step while the pulse is near its peak (the steep fall is
      // still ahead), and while no beat has yet stood clear of the sensor's
      // noise: a few noise-sized beats at the foot of a weak envelope can
      // slow the ramp long before there is a fall to draw (on the bench,
      // narrow-cuff thighs crawled 30-45 s from 60-90 mmHg up to a pulse
      // that first rose clear of the noise at 130-150 mmHg).
      return last_amplitude_ > envelope_peak_ * config_.steep_below ||
                     envelope_peak_ < config_.min_peak
                 ? PressureRate::mmhg_per_s(2.0f * slow_rate_.mmhg_per_s())
                 : slow_rate_;
    case LopStage::kOverrun:
      return pace_here().overrun_ramp;
    case LopStage::kRecheck:
      // Going back for the rise, the fall and floor above the peak are
      // already heard: down through them at the overrun's rate.
      return going_under_peak_ && cuff_now() > recheck_slow_under_
                 ? PressureRate::mmhg_per_s(-pace_here().overrun_ramp.mmhg_per_s())
                 : PressureRate::mmhg_per_s(-slow_rate_.mmhg_per_s());
    case LopStage::kTopHold:
      return PressureRate{};
    default:
      return config_.fast_ramp;
  }
}

const LopPace& LopMeasurement::pace_here() const {
  return cuff_now() < config_.cap - config_.shared_pace_within ? pace_ : config_.pace;
}

PressureRate LopMeasurement::slow_rate_for(Frequency heart_rate) const {
  const LopPace& pace = pace_here();
  const float per_s = heart_rate.hz() > 0 ? pace.slow_step_per_beat.mmhg() * heart_rate.hz()
                                          : pace.slow_ramp_min.mmhg_per_s();
  return PressureRate::mmhg_per_s(
      std::clamp(per_s, pace.slow_ramp_min.mmhg_per_s(), pace.slow_ramp_max.mmhg_per_s()));
}

Pressure LopMeasurement::cuff_now() const {
  return baseline_ + drive_.measured_rate() * splitter_.baseline_delay();
}

void LopMeasurement::begin_ramp(TimePoint now, Pressure cuff) {
  // The fill was a step: start the filters as if the cuff had always been
  // here, so that the step does not ring through the pulse band.
  splitter_.settle(cuff);
  motion_band_.start(cuff);
  ramp_started_ = now;
  const Duration fill_time = now - fill_seen_at_;
  const PressureRate fill_rate =
      fill_seen_ && fill_time.us() > 0 ? (cuff - fill_seen_cuff_) / fill_time : PressureRate{};
  drive_.start(cuff, config_.fast_ramp, fill_rate, pace_.fast_ramp_from);
  analysis_.ignore_beats_until(now + config_.settle);
  stage_ = LopStage::kFast;
  stage_started_ = last_beat_at_ = now;
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
  if (in.cuff + kCapMargin >= config_.cap ||
      (stage_ == LopStage::kTopHold && now - stage_started_ > kTopHoldFor)) {
    end_at_cap();
    return Actuators::vent();
  }

  if (stage_ == LopStage::kFill) {
    if (!fill_seen_ && in.cuff >= kFillTimedFrom) {
      // How fast the cuff fills with the pump flat out tells the ramp drive
      // how much duty a rate takes on this cuff and limb.
      fill_seen_ = true;
      fill_seen_at_ = now;
      fill_seen_cuff_ = in.cuff;
    }
    if (in.cuff < pace_.start) {
      if (now - started_ > config_.fill_limit) {
        fail(LopFailure::kLeak);
        return Actuators::vent();
      }
      return {Fraction(1.0f), Fraction(0), false, true};
    }
    begin_ramp(now, in.cuff);
  }

  baseline_ = splitter_.step(in.cuff).baseline;
  watch_motion_band(now, in.cuff);
  if (state_ != LopState::kRunning) return Actuators::vent();
  analysis_.add(now, in.cuff);
  if (analysis_.beats() + analysis_.quiet_points() != beats_seen_) on_new_beats(now);
  if (state_ != LopState::kRunning) return Actuators::vent();

  if (stage_ == LopStage::kFast && now - last_beat_at_ > config_.no_pulse_after) {
    fail(LopFailure::kNoPulse);
    return Actuators::vent();
  }
  // A strong pulse that goes unheard for a couple of beats (the limb moved,
  // or it is fading faster than the detector follows): slow down, and hold
  // the pressure for a while to hear it again rather than ramp on blind
  // through the fall.
  const bool lost =
      have_foot_ && heart_rate_.hz() > 0 && now - last_beat_at_ > heart_rate_.period() * kLostBeats;
  if (lost && stage_ == LopStage::kFast && envelope_peak_ >= rise_foot_ * kMinRiseBeforeLoss) {
    stage_ = LopStage::kSlow;
    stage_started_ = now;
  }
  const bool hold_for_pulse = lost && stage_ == LopStage::kSlow &&
                              last_amplitude_ > envelope_peak_ * kStrongPulse &&
                              now - last_beat_at_ < kMaxHoldForPulse;
  if ((stage_ == LopStage::kSlow || stage_ == LopStage::kOverrun) &&
      cuff_now() + kCapMargin + kTopHoldBelow >= config_.cap) {
    // Nearly at the cap with the floor not yet read: hold here and read it
    // from the beats at this pressure (a limb whose occlusion lies close
    // under the cap leaves no room to ramp past it).
    stage_ = LopStage::kTopHold;
    stage_started_ = now;
  }
  if (stage_ == LopStage::kRecheck && going_under_peak_ && cuff_now() < recheck_down_to_) {
    // Back under the peak and still no rise to it: there is no envelope
    // here to read (ramping up again only ended at the cap or the time
    // limit on the bench).
    fail(LopFailure::kNoPulse);
    return Actuators::vent();
  }
  if (stage_ == LopStage::kRecheck && going_back_ && cuff_now() < recheck_down_to_) {
    // Back under the beat before the fall: the gap has been covered.
    going_back_ = false;
    stage_ = LopStage::kOverrun;
    stage_started_ = now;
  }
  if (stage_ == LopStage::kRecheck && cuff_now() < recheck_down_to_) {
    // Down through the gap and still no beats in it. A gap in the fall
    // below a reading that was otherwise sound leaves that reading, as it
    // was (its quality halved for the fall not heard); a gap across the
    // reading leaves nothing to read.
    if (rechecking_gap_) {
      const RecordedLopResult r = analysis_.finish();
      const LiveReadingCheck check = check_live_reading(
          r.estimate, analysis_.envelope(), pace_.floor_margin, false, config_.min_peak);
      if (r.ok && (check.ok || check.ok_but_fall_gap)) {
        conclude(r, check);
        return Actuators::vent();
      }
    }
    fail(LopFailure::kNotAboveOcclusion);
    return Actuators::vent();
  }
  if (drive_.flat_out_for() > config_.leak_after) {
    fail(LopFailure::kLeak);
    return Actuators::vent();
  }

  listen_for_quiet_periods(paused(now));
  // A motion pause holds the pressure where it is.
  if (paused(now) || hold_for_pulse) {
    drive_.set_rate(PressureRate{});
  } else {
    drive_.set_rate(ramp_rate());
  }
  return drive_.step(baseline_);
}

void LopMeasurement::listen_for_quiet_periods(bool paused_now) {
  // Above occlusion the modelled pulse dies away (Babbs 2012, facts section
  // 4) and what the detector hears there is mostly the sensor's noise: on a
  // quiet sensor no beats come, the floor never gathers, and the ramp went
  // on to the cap (half the bench's limbs at a quarter of the textbook
  // noise). Past the fall, a heart period without a beat is read as what it
  // is: a pulse too small to trigger the detector, measured all the same.
  const OcclusionEstimator& env = analysis_.envelope();
  // Only on the way up: going back down, the pulse is expected back, and
  // a beat missed there is not a pulse too small to hear.
  const bool rising =
      stage_ == LopStage::kSlow || stage_ == LopStage::kOverrun || stage_ == LopStage::kTopHold;
  const bool faded = config_.hear_quiet_periods && rising && !paused_now && heart_rate_.hz() > 0 &&
                     envelope_peak_ >= config_.min_peak && env.size() >= 2 &&
                     env.end()[-1].amplitude <= envelope_peak_ * kQuietBelow &&
                     env.end()[-2].amplitude <= envelope_peak_ * kQuietBelow;
  analysis_.hear_quiet_periods(faded ? heart_rate_.period() : Duration{});
}

bool LopMeasurement::conclude_without_lone_peak(bool at_cap) {
  // A peak no other beat comes near, still so once the reading is due (late,
  // or at the cap), may be a jolt the motion gate let through on the fast
  // ramp, with the real envelope standing on its own further up (seed 6 limb
  // 744 of the bench: a 4 mmHg jolt at 70 mmHg over a thigh whose pulse
  // peaked at 2.3 mmHg near 200, read 88 mmHg low). Read the beats without it
  // and the motion pause that would have followed it; if they make a
  // reading with a peak of their own, take that. Otherwise the caller reads
  // the beats as they are (a narrow envelope crossed in two or three beats
  // of the fast ramp can show a lone peak of its own).
  // The rest must stand on its own: its own peak, above the one set aside,
  // and every check passed (no gap in the fall, even at the cap).
  const OcclusionEstimator& env = analysis_.envelope();
  if (env.size() == 0 || peak_stands_on_its_own(env)) return false;
  RecordedLopResult r = analysis_.finish();
  if (r.failure == LopFailure::kMotion) return false;
  const std::size_t lone = largest_beat(env);
  const Pressure lone_cuff = env.begin()[lone].cuff;
  const TimePoint from = analysis_.accepted_at(lone);
  const RecordedLopAnalysis::Span pause =
      analysis_.accepted_between(from, from + config_.motion_pause);
  OcclusionEstimator rest = env;
  rest.erase(pause.first, pause.last);
  if (!peak_stands_on_its_own(rest)) return false;
  r.estimate = rest.estimate();
  if (!r.estimate.ok || r.estimate.peak_cuff <= lone_cuff) return false;
  r.ok = true;
  const LiveReadingCheck check =
      check_live_reading(r.estimate, rest, pace_.floor_margin, at_cap, config_.min_peak);
  if (!check.ok) return false;
  conclude(r, check, rest);
  return true;
}

void LopMeasurement::end_at_cap() {
  if (conclude_without_lone_peak(true)) return;
  // The last beats may just have completed the floor. At the cap there is no
  // room left for the floor to settle, so a floor still falling is taken;
  // and the floor may be read from the very top of the sweep (its top tenth,
  // or its four highest beats) when the usual top quarter reaches down into
  // the fall. Otherwise there is no number, however tempting what there is.
  RecordedLopResult r = analysis_.finish();
  LiveReadingCheck check = check_live_reading(r.estimate, analysis_.envelope(), pace_.floor_margin,
                                              true, config_.min_peak);
  if (!check.ok && !check.ok_but_fall_gap && r.ok) {
    OcclusionConfig top = config_.estimator;
    top.floor_zone = kCapFloorZone;
    const OcclusionEstimator narrow = analysis_.envelope().with_config(top);
    const OcclusionEstimate e = narrow.estimate();
    const LiveReadingCheck narrow_check =
        check_live_reading(e, narrow, pace_.floor_margin, true, config_.min_peak);
    if (narrow_check.ok || narrow_check.ok_but_fall_gap) {
      r.estimate = e;
      check = narrow_check;
    }
  }
  // At the cap there is no going back through a gap in the fall either.
  if (check.ok || check.ok_but_fall_gap) {
    conclude(r, check);
  } else if (r.ok && check.pulse_too_weak) {
    // Something rose and fell, but no more than noise does: no pulse.
    fail(LopFailure::kNoPulse);
  } else {
    fail(r.failure == LopFailure::kNoPulse || r.failure == LopFailure::kMotion
             ? r.failure
             : LopFailure::kCapReached);
  }
}

void LopMeasurement::on_new_beats(TimePoint now) {
  beats_seen_ = analysis_.beats() + analysis_.quiet_points();
  last_beat_at_ = now;
  // The analysis set a beat aside as a jolt: motion. (Its count can also go
  // down, when it takes a jolt back as a real change of the pulse.)
  const bool new_jolt = analysis_.artefacts() > artefacts_seen_;
  artefacts_seen_ = analysis_.artefacts();
  if (new_jolt) on_jolt(now);

  const OcclusionEstimator& env = analysis_.envelope();
  for (; points_seen_ < env.size(); ++points_seen_) {
    const Pressure amplitude = env.begin()[points_seen_].amplitude;
    if (motion_.is_jolt(amplitude, stage_ == LopStage::kFast)) {
      on_jolt(now);
      break;
    }
    if (paused(now)) continue;
    motion_.keep(amplitude);
    note_envelope(amplitude);
    // Slow down at the first beat clearly short of the peak: on the fast
    // ramp the fall into occlusion takes only a few beats, so waiting for a
    // smoothed envelope to confirm it would miss it.
    // (A ramp that starts near the peak, on a low mean arterial pressure,
    // shows little rise: there a clear fall is enough.)
    const bool past_peak = (envelope_peak_ >= rise_foot_ * kMinEnvelopeRise &&
                            amplitude <= envelope_peak_ * config_.slow_below) ||
                           amplitude <= envelope_peak_ * kClearFall;
    if (stage_ == LopStage::kFast && past_peak) {
      stage_ = LopStage::kSlow;
      stage_started_ = now;
    }
    if (points_seen_ > 0) {
      go_back_over_skipped_fall(now, env.begin()[points_seen_ - 1], env.begin()[points_seen_]);
    }
    last_amplitude_ = amplitude;
    if (stage_ == LopStage::kSlow && points_seen_ >= 2 && has_settled(env, points_seen_)) {
      stage_ = LopStage::kOverrun;
      stage_started_ = now;
    }
  }
  judge_first_beat(now);
  if (state_ != LopState::kRunning) return;
  if (paused(now)) {
    // Nothing from the motion, or from just before it, is used.
    analysis_.discard_since(motion_.discard_from());
    points_seen_ = env.size();
    return;
  }
  if (state_ != LopState::kRunning) return;
  const RecordedLopResult r = analysis_.finish();
  slow_rate_ = slow_rate_for(r.heart_rate);
  heart_rate_ = r.heart_rate;
  if (stage_ == LopStage::kFast) return;

  if (r.failure == LopFailure::kMotion) {
    fail(LopFailure::kMotion);
    return;
  }
  if (!r.ok) return;
  if (going_under_peak_) {
    // The rise heard on the way down may move the peak lower: so does the
    // bottom of the way down.
    recheck_down_to_ = min(recheck_down_to_, max(r.estimate.peak_cuff - kUnderPeak, pace_.start));
  }
  const LiveReadingCheck check =
      check_live_reading(r.estimate, env, pace_.floor_margin, false, config_.min_peak);
  const bool late = now - started_ >= config_.max_duration / 2;
  if (late && conclude_without_lone_peak(false)) return;
  // A peak no other beat comes within 0.7 of is not yet the envelope's own:
  // on the bench a motion impulse on the fast ramp stood as the peak of
  // thighs whose real envelope lay far above, its ringing passed for the
  // fall and the real pulse's foot for the floor (read 135-157 mmHg low).
  // The ramp goes on, in the first half of the time allowed; later, and at
  // the cap, such a reading is still taken (a lone beat the real envelope
  // never comes near must not hold the cuff up until the cap).
  if ((check.ok || (check.ok_but_fall_gap && late && stage_ != LopStage::kRecheck)) &&
      (peak_stands_on_its_own(env) || late)) {
    // (A gap in the fall found late is not gone back for: the way down and
    // up again would not fit in the time left. The reading's quality says
    // how little of the fall was heard.)
    conclude(r, check);
  } else if (check.gap_only && stage_ != LopStage::kRecheck) {
    // Everything but the gap is there: go back down through it.
    stage_ = LopStage::kRecheck;
    stage_started_ = now;
    recheck_down_to_ = check.below_gap - kRecheckBelow;
    rechecking_gap_ = true;
  } else if (check.gap_only && check.gap_in_fall && rechecking_gap_ && !late) {
    // Down through the gap across the reading, and a gap in the fall below
    // it still open: on down through that too.
    recheck_down_to_ = min(recheck_down_to_, check.below_gap - kRecheckBelow);
  } else if (check.rise_only && !went_under_peak_ && stage_ != LopStage::kRecheck &&
             r.estimate.peak_cuff - kLeastUnderPeak >= pace_.start && peak_stands_on_its_own(env) &&
             !late) {
    // A clean fall and floor, but no rise heard before the peak (its beats
    // went out with a motion pause, or the detector missed them): without
    // the rise the peak may not be the envelope's own. Go back down under
    // it, hearing the rise on the way; ramping on would only end at the cap.
    // Only in the first half of the time allowed: later, the way down and
    // the slow pass under the peak no longer fit before the time limit.
    went_under_peak_ = going_under_peak_ = true;
    stage_ = LopStage::kRecheck;
    stage_started_ = now;
    recheck_down_to_ = max(r.estimate.peak_cuff - kUnderPeak, pace_.start);
    recheck_slow_under_ = r.estimate.peak_cuff + kSlowAbovePeak;
  }
}

void LopMeasurement::note_envelope(Pressure amplitude) {
  // The rise: the peak so far against the smallest beat before it. A low
  // odd beat can only make the ramp slow down early, which costs time, not
  // accuracy.
  if (!have_foot_ || amplitude > envelope_peak_) {
    rise_foot_ = have_foot_ ? envelope_foot_ : amplitude;
    envelope_peak_ = amplitude;
  }
  envelope_foot_ = have_foot_ ? min(envelope_foot_, amplitude) : amplitude;
  have_foot_ = true;
}

void LopMeasurement::on_jolt(TimePoint now) {
  if (!motion_.on_jolt(now)) {
    fail(LopFailure::kMotion);
    return;
  }
  analysis_.discard_since(motion_.discard_from());
  renote_envelope();
}

void LopMeasurement::watch_motion_band(TimePoint now, Pressure cuff) {
  const float swing = motion_band_.step(cuff).mmhg();
  const float threshold = config_.motion_band_threshold.mmhg();
  if (threshold <= 0 || now - ramp_started_ < config_.motion_band_after) return;
  if (swing <= threshold && -swing <= threshold) return;
  // A swing heard during a pause does not extend it: the jolt's own ringing
  // is mostly over by the pause's end, and on the bench extending it cost
  // time and gave three more readings far off the truth (seeds 1-10).
  if (!paused(now)) on_jolt(now);
}

void LopMeasurement::renote_envelope() {
  // The envelope's peak and foot from the beats left after some were taken out.
  points_seen_ = analysis_.envelope().size();
  envelope_peak_ = Pressure{};
  have_foot_ = false;
  for (const EnvelopePoint& p : analysis_.envelope()) note_envelope(p.amplitude);
}

void LopMeasurement::judge_first_beat(TimePoint now) {
  // The gate judges each beat against the beats kept before it, so the
  // first beat of the ramp passes unjudged; a jolt there stood as the
  // envelope's peak (on low-pressure arms of the bench it blocked the
  // reading until the cap). Once three more beats have come it is judged
  // against them, and if it was motion it goes, with the beats of the pause
  // that would have followed it, and the ramp's notion of the peak is
  // rebuilt from what is left.
  const OcclusionEstimator& env = analysis_.envelope();
  if (first_judged_ || env.size() < 4) return;
  first_judged_ = true;
  const EnvelopePoint* p = env.begin();
  if (!MotionGate::first_was_jolt(p[0].amplitude, p[1].amplitude, p[2].amplitude, p[3].amplitude)) {
    return;
  }
  if (!motion_.on_past_jolt()) {
    fail(LopFailure::kMotion);
    return;
  }
  analysis_.discard_until(analysis_.accepted_at(0) + config_.motion_pause);
  renote_envelope();
  for (const EnvelopePoint& q : analysis_.envelope()) motion_.keep(q.amplitude);
  // The false peak may have slowed the ramp: the next beat decides again.
  if (stage_ == LopStage::kSlow) {
    stage_ = LopStage::kFast;
    stage_started_ = now;
  }
}

void LopMeasurement::go_back_over_skipped_fall(TimePoint now, const EnvelopePoint& before,
                                               const EnvelopePoint& beat) {
  // The pulse fell from near its peak to near its floor between two beats
  // far apart (the fast ramp's spacing, or a beat the detector missed): the
  // fall lies somewhere in that gap and the fit can only guess where. Go
  // back down through the gap at once, slowly, hearing its beats on the way
  // down, then on past occlusion. Caught now, this costs the gap twice;
  // caught by the live check once the floor is read, it costs the whole way
  // back down from the top of the sweep (docs/LOP.md). Once per measurement.
  // (`before` is the beat kept before this one: beats heard in a motion
  // pause are gone from the envelope by the time the next is kept.)
  if (stage_ == LopStage::kSlow && !went_back_ &&
      before.amplitude >= envelope_peak_ * kSkippedFallFrom &&
      beat.amplitude <= envelope_peak_ * kSkippedFallTo &&
      beat.cuff - before.cuff >= kSkippedFallGap) {
    went_back_ = going_back_ = true;
    stage_ = LopStage::kRecheck;
    stage_started_ = now;
    recheck_down_to_ = before.cuff - kRecheckBelow;
  } else if (going_back_ && beat.amplitude >= envelope_peak_ * kSkippedFallFrom) {
    // The pulse is back near its peak: the fall lies above here.
    going_back_ = false;
    stage_ = LopStage::kOverrun;
    stage_started_ = now;
  }
}

bool LopMeasurement::has_settled(const OcclusionEstimator& env, std::size_t last) const {
  // The last three beats low and level: the pulse is down to its floor.
  Pressure lo = env.begin()[last].amplitude;
  Pressure hi = lo;
  for (std::size_t k = last - 2; k < last; ++k) {
    lo = min(lo, env.begin()[k].amplitude);
    hi = max(hi, env.begin()[k].amplitude);
  }
  return hi <= envelope_peak_ * kSettledBelow && hi - lo <= envelope_peak_ * kSettledSpread;
}

void LopMeasurement::conclude(const RecordedLopResult& r, const LiveReadingCheck& check) {
  conclude(r, check, analysis_.envelope());
}

void LopMeasurement::conclude(const RecordedLopResult& r, const LiveReadingCheck& check,
                              const OcclusionEstimator& beats) {
  // The checks passed on the crossing; the value is read from a step fitted
  // to the whole fall (core/fall_fit.hpp), which leans on every beat of it.
  OcclusionEstimate e = r.estimate;
  if (config_.fit_fall) refine_by_fit(beats, e);
  result_.lop = e.occlusion;
  result_.heart_rate = r.heart_rate;
  result_.envelope_peak_cuff = r.estimate.peak_cuff;
  result_.floor_amplitude = r.estimate.floor_amplitude;
  result_.peak_amplitude = r.estimate.peak_amplitude;
  const float clean =
      r.beats > 0 ? 1.0f - static_cast<float>(r.artefacts) / static_cast<float>(r.beats) : 0.0f;
  // A reading between beats far apart is placed by interpolation alone.
  const float placed = placement_share(check.gap);
  // A floor read while still falling (at the cap) reads occlusion low.
  const float settled = check.floor_still_falling ? 0.5f : 1.0f;
  result_.quality = Fraction(r.estimate.quality.value() * clean * (0.5f + 0.5f * placed) * settled);
  result_.beats_used = r.estimate.points;
  result_.artefacts = r.artefacts;
  state_ = LopState::kSucceeded;
}

}  // namespace bfr::core

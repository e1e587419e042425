#pragma once
// Limb occlusion pressure measured through the cuff itself, live.
//
// The cuff is inflated along a ramp in three stages, each as fast as what it
// has to resolve allows:
//   fill  full pump up to `start`, where the pulse is still small;
//   fast  a quick ramp up the rising side of the pulsation envelope: only
//         where the envelope peaks, and how high, is needed from here;
//   slow  from the first beat past the peak, a few mmHg per heartbeat
//         through the fall into occlusion (twice that while the pulse is
//         still near its peak);
//   overrun once the last beats have settled low and level, a quicker ramp
//         for the beats that show the floor the pulse keeps above
//         occlusion (the cuff goes on picking up a pulse at its upper edge,
//         so "no pulse" is never the criterion);
//   recheck only if the fall into occlusion went by between two beats too
//         far apart to place it (a pulse fading faster than the detector
//         could follow): down again slowly through that gap, so that its
//         beats are heard on the way down, and read again; at once when a
//         beat near the peak is followed by one near the floor far above
//         it, then on past occlusion;
//   top hold just under the cap with the floor not yet read: held still for
//         a few seconds to read it from the beats there.
// Every sample from the start of the ramp goes through the very analysis
// that reads recorded sweeps (core::RecordedLopAnalysis: pulse band
// splitter, beat detector with heart-rate plausibility and jolt rejection,
// floor-corrected occlusion estimator), so a live value and a replay of the
// same samples agree. The measurement ends once that analysis reads
// occlusion with its floor read wholly from beats above that occlusion, not
// from the falling edge.
//
// A jolt (a beat several times the size of the recent ones) holds the ramp
// still for `motion_pause`, so that the beats that follow are taken at the
// pressure where the motion struck; too many jolts and the measurement ends
// with `motion` rather than give a number from corrupted data.
//
// Bounded: never drives the cuff above `cap` (300 mmHg at most), never runs
// longer than `max_duration`, and every end without a value carries a
// LopFailure the user can read. After the end the request is to vent.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/beat_detector.hpp"
#include "core/biquad.hpp"
#include "core/events.hpp"
#include "core/io_types.hpp"
#include "core/limb_segment.hpp"
#include "core/live_reading_check.hpp"
#include "core/motion_band.hpp"
#include "core/motion_gate.hpp"
#include "core/occlusion_estimator.hpp"
#include "core/ramp_drive.hpp"
#include "core/recorded_lop_analysis.hpp"
#include "core/units.hpp"

namespace bfr::core {

// The estimator settings for a live ramp (docs/LOP.md):
//   - the floor from the top quarter of the sweep above the peak, and at
//     least its four highest beats (a recorded sweep usually runs far past
//     occlusion and can afford the top 40 %; a live ramp stops as soon as it
//     may, and hears few beats up there);
//   - the peak's size from the two largest beats when the smoothed envelope
//     shows less (the fast ramp crosses the peak in two or three beats);
//   - occlusion at 0.26 of the way from the floor to the peak, set on the
//     simulated population (the thigh reads about 2 mmHg lower than the arm
//     whatever the value; 0.26 puts both within +-2 mmHg, seeds 1-10, since
//     the quiet periods past the fall (0.27 before them)).
OcclusionConfig live_occlusion_config();
// The beat detector for a live ramp, whose rate changes: levels about a
// midline, and a hysteresis low enough to follow a pulse that fades within
// two or three beats of the fast ramp.
BeatDetectorLimits live_beat_limits();

// The ramp's pace: the settings that may differ with the limb the cuff is
// on. A thigh's envelope is broad and its LOP high (a 5 cm cuff may need
// 230-320 mmHg), an arm's narrow and low, so the pace that draws an arm's
// fall in enough detail spends time a thigh could save (docs/LOP.md,
// "Pace by limb").
struct LopPace {
  // Full pump up to here, then the ramp: low enough that the first beats
  // heard (after `settle`) lie below the envelope's peak even on a low mean
  // arterial pressure (45 mmHg lost 5-7 % of the arms for under a second).
  Pressure start = Pressure::mmhg(30.0f);
  // The fast ramp starts at this rate and gathers the rest gradually; zero
  // starts it from rest. A jump in the ramp's rate rings through the pulse
  // band for a second or two, which low-pressure arms cannot spare: their
  // first beats lie just under the envelope's peak.
  PressureRate fast_ramp_from{};
  // Above occlusion, where only the floor is left to read.
  PressureRate overrun_ramp = PressureRate::mmhg_per_s(8.0f);
  // Through occlusion the ramp moves about this much per heartbeat, within
  // the two rates below: the fall is drawn with the same detail at 50 and
  // at 110 beats a minute.
  Pressure slow_step_per_beat = Pressure::mmhg(4.0f);
  PressureRate slow_ramp_min = PressureRate::mmhg_per_s(4.0f);
  PressureRate slow_ramp_max = PressureRate::mmhg_per_s(7.0f);
  // The measurement ends once the beats the floor is read from all lie at
  // least this far above the occlusion it reads.
  Pressure floor_margin = Pressure::mmhg(5.0f);
};
// The paces used when the host names the limb (docs/LOP.md, "Pace by
// limb"); with no limb named the measurement keeps LopConfig::pace, which
// suits both.
LopPace thigh_lop_pace();
LopPace upper_arm_lop_pace();

struct LopConfig {
  LopPace pace;  // when the limb is not named
  LopPace thigh_pace = thigh_lop_pace();
  LopPace upper_arm_pace = upper_arm_lop_pace();
  // Within this of the cap the slow, overrun and recheck stages go at
  // `pace`'s rates whatever the limb's: a high LOP next to the cap leaves
  // room for few beats above it, and a coarse step there spreads the
  // floor's beats past the cap. 60 mmHg (from 240 under the 300 mmHg cap),
  // chosen on seeds 1-30 of the bench among 60-100 (docs/LOP.md, "Pace by
  // limb"): narrow thigh cuffs with a LOP of 250-300 mmHg ended at the cap
  // without it.
  Pressure shared_pace_within = Pressure::mmhg(60.0f);
  PressureRate fast_ramp = PressureRate::mmhg_per_s(15.0f);
  // The ramp slows at the first beat below this share of the envelope's
  // peak so far: at the peak. On a wide cuff occlusion lies only 15-30 mmHg
  // above it, one or two beats of the fast ramp.
  Fraction slow_below = Fraction(0.97f);
  // While the pulse is still above this share of its peak the slow ramp
  // moves twice its step per beat: the steep fall comes later. (So it does
  // while the envelope's peak so far is under `min_peak`: noise only.)
  Fraction steep_below = Fraction(0.75f);
  // The smallest envelope peak read as a pulse (core/live_reading_check.hpp:
  // three SDs of the sensor's noise, 1.2 mmHg for the MPX5050's 0.4). Below
  // it the measurement ends with "no pulse" rather than a number.
  Pressure min_peak = kDefaultMinPeak;
  Pressure cap = Pressure::mmhg(300.0f);  // never above; 300 is the absolute maximum
  Duration max_duration = Duration::from_seconds(60.0f);
  // Still short of `start` after this: air escapes as fast as it comes.
  Duration fill_limit = Duration::from_seconds(8.0f);
  // The pump flat out this long and the ramp still behind: a leak.
  Duration leak_after = Duration::from_seconds(4.0f);
  // No beat at all this long on the way up to the envelope peak.
  Duration no_pulse_after = Duration::from_seconds(8.0f);
  Duration motion_pause = Duration::from_seconds(2.0f);
  // Motion below the heart rate (core/motion_band.hpp): a swing in that band
  // larger than this is a jolt too, however small the beats it leaves.
  // Zero turns it off. Chosen on the LOP bench, seeds 1-10, among 0.9-1.3
  // mmHg (docs/LOP.md, "Motion below the heart rate").
  Pressure motion_band_threshold = Pressure::mmhg(1.1f);
  // The band is not listened to until the ramp has run this long: its
  // start from rest is a bend the band sees.
  Duration motion_band_after = Duration::from_seconds(3.0f);
  // More motion episodes than this and the measurement gives up.
  int max_motion_episodes = 4;
  // The first beats of the ramp carry the filters' start-up: not used. (The
  // ramp gathers speed for about 2 s and leaves an offset in the pulse band
  // meanwhile, which the detector's midline takes up; 2.6 s here would skip
  // it too, but on a low mean arterial pressure leaves too few beats below
  // the envelope's peak.)
  Duration settle = Duration::from_seconds(1.5f);
  // Read the value from a step fitted to the whole fall (core/fall_fit.hpp)
  // rather than from the smoothed envelope's crossing alone.
  bool fit_fall = true;
  // Past the fall, count each heart period without a beat as a point of the
  // envelope (the pulse band's peak to trough over it), so that a pulse
  // fading under the detector's hearing still gives the floor its beats.
  bool hear_quiet_periods = true;
  RampDriveConfig drive;
  OcclusionConfig estimator = live_occlusion_config();
  BeatDetectorLimits beats = live_beat_limits();

  const LopPace& pace_for(std::optional<LimbSegment> limb) const;
};

struct LopResult {
  Pressure lop;
  Frequency heart_rate;
  Fraction quality;  // 0..1, from envelope contrast, beats, and jolts
  int beats_used = 0;
  int artefacts = 0;  // jolts set aside
  Pressure envelope_peak_cuff;
  Pressure floor_amplitude;
  Pressure peak_amplitude;
};

enum class LopState : std::uint8_t { kIdle, kRunning, kSucceeded, kFailed };
enum class LopStage : std::uint8_t { kFill, kFast, kSlow, kOverrun, kRecheck, kTopHold };
const char* to_string(LopStage stage);

class LopMeasurement {
 public:
  explicit LopMeasurement(Frequency sample_rate, LopConfig config = {});

  // Starts a new measurement; the cuff should be deflated. With the limb
  // named the ramp takes that limb's pace.
  void start(TimePoint now, Pressure cuff, std::optional<LimbSegment> limb = {});
  // One sample in, the actuators the measurement wants out. Once the state
  // is no longer kRunning the request is to vent.
  Actuators step(TimePoint now, const Readings& in);
  void abort();

  LopState state() const { return state_; }
  LopStage stage() const { return stage_; }
  LopFailure failure() const { return failure_; }
  const LopResult& result() const { return result_; }
  // A rough share of the measurement done, for progress displays.
  Fraction progress(TimePoint now) const;
  const LopConfig& config() const { return config_; }
  // The pace of the measurement under way (or of the last one).
  const LopPace& pace() const { return pace_; }
  // The beats accepted so far (cuff pressure, amplitude), for live displays.
  const OcclusionEstimator& envelope() const { return analysis_.envelope(); }
  int beats() const { return static_cast<int>(analysis_.envelope().size()); }
  bool paused(TimePoint now) const { return motion_.paused(now); }

 private:
  void begin_ramp(TimePoint now, Pressure cuff);
  void on_new_beats(TimePoint now);
  void conclude(const RecordedLopResult& r, const LiveReadingCheck& check);
  void conclude(const RecordedLopResult& r, const LiveReadingCheck& check,
                const OcclusionEstimator& beats);
  void end_at_cap();
  void fail(LopFailure why);
  Pressure cuff_now() const;
  PressureRate slow_rate_for(Frequency heart_rate) const;
  const LopPace& pace_here() const;
  bool conclude_without_lone_peak(bool at_cap);
  void listen_for_quiet_periods(bool paused_now);
  void on_jolt(TimePoint now);
  void watch_motion_band(TimePoint now, Pressure cuff);
  void judge_first_beat(TimePoint now);
  void note_envelope(Pressure amplitude);
  void renote_envelope();
  PressureRate ramp_rate() const;
  bool has_settled(const OcclusionEstimator& env, std::size_t last) const;
  void go_back_over_skipped_fall(TimePoint now, const EnvelopePoint& before,
                                 const EnvelopePoint& beat);

  Frequency sample_rate_;
  LopConfig config_;
  LopPace pace_;
  PulseBandSplitter splitter_;  // for the ramp drive
  MotionBand motion_band_;
  TimePoint ramp_started_;
  RampDrive drive_;
  RecordedLopAnalysis analysis_;
  LopState state_ = LopState::kIdle;
  LopStage stage_ = LopStage::kFill;
  LopFailure failure_ = LopFailure::kNone;
  LopResult result_{};
  TimePoint started_;
  TimePoint stage_started_;
  TimePoint last_beat_at_;
  Pressure baseline_;
  bool fill_seen_ = false;
  TimePoint fill_seen_at_;
  Pressure fill_seen_cuff_;

  bool first_judged_ = false;  // the first beat, judged once three more came
  int beats_seen_ = 0;
  int artefacts_seen_ = 0;
  std::size_t points_seen_ = 0;
  MotionGate motion_;
  Pressure envelope_peak_;
  Pressure envelope_foot_;  // the smallest beat so far
  Pressure rise_foot_;      // the smallest beat before the peak
  bool have_foot_ = false;
  PressureRate slow_rate_;
  Frequency heart_rate_;
  Pressure recheck_down_to_;
  Pressure last_amplitude_;        // between the beats either side of the last reading
  bool went_back_ = false;         // over a fall skipped between two beats (once)
  bool going_back_ = false;        // on the way down for it
  bool went_under_peak_ = false;   // for a rise that went unheard (once)
  bool going_under_peak_ = false;  // on the way down for it
  Pressure recheck_slow_under_;    // down at the overrun's rate above this
  bool rechecking_gap_ = false;    // down through a gap across the reading or in the fall
};

}  // namespace bfr::core

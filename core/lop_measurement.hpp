#pragma once
// Limb occlusion pressure measured through the cuff itself: the cuff is
// inflated along a slow ramp while the arterial pulsations it picks up are
// tracked beat by beat; the pressure where the pulsation envelope has fallen
// past its peak to a set share of it is taken as the occlusion pressure.
//
// This first version uses the classic fixed-ratio rule on the inflation
// envelope. The ratio default is the middle of the systolic ratios that met
// the AAMI limits in Liu et al. 2014 (0.44-0.74, bfr-facts section 4).
//
// The measurement is bounded: it never drives the cuff above `cap`, never
// runs longer than `max_duration`, and every end without a value carries a
// LopFailure reason.

#include <array>
#include <cstddef>

#include "core/beat_detector.hpp"
#include "core/biquad.hpp"
#include "core/events.hpp"
#include "core/io_types.hpp"
#include "core/units.hpp"

namespace bfr::core {

struct LopConfig {
  Pressure start = Pressure::mmhg(30.0f);  // fast fill up to here, then ramp
  PressureRate ramp = PressureRate::mmhg_per_s(6.0f);
  Pressure cap = Pressure::mmhg(300.0f);  // never above; 300 is the absolute maximum
  Duration max_duration = Duration::from_seconds(60.0f);
  Fraction stop_ratio = Fraction(0.59f);                   // envelope share that marks occlusion
  Duration no_pulse_after = Duration::from_seconds(8.0f);  // ramp time without beats
  int max_artefacts = 6;
};

struct LopResult {
  Pressure lop;
  Frequency heart_rate;
  Fraction quality;  // 0..1, from beat count, rhythm regularity and artefacts
  int beats_used = 0;
  int artefacts = 0;
};

enum class LopState : std::uint8_t { kIdle, kRunning, kSucceeded, kFailed };

class LopMeasurement {
 public:
  explicit LopMeasurement(Frequency sample_rate, LopConfig config = {});

  // Starts a new measurement; the cuff should be deflated.
  void start(TimePoint now, Pressure cuff);
  // One sample in, the actuators the measurement wants out. Once the state
  // is no longer kRunning the request is to vent.
  Actuators step(TimePoint now, const Readings& in);
  void abort();

  LopState state() const { return state_; }
  LopFailure failure() const { return failure_; }
  const LopResult& result() const { return result_; }
  // Share of the expected ramp covered so far, for progress displays.
  Fraction progress(TimePoint now) const;
  const LopConfig& config() const { return config_; }

 private:
  static constexpr std::size_t kMaxBeats = 192;
  struct EnvelopePoint {
    Pressure cuff;
    Pressure amplitude;  // median of three neighbouring beats
    Duration interval;
  };

  void on_beat(const Beat& beat);
  bool is_artefact(const Beat& beat) const;
  void try_conclude();
  void drop_last_beat();
  void fail(LopFailure why);
  Pressure ramp_target(TimePoint now) const;

  Frequency sample_rate_;
  LopConfig config_;
  PulseBandSplitter splitter_;
  BeatDetector detector_;
  BeatPlacer placer_;
  LopState state_ = LopState::kIdle;
  LopFailure failure_ = LopFailure::kNone;
  LopResult result_{};
  TimePoint started_;
  TimePoint ramp_started_;
  bool ramping_ = false;
  TimePoint last_beat_at_;
  float integral_ = 0;

  std::array<Beat, kMaxBeats> beats_{};
  std::array<EnvelopePoint, kMaxBeats> envelope_{};
  std::size_t beat_count_ = 0;
  std::size_t envelope_count_ = 0;
  std::size_t peak_index_ = 0;
  int artefacts_ = 0;
  bool skip_next_ = false;
};

}  // namespace bfr::core

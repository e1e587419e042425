#pragma once
// Finds arterial beats in the oscillation part of the cuff signal, one
// peak-to-trough amplitude per beat, with heart-rate plausibility so that
// noise wiggles and motion bursts are not taken for pulses.

#include "core/units.hpp"

namespace bfr::core {

struct Beat {
  TimePoint at;        // time of the beat's upstroke
  Duration interval;   // since the previous accepted beat (zero for the first)
  Pressure amplitude;  // peak-to-trough of the oscillation
  Pressure cuff;       // baseline cuff pressure at the beat
  // When the oscillation peaked within the cycle. The cycle closes at the
  // next upstroke, most of a beat after the pulse itself, so on a sweep the
  // pressure the pulse met is the one at its peak, not at `at`.
  TimePoint peak_at;
};

struct BeatDetectorLimits {
  Frequency min_rate = Frequency::per_minute(30.0f);
  Frequency max_rate = Frequency::per_minute(180.0f);
  // Below this nothing is a beat. White sensor noise of 0.4 mmHg SD (facts
  // section 4) leaves ~0.15 mmHg SD in the pulse band at 100 Hz; pulses
  // near occlusion are still ~0.9 mmHg on a thigh cuff.
  // A quieter sensor sets it from its own noise (noise_floor_for_noise).
  Pressure noise_floor = Pressure::mmhg(0.2f);
  // The hysteresis follows this share of the smallest of the last three
  // beats: ripples on a large beat (the dicrotic wave) stay under it, while
  // a pulse fading to a few times smaller from one beat to the next is still
  // heard.
  Fraction hysteresis_share = Fraction(0.2f);
  // While fewer than three beats are known the hysteresis stays under
  // this: pulses of +-0.3 mmHg and more stay audible after a jolt among
  // the first beats, and a clean start, whose first beats (about 1 mmHg at
  // most at the envelope's foot) set less, is heard as before.
  Pressure early_hysteresis_max = Pressure::mmhg(0.3f);
  // Levels are taken about a midline that follows the signal with this
  // time constant (zero: about zero). A ramp whose rate changes leaves an
  // offset in the pulse band's high-pass for a while, which would hold the
  // signal on one side of the hysteresis; a steady sweep leaves none.
  Duration midline_time_constant;
};

// The least beat for a sensor of the given white noise: half its SD, so
// 0.2 mmHg for the textbook 0.4 and never above that. A fixed 0.2 mmHg left
// a quieter sensor deaf to the faded pulse above occlusion (docs/LOP.md).
// Never under 0.05 mmHg, the detector's least hysteresis: a sensor given as
// noiseless (or with a nonsense SD) does not make every wiggle a beat.
constexpr Pressure noise_floor_for_noise(Pressure noise_sd) {
  const Pressure half = noise_sd * 0.5f;
  if (half > Pressure::mmhg(0.2f)) return Pressure::mmhg(0.2f);
  return half < Pressure::mmhg(0.05f) ? Pressure::mmhg(0.05f) : half;
}

class BeatDetector {
 public:
  explicit BeatDetector(Frequency sample_rate, BeatDetectorLimits limits = {});

  // Feeds one sample; returns true and fills `beat` when a beat completed.
  bool step(TimePoint now, Pressure oscillation, Pressure baseline, Beat& beat);
  void reset();
  // The last sample as the detector judged it: about its midline.
  Pressure level() const { return Pressure::mmhg(level_); }

 private:
  BeatDetectorLimits limits_;
  float level_ = 0;
  bool armed_ = false;  // went below -hysteresis since the last upstroke
  bool have_upstroke_ = false;
  TimePoint last_upstroke_;
  TimePoint last_beat_;
  bool have_beat_ = false;
  float peak_ = 0;
  float trough_ = 0;
  TimePoint peak_at_;
  float midline_ = 0;
  float midline_share_ = 0;  // zero: no midline
  float hysteresis_ = 0.05f;
  // Last three cycle amplitudes: the hysteresis follows the smallest, so
  // that one motion bump cannot make the detector deaf to the next beats and
  // a fading envelope is followed down.
  float recent_[3] = {0, 0, 0};
  int recent_count_ = 0;
  int recent_next_ = 0;
};

// The baseline a beat is measured against follows a pressure sweep late by
// the band splitter's delay, and the beat is reported when its cycle closes,
// after its peak. This places each beat at the cuff pressure of its peak,
// from the sweep's slope between consecutive beats.
class BeatPlacer {
 public:
  explicit BeatPlacer(Duration baseline_delay) : delay_(baseline_delay) {}

  Beat place(const Beat& raw);
  void reset() { have_previous_ = false; }

 private:
  Duration delay_;
  Beat previous_{};
  bool have_previous_ = false;
};

}  // namespace bfr::core

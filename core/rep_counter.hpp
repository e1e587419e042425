#pragma once
// Repetitions and cadence from the cuff pressure alone (issue 5,
// "Repetition detection"; method and limits in docs/REPS.md).
//
// Each contraction swells the muscle under the cuff and pushes the pressure
// up; each relaxation lets it fall. The counter low-passes the cuff reading
// (the heart pulse and tremor are faster than any rep), follows its swings
// with a hysteresis that scales with the typical swing of this set, and
// counts a rep at each confirmed peak whose rise from the previous valley
// is at least a share of the typical swing. Portable core code: no heap, no
// exceptions, no I/O; time is injected.

#include <array>
#include <cstdint>

#include "core/units.hpp"

namespace bfr::core {

// Whether the lifter should change pace, against a target rep period.
enum class Cadence : std::uint8_t { kUnknown, kTooFast, kOk, kTooSlow };
const char* to_string(Cadence cadence);

struct RepCounterConfig {
  // Two one-pole low-passes at this corner: the pulse (>= 0.8 Hz) is
  // damped, a rep (0.17-0.5 Hz) passes.
  Frequency corner = Frequency::hz(1.0f);
  // A rep counts when its rise is at least this share of the typical swing
  // of the set (the median of the last counted swings). The clinical rule is
  // that a partial rep through 30 % of the usual range counts; the detector
  // sits lower so that a 30 % rep is not lost to noise.
  Fraction count_share = Fraction(0.2f);
  // Before the set has a typical swing: a share of the target pressure.
  Fraction first_swing_share_of_target = Fraction(0.025f);
  // A rep pushes the cuff above the set point (the regulator lets peaks
  // float, docs/REGULATION.md); the pump refilling a sag in a pause only
  // brings it back to the set point. A peak must clear the target by this
  // share of it: 3.5 % is above what a motion knock in a pause (2-6 mmHg,
  // bfr-facts section 4) lifts a cuff held at the set point, and under the
  // ~8 % a partial rep through 30 % of the range lifts a regulated cuff
  // (docs/REPS.md, where 1.5 % let knocks in pauses count).
  Fraction above_target = Fraction(0.035f);
  // Never below this swing, whatever the typical one (pulse residue).
  Pressure min_swing = Pressure::mmhg(2.0f);
  // A rise quicker than this, valley to peak after the filter, is a jolt
  // (a rep rises for half its period, at least a second).
  Duration min_rise = Duration::from_ms(600);
  // Two reps closer than this are one rep and a jolt.
  Duration min_interval = Duration::from_ms(1200);
  // Cadence: the target rep period and the tolerance either side.
  Duration target_period = Duration::from_seconds(4.0f);
  Fraction cadence_tolerance = Fraction(0.25f);
  // An interval longer than this many target periods is a pause, not a pace.
  float pause_periods = 2.5f;
};

class RepCounter {
 public:
  RepCounter(Frequency sample_rate, const RepCounterConfig& config);

  // A new set: count from zero. The target is the regulator's set point,
  // for the swing needed before the set has its own.
  void start_set(TimePoint now, Pressure cuff, Pressure target);
  // One cuff sample during the set; true when it completed a rep.
  bool step(TimePoint now, Pressure cuff);

  std::uint16_t count() const { return count_; }
  // Time between the last two reps not separated by a pause (zero before).
  Duration last_period() const { return last_period_; }
  Cadence cadence() const { return cadence_; }
  const RepCounterConfig& config() const { return config_; }

 private:
  Pressure typical_swing() const;
  Pressure hysteresis() const;
  void count_rep(TimePoint peak_at, Pressure swing);

  RepCounterConfig config_;
  float alpha_ = 1.0f;  // one-pole coefficient per sample
  float stage1_ = 0;
  float stage2_ = 0;
  Pressure first_swing_{};
  Pressure target_{};

  bool rising_ = true;
  Pressure valley_{};
  TimePoint valley_at_{};
  Pressure peak_{};
  TimePoint peak_at_{};

  std::uint16_t count_ = 0;
  bool has_last_ = false;
  TimePoint last_rep_at_{};
  Duration last_period_{};
  Cadence cadence_ = Cadence::kUnknown;

  static constexpr std::size_t kSwings = 5;
  std::array<Pressure, kSwings> swings_{};
  std::size_t swings_used_ = 0;
  std::size_t next_swing_ = 0;
};

}  // namespace bfr::core

#pragma once
// Do the pump and valves do what they are told? The supervisor compares what
// it let through last step with what the pressure did since: a pump running
// into shut valves must raise the cuff, an open vent must let it down, and a
// pump that never rests while the cuff is held means air is getting out
// somewhere (a leak).

#include <array>

#include "core/events.hpp"
#include "core/io_types.hpp"
#include "core/safety_limits.hpp"
#include "core/units.hpp"

namespace bfr::core {

class ActuatorMonitor {
 public:
  explicit ActuatorMonitor(const SafetyLimits& limits) : limits_(limits) {}
  void set_limits(const SafetyLimits& limits) { limits_ = limits; }

  // `applied` is what went to the hardware on the previous step (the
  // pressure now is its result); `holding_at_rest` is true while the
  // regulator holds a target without contractions disturbing it, the only
  // time the pump's work tells a leak from a working muscle.
  // `exercising` suspends the pump check: in a set a relaxing muscle can
  // pull the cuff down faster than a healthy pump fills it.
  AlarmSet check(TimePoint now, Pressure cuff, const Actuators& applied, bool holding_at_rest,
                 bool exercising = false);

 private:
  void track_smoothed(TimePoint now, Pressure cuff);
  // Updates the rest window; sets leaking_ and inflowing_.
  void judge_rest(TimePoint now, const Actuators& applied, bool holding_at_rest);

  SafetyLimits limits_;
  // Pressure with the pulse and noise smoothed out, for the pump check.
  bool smoothed_started_ = false;
  float smoothed_mmhg_ = 0;
  TimePoint smoothed_at_;

  bool pumping_shut_ = false;  // pump on, every valve shut
  TimePoint pumping_since_;    // start of the current check window
  TimePoint last_strong_at_;
  float pumping_lowest_mmhg_ = 0;

  bool venting_ = false;
  TimePoint venting_since_;
  Pressure venting_from_;

  // Pump work while holding at rest: the mean duty of each of the last
  // seven whole seconds (issue 5's 7 s), the newest last.
  static constexpr int kLeakBuckets = 7;
  std::array<float, kLeakBuckets> work_s_{};   // mean pump duty per second
  std::array<float, kLeakBuckets> bleed_s_{};  // mean bleed opening per second
  int buckets_filled_ = 0;
  bool resting_ = false;
  bool leaking_ = false;
  bool inflowing_ = false;
  float current_work_s_ = 0;   // duty x seconds in the second under way
  float current_bleed_s_ = 0;  // opening x seconds in the second under way
  TimePoint bucket_start_;
  TimePoint last_at_;
};

}  // namespace bfr::core

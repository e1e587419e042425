#include "core/actuator_monitor.hpp"

namespace bfr::core {
namespace {
// Time constant of the smoothing for the pump check: long against a pulse
// beat's ripple, short against the check's seconds.
constexpr float kSmoothingTauS = 0.3f;
}  // namespace

void ActuatorMonitor::track_smoothed(TimePoint now, Pressure cuff) {
  if (!smoothed_started_) {
    smoothed_started_ = true;
    smoothed_mmhg_ = cuff.mmhg();
  } else {
    const float dt = (now - smoothed_at_).seconds();
    const float k = dt >= kSmoothingTauS ? 1.0f : dt / kSmoothingTauS;
    smoothed_mmhg_ += k * (cuff.mmhg() - smoothed_mmhg_);
  }
  smoothed_at_ = now;
}

void ActuatorMonitor::judge_rest(TimePoint now, const Actuators& applied, bool holding_at_rest) {
  if (!holding_at_rest) {
    resting_ = false;
    leaking_ = false;
    inflowing_ = false;
    return;
  }
  if (!resting_) {
    resting_ = true;
    work_s_ = {};
    bleed_s_ = {};
    buckets_filled_ = 0;
    bucket_start_ = now;
    current_work_s_ = 0;
    current_bleed_s_ = 0;
    last_at_ = now;
    return;
  }
  const float dt = (now - last_at_).seconds();
  current_work_s_ += applied.pump_duty.value() * dt;
  current_bleed_s_ += applied.bleed_opening.value() * dt;
  last_at_ = now;
  // Judged once a second, over the last seven whole seconds of the rest.
  if (now - bucket_start_ < Duration::from_seconds(1.0f)) return;
  const float span = (now - bucket_start_).seconds();
  for (std::size_t i = 0; i + 1 < work_s_.size(); ++i) {
    work_s_[i] = work_s_[i + 1];
    bleed_s_[i] = bleed_s_[i + 1];
  }
  work_s_.back() = current_work_s_ / span;
  bleed_s_.back() = current_bleed_s_ / span;
  current_work_s_ = 0;
  current_bleed_s_ = 0;
  bucket_start_ = now;
  if (buckets_filled_ < kLeakBuckets) ++buckets_filled_;
  float duty = 0;
  float bleed = 0;
  for (std::size_t i = 0; i < work_s_.size(); ++i) {
    duty += work_s_[i];
    bleed += bleed_s_[i];
  }
  // Net work: air the pump put in that the bleed did not take out again.
  // A loop trimming the pulse works both in turn and balances; a leak (or
  // air coming in) works one of them alone.
  const bool full = buckets_filled_ == kLeakBuckets;
  const float net_pump = (duty - limits_.bleed_to_pump * bleed) / kLeakBuckets;
  leaking_ = full && net_pump >= limits_.leak_mean_duty.value();
  inflowing_ = full && -net_pump / limits_.bleed_to_pump >= limits_.inflow_mean_bleed.value();
}

AlarmSet ActuatorMonitor::check(TimePoint now, Pressure cuff, const Actuators& applied,
                                bool holding_at_rest, bool exercising) {
  AlarmSet found;
  track_smoothed(now, cuff);

  // Pump: judged over consecutive windows of a running burst, each from its
  // lowest smoothed pressure, so that neither a muscle relaxing as a burst
  // starts nor the smoothing still catching up with an earlier rise can
  // hide a pump that moves no air.
  const bool shut = !exercising && !applied.vent_open && applied.bleed_opening.value() <= 0.0f;
  const bool strong = applied.pump_duty >= limits_.pump_check_duty;
  if (shut && strong) last_strong_at_ = now;
  // A burst goes on through short dips in the regulator's call for air.
  const bool bursting = shut && applied.pump_duty.value() > 0.0f && pumping_shut_ &&
                        now - last_strong_at_ <= limits_.pump_dip_allowed;
  if ((shut && strong) || bursting) {
    if (!pumping_shut_) {
      pumping_since_ = now;
      pumping_lowest_mmhg_ = smoothed_mmhg_;
    }
    pumping_shut_ = true;
    if (smoothed_mmhg_ < pumping_lowest_mmhg_) pumping_lowest_mmhg_ = smoothed_mmhg_;
    if (now - pumping_since_ >= limits_.pump_check_time) {
      if (smoothed_mmhg_ - pumping_lowest_mmhg_ < limits_.pump_min_rise.mmhg()) {
        found.raise(Alarm::kPumpNoRise);
      } else {
        pumping_since_ = now;
        pumping_lowest_mmhg_ = smoothed_mmhg_;
      }
    }
  } else {
    pumping_shut_ = false;
  }

  // Vent: an open vent must bring a restricted cuff down, by a share in
  // every check window (a muscle relaxing as the vent opens can make the
  // first window look better than the valve is).
  if (applied.vent_open && cuff > limits_.restricted_above) {
    if (!venting_) {
      venting_since_ = now;
      venting_from_ = cuff;
    }
    venting_ = true;
    if (now - venting_since_ >= limits_.valve_check_time) {
      if (cuff > venting_from_ * limits_.valve_release_share) {
        found.raise(Alarm::kValveNoRelease);
      } else {
        venting_since_ = now;
        venting_from_ = cuff;
      }
    }
  } else {
    venting_ = false;
  }

  judge_rest(now, applied, holding_at_rest);
  if (leaking_) found.raise(Alarm::kLeak);
  if (inflowing_) found.raise(Alarm::kUncommandedInflow);
  return found;
}

}  // namespace bfr::core

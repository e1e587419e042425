#include "core/safety_supervisor.hpp"

namespace bfr::core {
namespace {
constexpr std::uint32_t kLatching = alarms_latching();
constexpr std::uint32_t kWarning = alarms_with_action(SafetyAction::kWarn);
constexpr std::uint32_t kHolding = alarms_with_action(SafetyAction::kHold);
constexpr std::uint32_t kDeflating = alarms_with_action(SafetyAction::kDeflate);
constexpr std::uint32_t kVenting = alarms_with_action(SafetyAction::kVent);
constexpr std::uint32_t kRestartOnly = [] {
  std::uint32_t bits = 0;
  for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(Alarm::kCount); ++i) {
    if (policy_of(static_cast<Alarm>(i)).clearing == AlarmClearing::kRestart) {
      bits |= std::uint32_t{1} << i;
    }
  }
  return bits;
}();

constexpr std::uint32_t bit(Alarm a) {
  return std::uint32_t{1} << static_cast<std::uint32_t>(a);
}
}  // namespace

SafetySupervisor::SafetySupervisor(SafetyLimits limits)
    : limits_(limits), sensor_(limits), band_(limits), clock_(limits), actuator_(limits) {}

void SafetySupervisor::set_limits(const SafetyLimits& limits) {
  limits_ = limits;
  sensor_.set_limits(limits);
  band_.set_limits(limits);
  clock_.set_limits(limits);
  actuator_.set_limits(limits);
}

AlarmSet SafetySupervisor::conditions(TimePoint now, const Readings& in,
                                      const SupervisedRequest& request) {
  std::uint32_t bits = pending_.bits();
  pending_ = {};
  bits |= sensor_.check(now, in).bits();
  bits |= band_.check(now, in.cuff, request.target).bits();
  bits |= clock_.check(now, in.cuff).bits();
  bits |=
      actuator_.check(now, in.cuff, applied_, request.holding_at_rest, request.exercising).bits();
  if (in.cuff >= limits_.hard_cap) bits |= bit(Alarm::kOverPressureCap);
  if (in.host_heartbeat_lost) bits |= bit(Alarm::kHostHeartbeatLost);
  return AlarmSet::from_bits(bits);
}

SafetyAction SafetySupervisor::strongest_action(TimePoint now) {
  const std::uint32_t active = active_.bits();
  const SafetyAction action = (active & kVenting) != 0     ? SafetyAction::kVent
                              : (active & kDeflating) != 0 ? SafetyAction::kDeflate
                              : (active & kHolding) != 0   ? SafetyAction::kHold
                              : (active & kWarning) != 0   ? SafetyAction::kWarn
                                                           : SafetyAction::kNone;
  // A hold that does not bring the pressure back (a bleed valve that will
  // not open, a contraction held for seconds) ends in a vent, latched.
  const bool holding = (active & kHolding) != 0;
  const bool new_episode = !held_before_ || now - last_held_at_ > limits_.hold_escalates_after;
  if (holding && !holding_ && new_episode) holding_since_ = now;
  holding_ = holding;
  if (holding_) {
    held_before_ = true;
    last_held_at_ = now;
  }
  if (holding_ && now - holding_since_ > limits_.hold_escalates_after) {
    escalated_ = true;
    latched_ = AlarmSet::from_bits(latched_.bits() | (active & kHolding));
  }
  return escalated_ ? SafetyAction::kVent : action;
}

Actuators SafetySupervisor::actuators_for(SafetyAction action, const Actuators& requested) const {
  switch (action) {
    case SafetyAction::kVent:
      return Actuators::release_all();
    case SafetyAction::kDeflate:
      return Actuators::vent();
    case SafetyAction::kHold: {
      Actuators held = requested;
      held.pump_duty = Fraction(0);
      return held;
    }
    case SafetyAction::kNone:
    case SafetyAction::kWarn:
      break;
  }
  return requested;
}

SafetyVerdict SafetySupervisor::step(TimePoint now, const Readings& in,
                                     const SupervisedRequest& request) {
  SafetyVerdict verdict;
  present_ = conditions(now, in, request);
  const std::uint32_t present = present_.bits();
  const std::uint32_t was_active = active_.bits();
  const std::uint32_t latched = latched_.bits() | (present & kLatching);
  // Self-clearing alarms go when their condition does; latched ones stay.
  const std::uint32_t cleared = was_active & ~present & ~latched;
  verdict.raised = AlarmSet::from_bits(present & ~was_active);
  verdict.cleared = AlarmSet::from_bits(cleared);
  active_ = AlarmSet::from_bits((was_active | present) & ~cleared);
  latched_ = AlarmSet::from_bits(latched);
  action_ = strongest_action(now);
  verdict.action = action_;
  verdict.actuators = actuators_for(action_, request.actuators);
  applied_ = verdict.actuators;
  return verdict;
}

Rejection SafetySupervisor::reset(const Readings& in, AlarmSet& cleared) {
  cleared = {};
  if ((latched_.bits() & kRestartOnly) != 0) return Rejection::kNeedsRestart;
  if (!in.sensor_ok || in.cuff > limits_.restricted_above) return Rejection::kCuffNotDeflated;
  if ((latched_.bits() & present_.bits()) != 0) return Rejection::kConditionPresent;
  cleared = latched_;
  active_ = AlarmSet::from_bits(active_.bits() & ~latched_.bits());
  latched_ = {};
  escalated_ = false;
  holding_ = false;
  held_before_ = false;
  action_ = SafetyAction::kNone;
  return Rejection::kNone;
}

}  // namespace bfr::core

#include "core/cuff_controller.hpp"

namespace bfr::core {

CuffController::CuffController(const ControllerConfig& config)
    : config_(config),
      built_limits_(config.safety),
      lop_(config.sample_rate, config.lop),
      regulator_(config.sample_rate, config.regulator),
      supervisor_(config.safety),
      reps_(config.sample_rate, config.reps) {}

void CuffController::enter(Phase phase, TimePoint now, Outputs& out) {
  if (phase == phase_) return;
  phase_ = phase;
  phase_since_ = now;
  in_band_ = false;
  regulator_.reset();
  out.events.push({EventKind::kPhaseChanged, now, static_cast<std::uint8_t>(phase), -1, {}});
}

void CuffController::reject(Rejection why, TimePoint now, Outputs& out) {
  out.events.push({EventKind::kCommandRejected, now, static_cast<std::uint8_t>(why), -1, {}});
}

Rejection CuffController::set_target(Fraction share) {
  if (phase_ != Phase::kInflating && phase_ != Phase::kExercise && phase_ != Phase::kRest) {
    return Rejection::kNoExercise;
  }
  // The same rules as a new plan: above 0, never above 100 % of LOP, under
  // the cap.
  ExercisePlan changed = plan_;
  changed.target_share = share;
  const Rejection why = validate(changed, config_.safety.hard_cap);
  if (why != Rejection::kNone) return why;
  plan_.target_share = share;
  return Rejection::kNone;
}

Rejection CuffController::configure_limits(const LimitChange& change) {
  if (phase_ == Phase::kSafeState) return Rejection::kNeedsReset;
  if (phase_ != Phase::kIdle) return Rejection::kBusy;
  // Written so that NaN fails. A zero field keeps its limit.
  const auto keeps = [](auto value) { return value == decltype(value){}; };
  SafetyLimits next = config_.safety;
  if (!keeps(change.hard_cap)) {
    if (!(change.hard_cap > built_limits_.restricted_above)) return Rejection::kInvalidPlan;
    if (!(change.hard_cap <= built_limits_.hard_cap)) return Rejection::kLimitLoosened;
    next.hard_cap = change.hard_cap;
  }
  // Each restriction limit must leave room for its warning before it.
  if (!keeps(change.max_inflation)) {
    if (change.max_inflation <= built_limits_.restriction_warning_before) {
      return Rejection::kInvalidPlan;
    }
    if (change.max_inflation > built_limits_.max_inflation) return Rejection::kLimitLoosened;
    next.max_inflation = change.max_inflation;
  }
  if (!keeps(change.max_session_restriction)) {
    if (change.max_session_restriction <= built_limits_.restriction_warning_before) {
      return Rejection::kInvalidPlan;
    }
    if (change.max_session_restriction > built_limits_.max_session_restriction) {
      return Rejection::kLimitLoosened;
    }
    next.max_session_restriction = change.max_session_restriction;
  }
  config_.safety = next;
  // The supervisor keeps its state (latched alarms, the session's summed
  // restriction): only the thresholds change.
  supervisor_.set_limits(next);
  // The measurement's own ceiling stays under the cap (its top hold sits
  // just beneath it), so a tighter cap ends a measurement with "cap
  // reached", not with the supervisor's cap alarm.
  LopConfig lop = config_.lop;
  if (lop.cap > next.hard_cap) lop.cap = next.hard_cap;
  lop_ = LopMeasurement(config_.sample_rate, lop);
  return Rejection::kNone;
}

void CuffController::start_set(std::uint8_t index, TimePoint now, Pressure cuff, Outputs& out) {
  set_index_ = index;
  reps_.start_set(now, cuff, plan_.target());
  // Enter the set without resetting the regulator: the cuff is already at
  // target and its integral state is still right.
  phase_ = Phase::kExercise;
  phase_since_ = now;
  out.events.push({EventKind::kPhaseChanged, now, static_cast<std::uint8_t>(phase_), -1, {}});
  out.events.push({EventKind::kSetStarted, now, 0, static_cast<std::int8_t>(index), {}});
}

void CuffController::end_set(TimePoint now, bool by_time_cap, Outputs& out) {
  out.events.push({EventKind::kSetEnded,
                   now,
                   static_cast<std::uint8_t>(by_time_cap ? 1 : 0),
                   static_cast<std::int8_t>(set_index_),
                   {}});
  if (set_index_ + 1 >= plan_.set_count) {
    enter(Phase::kDeflating, now, out);
    return;
  }
  phase_ = Phase::kRest;
  phase_since_ = now;
  out.events.push({EventKind::kPhaseChanged, now, static_cast<std::uint8_t>(phase_), -1, {}});
}

void CuffController::handle(TimePoint now, const Command& command, const Readings& in,
                            Outputs& out) {
  switch (command.kind) {
    case CommandKind::kNone:
      return;
    case CommandKind::kMeasureLop:
      if (phase_ == Phase::kSafeState) return reject(Rejection::kNeedsReset, now, out);
      if (phase_ != Phase::kIdle) return reject(Rejection::kBusy, now, out);
      if (in.cuff > config_.safety.restricted_above) {
        return reject(Rejection::kCuffNotDeflated, now, out);
      }
      lop_.start(now, in.cuff, command.limb);
      return enter(Phase::kMeasuringLop, now, out);
    case CommandKind::kStartExercise: {
      if (phase_ == Phase::kSafeState) return reject(Rejection::kNeedsReset, now, out);
      if (phase_ != Phase::kIdle) return reject(Rejection::kBusy, now, out);
      const Rejection why = validate(command.plan, config_.safety.hard_cap);
      if (why != Rejection::kNone) return reject(why, now, out);
      plan_ = command.plan;
      return enter(Phase::kInflating, now, out);
    }
    case CommandKind::kEndSet:
      if (phase_ != Phase::kExercise) return reject(Rejection::kNotInSet, now, out);
      return end_set(now, false, out);
    case CommandKind::kStop:
      if (phase_ == Phase::kMeasuringLop) lop_.abort();
      if (phase_ == Phase::kMeasuringLop || phase_ == Phase::kInflating ||
          phase_ == Phase::kExercise || phase_ == Phase::kRest) {
        enter(Phase::kDeflating, now, out);
      }
      return;
    case CommandKind::kEmergencyStop:
      if (phase_ == Phase::kMeasuringLop) lop_.abort();
      supervisor_.emergency_stop();
      return;
    case CommandKind::kReset: {
      if (phase_ != Phase::kSafeState) return;
      AlarmSet cleared;
      const Rejection why = supervisor_.reset(in, cleared);
      if (why != Rejection::kNone) return reject(why, now, out);
      for (int i = 0; i < static_cast<int>(Alarm::kCount); ++i) {
        const auto a = static_cast<Alarm>(i);
        if (cleared.has(a)) {
          out.events.push({EventKind::kAlarmCleared, now, static_cast<std::uint8_t>(a), -1, {}});
        }
      }
      safety_action_ = SafetyAction::kNone;
      return enter(Phase::kIdle, now, out);
    }
    case CommandKind::kBeginSession:
      if (phase_ == Phase::kSafeState) return reject(Rejection::kNeedsReset, now, out);
      if (phase_ != Phase::kIdle) return reject(Rejection::kBusy, now, out);
      supervisor_.begin_session();
      return;
    case CommandKind::kSetTarget:
      if (const Rejection why = set_target(command.target_share); why != Rejection::kNone) {
        return reject(why, now, out);
      }
      return;
    case CommandKind::kConfigureLimits:
      if (const Rejection why = configure_limits(command.limits); why != Rejection::kNone) {
        return reject(why, now, out);
      }
      return;
  }
}

Actuators CuffController::run_phase(TimePoint now, const Readings& in, Outputs& out) {
  switch (phase_) {
    case Phase::kIdle:
    case Phase::kSafeState:
      return Actuators::vent();
    case Phase::kDeflating:
      // A deflation the supervisor ordered ends in the safe state, waiting
      // for the alarm to be acknowledged.
      if (in.cuff < config_.deflated_below) {
        enter(supervisor_.latched() ? Phase::kSafeState : Phase::kIdle, now, out);
      }
      return Actuators::vent();
    case Phase::kMeasuringLop: {
      const Actuators act = lop_.step(now, in);
      out.lop_progress = lop_.progress(now);
      if (lop_.state() == LopState::kSucceeded) {
        out.events.push({EventKind::kLopMeasured, now, 0, -1, lop_.result().lop});
        enter(Phase::kDeflating, now, out);
      } else if (lop_.state() == LopState::kFailed) {
        out.events.push(
            {EventKind::kLopFailed, now, static_cast<std::uint8_t>(lop_.failure()), -1, in.cuff});
        enter(Phase::kDeflating, now, out);
      }
      return act;
    }
    case Phase::kInflating: {
      const Pressure target = plan_.target();
      out.target = target;
      const bool near = abs(in.cuff - target) <= target * config_.ready_band;
      if (near && !in_band_) in_band_since_ = now;
      in_band_ = near;
      if (in_band_ && now - in_band_since_ >= config_.ready_hold) {
        start_set(0, now, in.cuff, out);
      } else if (now - phase_since_ > config_.inflate_timeout) {
        supervisor_.raise(Alarm::kInflationFailed);
      }
      return regulator_.step(target, in.cuff);
    }
    case Phase::kExercise:
      out.target = plan_.target();
      if (now - phase_since_ > plan_.max_set_duration) end_set(now, true, out);
      // Only the set's own samples: a rest never adds a rep.
      if (phase_ == Phase::kExercise) reps_.step(now, in.cuff);
      return regulator_.step(plan_.target(), in.cuff, RegulationMode::kExercise);
    case Phase::kRest:
      out.target = plan_.target();
      if (now - phase_since_ >= plan_.rest) {
        start_set(static_cast<std::uint8_t>(set_index_ + 1), now, in.cuff, out);
      }
      return regulator_.step(plan_.target(), in.cuff);
  }
  return Actuators::vent();
}

bool CuffController::inflating_phase() const {
  return phase_ == Phase::kMeasuringLop || phase_ == Phase::kInflating ||
         phase_ == Phase::kExercise || phase_ == Phase::kRest;
}

void CuffController::supervise(TimePoint now, const Readings& in, Actuators& act, Outputs& out) {
  SupervisedRequest request;
  request.actuators = act;
  // The band is judged only while a reached target is held.
  const bool holding = phase_ == Phase::kExercise || phase_ == Phase::kRest;
  request.target = holding ? out.target : Pressure{};
  request.holding_at_rest = phase_ == Phase::kRest;
  request.exercising = phase_ == Phase::kExercise;
  const SafetyVerdict verdict = supervisor_.step(now, in, request);

  if (verdict.raised.any() || verdict.cleared.any()) {
    for (int i = 0; i < static_cast<int>(Alarm::kCount); ++i) {
      const auto a = static_cast<Alarm>(i);
      const auto code = static_cast<std::uint8_t>(a);
      if (verdict.raised.has(a)) out.events.push({EventKind::kAlarmRaised, now, code, -1, in.cuff});
      if (verdict.cleared.has(a)) {
        out.events.push({EventKind::kAlarmCleared, now, code, -1, in.cuff});
      }
    }
  }
  if (verdict.action != safety_action_) {
    safety_action_ = verdict.action;
    out.events.push(
        {EventKind::kSafetyAction, now, static_cast<std::uint8_t>(verdict.action), -1, in.cuff});
  }

  if (verdict.action == SafetyAction::kVent) {
    if (phase_ == Phase::kMeasuringLop) lop_.abort();
    enter(Phase::kSafeState, now, out);
    out.target = {};
  } else if (verdict.action == SafetyAction::kDeflate) {
    if (phase_ == Phase::kMeasuringLop) lop_.abort();
    if (inflating_phase()) {
      enter(Phase::kDeflating, now, out);
    } else if (phase_ == Phase::kIdle) {
      enter(Phase::kSafeState, now, out);
    }
    out.target = {};
  }
  act = verdict.actuators;
}

Outputs CuffController::step(TimePoint now, const Command& command, const Readings& in) {
  Outputs out;
  handle(now, command, in, out);
  Actuators act = run_phase(now, in, out);
  // The supervisor has the last word, whatever the phase asked for.
  supervise(now, in, act, out);

  out.actuators = act;
  out.phase = phase_;
  const bool in_sets = phase_ == Phase::kExercise || phase_ == Phase::kRest;
  out.set_index = in_sets ? static_cast<std::int8_t>(set_index_) : std::int8_t{-1};
  out.alarms = supervisor_.alarms();
  out.reps = reps_.count();
  out.rep_period = reps_.last_period();
  out.cadence = reps_.cadence();
  return out;
}

}  // namespace bfr::core

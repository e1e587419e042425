#include "core/cuff_controller.hpp"

namespace bfr::core {

CuffController::CuffController(const ControllerConfig& config)
    : config_(config),
      lop_(config.sample_rate, config.lop),
      regulator_(config.sample_rate, config.regulator),
      supervisor_(config.safety) {}

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

void CuffController::start_set(std::uint8_t index, TimePoint now, Outputs& out) {
  set_index_ = index;
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
      lop_.start(now, in.cuff);
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
    case CommandKind::kReset:
      if (phase_ != Phase::kSafeState) return;
      if (!supervisor_.reset(in)) return reject(Rejection::kCuffNotDeflated, now, out);
      return enter(Phase::kIdle, now, out);
  }
}

Actuators CuffController::run_phase(TimePoint now, const Readings& in, Outputs& out) {
  switch (phase_) {
    case Phase::kIdle:
    case Phase::kSafeState:
      return Actuators::vent();
    case Phase::kDeflating:
      if (in.cuff < config_.deflated_below) enter(Phase::kIdle, now, out);
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
        start_set(0, now, out);
      } else if (now - phase_since_ > config_.inflate_timeout) {
        supervisor_.raise(Alarm::kInflationFailed);
      }
      return regulator_.step(target, in.cuff);
    }
    case Phase::kExercise:
      out.target = plan_.target();
      if (now - phase_since_ > plan_.max_set_duration) end_set(now, true, out);
      return regulator_.step(plan_.target(), in.cuff, RegulationMode::kExercise);
    case Phase::kRest:
      out.target = plan_.target();
      if (now - phase_since_ >= plan_.rest) {
        start_set(static_cast<std::uint8_t>(set_index_ + 1), now, out);
      }
      return regulator_.step(plan_.target(), in.cuff);
  }
  return Actuators::vent();
}

Outputs CuffController::step(TimePoint now, const Command& command, const Readings& in) {
  Outputs out;
  handle(now, command, in, out);
  Actuators act = run_phase(now, in, out);

  // The supervisor has the last word, whatever the phase asked for.
  const SafetyVerdict verdict = supervisor_.step(now, in);
  if (verdict.tripped) {
    out.events.push(
        {EventKind::kAlarmRaised, now, static_cast<std::uint8_t>(verdict.alarm), -1, in.cuff});
  }
  if (verdict.vent) {
    if (phase_ == Phase::kMeasuringLop) lop_.abort();
    enter(Phase::kSafeState, now, out);
    act = Actuators::vent();
    out.target = {};
  }

  out.actuators = act;
  out.phase = phase_;
  const bool in_sets = phase_ == Phase::kExercise || phase_ == Phase::kRest;
  out.set_index = in_sets ? static_cast<std::int8_t>(set_index_) : std::int8_t{-1};
  out.alarms = supervisor_.alarms();
  return out;
}

}  // namespace bfr::core

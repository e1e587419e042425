#include "core/events.hpp"

namespace bfr::core {

const char* to_string(Phase phase) {
  switch (phase) {
    case Phase::kIdle:
      return "idle";
    case Phase::kMeasuringLop:
      return "measuring_lop";
    case Phase::kInflating:
      return "inflating";
    case Phase::kExercise:
      return "exercise";
    case Phase::kRest:
      return "rest";
    case Phase::kDeflating:
      return "deflating";
    case Phase::kSafeState:
      return "safe_state";
  }
  return "unknown";
}

const char* to_string(Alarm alarm) {
  switch (alarm) {
    case Alarm::kOverPressureCap:
      return "over_pressure_cap";
    case Alarm::kInflationTimeLimit:
      return "inflation_time_limit";
    case Alarm::kSensorFault:
      return "sensor_fault";
    case Alarm::kEmergencyStop:
      return "emergency_stop";
    case Alarm::kInflationFailed:
      return "inflation_failed";
    case Alarm::kOverPressure:
      return "over_pressure";
    case Alarm::kUnderPressure:
      return "under_pressure";
    case Alarm::kLeak:
      return "leak";
    case Alarm::kSessionRestrictionLimit:
      return "session_restriction_limit";
    case Alarm::kRestrictionTimeWarning:
      return "restriction_time_warning";
    case Alarm::kSensorOutOfRange:
      return "sensor_out_of_range";
    case Alarm::kSensorStuck:
      return "sensor_stuck";
    case Alarm::kSensorImplausibleRate:
      return "sensor_implausible_rate";
    case Alarm::kSensorDisagreement:
      return "sensor_disagreement";
    case Alarm::kPumpNoRise:
      return "pump_no_rise";
    case Alarm::kValveNoRelease:
      return "valve_no_release";
    case Alarm::kHostHeartbeatLost:
      return "host_heartbeat_lost";
    case Alarm::kUncommandedInflow:
      return "uncommanded_inflow";
    case Alarm::kCount:
      break;
  }
  return "unknown";
}

const char* to_string(LopFailure failure) {
  switch (failure) {
    case LopFailure::kNone:
      return "none";
    case LopFailure::kMotion:
      return "motion: too many artefacts during the measurement";
    case LopFailure::kNoPulse:
      return "no pulse found in the cuff signal";
    case LopFailure::kLeak:
      return "leak: the cuff does not hold pressure";
    case LopFailure::kCapReached:
      return "pressure cap reached before flow stopped";
    case LopFailure::kTimeout:
      return "timeout: the measurement took too long";
    case LopFailure::kStopped:
      return "stopped by the user";
    case LopFailure::kNotAboveOcclusion:
      return "the pulse never faded: the cuff did not go far enough above occlusion";
  }
  return "unknown";
}

const char* to_string(Rejection rejection) {
  switch (rejection) {
    case Rejection::kNone:
      return "none";
    case Rejection::kBusy:
      return "the controller is busy with another step";
    case Rejection::kTargetAboveLop:
      return "target above 100 % of LOP";
    case Rejection::kTargetAboveCap:
      return "target too close to the pressure cap (it must stay 20 mmHg under it: "
             "contractions lift the cuff above the target)";
    case Rejection::kInvalidPlan:
      return "invalid exercise plan";
    case Rejection::kNotInSet:
      return "no set is running";
    case Rejection::kNeedsReset:
      return "safe state: reset first";
    case Rejection::kCuffNotDeflated:
      return "cuff not yet deflated";
    case Rejection::kNeedsRestart:
      return "a hardware fault is latched: restart the device";
    case Rejection::kConditionPresent:
      return "the alarm's cause is still present";
    case Rejection::kNoExercise:
      return "no exercise under way to take a new target";
    case Rejection::kLimitLoosened:
      return "a safety limit may only be tightened within the device's own";
  }
  return "unknown";
}

const char* to_string(EventKind kind) {
  switch (kind) {
    case EventKind::kPhaseChanged:
      return "phase_changed";
    case EventKind::kLopMeasured:
      return "lop_measured";
    case EventKind::kLopFailed:
      return "lop_failed";
    case EventKind::kSetStarted:
      return "set_started";
    case EventKind::kSetEnded:
      return "set_ended";
    case EventKind::kAlarmRaised:
      return "alarm_raised";
    case EventKind::kAlarmCleared:
      return "alarm_cleared";
    case EventKind::kCommandRejected:
      return "command_rejected";
    case EventKind::kSafetyAction:
      return "safety_action";
  }
  return "unknown";
}

}  // namespace bfr::core

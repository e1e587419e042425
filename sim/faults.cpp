#include "sim/faults.hpp"

#include <array>
#include <utility>

namespace bfr::sim {
namespace {
constexpr std::array<std::pair<FaultKind, std::string_view>, 11> kNames{{
    {FaultKind::kSensorStuck, "sensor_stuck"},
    {FaultKind::kSensorDrift, "sensor_drift"},
    {FaultKind::kPumpFailure, "pump_failure"},
    {FaultKind::kVentStuckOpen, "vent_stuck_open"},
    {FaultKind::kVentStuckClosed, "vent_stuck_closed"},
    {FaultKind::kBleedStuckClosed, "bleed_stuck_closed"},
    {FaultKind::kTubeDisconnect, "tube_disconnect"},
    {FaultKind::kLeak, "leak"},
    {FaultKind::kPumpStuckOn, "pump_stuck_on"},
    {FaultKind::kSensorJump, "sensor_jump"},
    {FaultKind::kSensorRail, "sensor_rail"},
}};
}  // namespace

std::string_view fault_name(FaultKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<FaultKind> parse_fault_kind(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

void ActiveFaults::apply(const Fault& fault) {
  switch (fault.kind) {
    case FaultKind::kSensorStuck:
      sensor_stuck = true;
      break;
    case FaultKind::kSensorDrift:
      sensor_drift_mmhg_per_s = fault.value;
      break;
    case FaultKind::kPumpFailure:
      pump_failed = true;
      break;
    case FaultKind::kVentStuckOpen:
      vent_stuck_open = true;
      break;
    case FaultKind::kVentStuckClosed:
      vent_stuck_closed = true;
      break;
    case FaultKind::kBleedStuckClosed:
      bleed_stuck_closed = true;
      break;
    case FaultKind::kTubeDisconnect:
      tube_disconnected = true;
      break;
    case FaultKind::kLeak:
      leak_ml_s_at_100 = fault.value;
      break;
    case FaultKind::kPumpStuckOn:
      pump_stuck_on = true;
      break;
    case FaultKind::kSensorJump:
      sensor_jump_mmhg = fault.value;
      break;
    case FaultKind::kSensorRail:
      sensor_railed = true;
      sensor_rail_mmhg = fault.value;
      break;
  }
}

void ActiveFaults::clear(FaultKind kind) {
  switch (kind) {
    case FaultKind::kSensorStuck:
      sensor_stuck = false;
      break;
    case FaultKind::kSensorDrift:
      sensor_drift_mmhg_per_s = 0;
      break;
    case FaultKind::kPumpFailure:
      pump_failed = false;
      break;
    case FaultKind::kVentStuckOpen:
      vent_stuck_open = false;
      break;
    case FaultKind::kVentStuckClosed:
      vent_stuck_closed = false;
      break;
    case FaultKind::kBleedStuckClosed:
      bleed_stuck_closed = false;
      break;
    case FaultKind::kTubeDisconnect:
      tube_disconnected = false;
      break;
    case FaultKind::kLeak:
      leak_ml_s_at_100 = 0;
      break;
    case FaultKind::kPumpStuckOn:
      pump_stuck_on = false;
      break;
    case FaultKind::kSensorJump:
      sensor_jump_mmhg = 0;
      break;
    case FaultKind::kSensorRail:
      sensor_railed = false;
      break;
  }
}

bool ActiveFaults::any() const {
  return sensor_stuck || sensor_drift_mmhg_per_s != 0 || pump_failed || vent_stuck_open ||
         vent_stuck_closed || bleed_stuck_closed || tube_disconnected || leak_ml_s_at_100 != 0 ||
         pump_stuck_on || sensor_jump_mmhg != 0 || sensor_railed;
}

}  // namespace bfr::sim

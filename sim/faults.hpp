#pragma once
// Hardware faults the simulator can inject on demand, so that the safety
// supervisor and the LOP measurement can be tested against each one.

#include <optional>
#include <string_view>

namespace bfr::sim {

enum class FaultKind {
  kSensorStuck,       // the reading freezes at its current value
  kSensorDrift,       // the offset walks away at `value` mmHg/s
  kPumpFailure,       // the pump delivers no air whatever its duty
  kVentStuckOpen,     // the on/off vent valve stays open
  kVentStuckClosed,   // the vent valve cannot open
  kBleedStuckClosed,  // the proportional bleed valve cannot open
  kTubeDisconnect,    // the hose comes off: the device sees atmosphere, the cuff empties
  kLeak,              // an orifice leak of `value` mL/s at 100 mmHg (slow or sudden)
  kPumpStuckOn,       // the pump runs flat out whatever its duty (a welded driver)
  kSensorJump,        // the offset steps by `value` mmHg at once (a glitch, a knock)
  kSensorRail,        // the reading sits at `value` mmHg, in range or not (a bus returning garbage)
};

struct Fault {
  FaultKind kind = FaultKind::kLeak;
  double value = 0;  // meaning depends on the kind (see above); unused by most
};

std::string_view fault_name(FaultKind kind);
std::optional<FaultKind> parse_fault_kind(std::string_view name);

// The set of active faults, one slot per kind.
struct ActiveFaults {
  bool sensor_stuck = false;
  double sensor_drift_mmhg_per_s = 0;
  bool pump_failed = false;
  bool vent_stuck_open = false;
  bool vent_stuck_closed = false;
  bool bleed_stuck_closed = false;
  bool tube_disconnected = false;
  double leak_ml_s_at_100 = 0;
  bool pump_stuck_on = false;
  double sensor_jump_mmhg = 0;
  bool sensor_railed = false;
  double sensor_rail_mmhg = 0;

  void apply(const Fault& fault);
  void clear(FaultKind kind);
  bool any() const;
};

}  // namespace bfr::sim

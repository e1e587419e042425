#pragma once
// Fault injection against the whole controller: a simulated person doing the
// Swain protocol (as in the regulation bench) while one thing goes wrong at
// a random moment, with a random severity. For every fault class it reports
// whether the supervisor caught it, how fast, and how long until the cuff
// was truly below 20 mmHg (the safe state of issue 5), against the bounds
// docs/SAFETY.md states for each class.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/events.hpp"

namespace bfr::device {

enum class FaultClass : std::uint8_t {
  kNone,  // the control: nothing goes wrong, nothing may trip
  kPumpStuckOn,
  kLeak,
  kSensorStuck,
  kSensorDrift,  // on a device with a second sensor
  kSensorJump,
  kSensorRail,
  kSensorDriverFault,
  kPumpFailure,
  kVentStuckClosed,
  kTubeDisconnect,
  kRestrictionLimit,
  kSessionLimit,
  kHostHeartbeatLost,
  kEmergencyStop,
  kCount,
};
const char* fault_class_name(FaultClass fault);

struct FaultBenchDesign {
  std::size_t runs_per_class = 100;
  std::uint64_t seed = 1;
  unsigned threads = 0;  // 0: every core
};

// The promise for one class: the fault is caught within `detect_s` of the
// moment it could first be seen, and the cuff is below 20 mmHg within
// `safe_s` of that.
struct FaultBound {
  double detect_s = 0;
  double safe_s = 0;
};
FaultBound stated_bound(FaultClass fault);

struct FaultRun {
  FaultClass fault = FaultClass::kNone;
  std::size_t person = 0;
  double inject_at_s = 0;  // since the exercise command
  double severity = 0;     // the class's own unit (mL/s, mmHg/s, mmHg, s)
  bool detected = false;   // an alarm that acts (hold or stronger)
  core::Alarm alarm = core::Alarm::kCount;
  double detect_s = 0;  // from when the fault could be seen to that alarm
  bool safe = false;    // true cuff below 20 mmHg afterwards
  double safe_s = 0;    // from the alarm to that
  int warnings = 0;     // low-priority alarms on the way (not a detection)
  std::string note;
};

struct FaultClassSummary {
  FaultClass fault = FaultClass::kNone;
  int runs = 0;
  int detected = 0;  // for kNone: runs with a false alarm
  int safe = 0;
  double detect_median_s = 0;
  double detect_p95_s = 0;
  double detect_max_s = 0;
  double safe_max_s = 0;
  FaultBound bound;
  bool pass = false;
  std::vector<std::string> alarms;  // which alarms caught it, with counts
};

struct FaultBenchReport {
  std::vector<FaultRun> runs;
  std::vector<FaultClassSummary> classes;
  bool pass = false;
};

FaultRun run_fault_scenario(FaultClass fault, std::size_t index, std::uint64_t seed);
FaultBenchReport run_fault_bench(const FaultBenchDesign& design);

}  // namespace bfr::device

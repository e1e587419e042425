#pragma once
// Simulation scenarios written by people: a TOML file that names the person,
// the limb and cuff, the sensor, who drives the valves, and a timed list of
// events (commands, manual pumping, contractions, motion, faults). The
// parser is strict on purpose: an unknown key, a value out of range, an
// event out of order or an event the drive mode cannot perform is an error
// naming the file, the key and the problem, because a typo that silently
// fell back to a default would produce a plausible but wrong trace.
//
// The format, key by key with ranges and defaults, is in scenarios/README.md;
// the files beside it are worked examples.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/faults.hpp"
#include "sim/limb.hpp"
#include "sim/motion.hpp"
#include "sim/person.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::sim {

// What is wrong with a scenario, as "file: [table] key = value: problem".
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Who works the valves.
enum class DriveMode {
  kController,  // the real core controller, commanded by events
  kManual,      // no controller: events pump, bleed, vent and hold directly
  kNone,        // nobody: the valves stay as the plant starts (vent open)
};
std::string_view drive_mode_name(DriveMode mode);

enum class ScenarioEventKind {
  // controller mode: commands sent to the controller
  kMeasureLop,
  kStartExercise,
  kEndSet,
  kStop,
  kEmergencyStop,
  kReset,
  // manual mode: the valves directly
  kInflateTo,
  kDeflate,
  kVent,
  kHold,
  // any mode: the person and the hardware
  kContractions,
  kMotion,
  kFault,
  kClearFault,
};
std::string_view event_kind_name(ScenarioEventKind kind);
// True for the kinds that are controller commands.
bool is_controller_command(ScenarioEventKind kind);

struct ScenarioEvent {
  double at_s = 0;
  ScenarioEventKind kind = ScenarioEventKind::kHold;
  double pressure_mmhg = 0;        // inflate_to
  double rate_mmhg_per_s = 0;      // deflate
  int reps = 0;                    // contractions
  int set_index = 0;               // contractions: which set of the session (sets tire the lifter)
  std::optional<double> period_s;  // contractions: seconds per rep; the person's own if absent
  MotionArtefact motion{};         // motion, start_s = at_s
  Fault fault{};                   // fault (kind and value); clear_fault (kind)
};

// The controller and exercise-plan settings a scenario may change; the
// defaults are those of core::ControllerConfig and the demo's plan.
struct ScenarioControllerSettings {
  double target_percent_of_lop = 80;
  std::vector<int> reps{30, 15, 15, 15};
  double rest_s = 30;
  double max_set_s = 180;
  // LOP the plan is built on. Absent: the LOP measured earlier in the run.
  std::optional<double> lop_mmhg;
  // The simulated person starts a set when the controller starts one and the
  // host sends end_set when they finish, as `bfr demo` does.
  bool auto_sets = true;
  double hard_cap_mmhg = 300;
  double max_inflation_s = 20 * 60;
  double lop_fast_ramp_mmhg_per_s = 12;
  double lop_cap_mmhg = 300;
  double inflate_timeout_s = 30;
};

// The most sets a plan may hold; mirrors core::kMaxSets (the scenario runner
// checks that they agree, since sim/ does not depend on core/).
inline constexpr int kScenarioMaxSets = 8;

struct Scenario {
  std::string source;  // the file name used in messages
  std::string name;
  std::string description;
  double duration_s = 0;
  std::uint64_t seed = 1;
  double model_rate_hz = 1000;

  Person person;
  std::string person_origin = "demo person";  // how the person was chosen, for headers

  Segment segment = Segment::kThigh;
  Posture posture = Posture::kSeated;
  double cuff_width_cm = 11.5;

  std::string sensor_name = "mpx5050";
  SensorProfile sensor{};  // profile with the scenario's overrides applied

  DriveMode drive = DriveMode::kController;
  ScenarioControllerSettings controller{};

  std::vector<ScenarioEvent> events;  // in time order

  CuffChoice cuff() const { return {segment, cuff_width_cm}; }
};

// Parses and checks a scenario; source_name names it in messages.
Scenario parse_scenario(std::string_view toml_text, std::string_view source_name);
// Reads a file and parses it, named by its file name in messages.
Scenario load_scenario(const std::string& path);

std::string_view segment_name(Segment segment);
std::string_view posture_name(Posture posture);

}  // namespace bfr::sim

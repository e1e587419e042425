#pragma once
// The cuff controller: a pure step function. Time and readings come in,
// actuator commands, the phase, alarms and events go out. It owns the LOP
// measurement, the exercise protocol, the pressure regulator and the safety
// supervisor, and it allocates nothing after construction, throws nothing
// and does no I/O, so the same object runs on a microcontroller, inside the
// simulator and in the virtual device.

#include <cstdint>
#include <optional>

#include "core/events.hpp"
#include "core/exercise_plan.hpp"
#include "core/io_types.hpp"
#include "core/limb_segment.hpp"
#include "core/lop_measurement.hpp"
#include "core/pressure_regulator.hpp"
#include "core/rep_counter.hpp"
#include "core/safety_supervisor.hpp"
#include "core/units.hpp"

namespace bfr::core {

enum class CommandKind : std::uint8_t {
  kNone,
  kMeasureLop,     // with the limb, when the host knows it
  kStartExercise,  // with plan
  kEndSet,
  kStop,             // controlled deflate
  kEmergencyStop,    // immediate vent, latched until reset
  kReset,            // acknowledge latched alarms and leave the safe state once the cuff is down
  kBeginSession,     // a session begins: its summed restriction time starts from zero (idle only)
  kSetTarget,        // a new share of the plan's LOP, while an exercise runs (with target_share)
  kConfigureLimits,  // tighter safety limits, idle only (with limits)
};

struct Command {
  CommandKind kind = CommandKind::kNone;
  ExercisePlan plan{};
  Fraction target_share{};  // kSetTarget
  LimitChange limits{};     // kConfigureLimits
  // kMeasureLop: the limb the cuff is on, which sets the ramp's pace
  // (LopConfig::pace_for); unnamed, a pace that suits both.
  std::optional<LimbSegment> limb{};
};

struct ControllerConfig {
  Frequency sample_rate = Frequency::hz(100.0f);
  SafetyLimits safety{};
  LopConfig lop{};
  RegulatorGains regulator{};
  // Band the cuff must reach and hold before the first set starts.
  Fraction ready_band = Fraction(0.05f);
  Duration ready_hold = Duration::from_ms(500);
  // Inflation that cannot reach the target in this time means a pump or
  // tubing fault: vent rather than keep pumping.
  Duration inflate_timeout = Duration::from_seconds(30.0f);
  Pressure deflated_below = Pressure::mmhg(10.0f);
  // Reps counted from the cuff signal during each set (docs/REPS.md).
  RepCounterConfig reps{};
};

struct Outputs {
  Actuators actuators{};
  Phase phase = Phase::kIdle;
  std::int8_t set_index = -1;
  Pressure target{};  // zero when the regulator is not holding
  AlarmSet alarms{};
  EventBuffer<8> events{};
  Fraction lop_progress{};
  // Reps of the current set (or of the last one, until the next starts),
  // counted from the cuff signal; the time between the last two and the
  // pace against the target period.
  std::uint16_t reps = 0;
  Duration rep_period{};
  Cadence cadence = Cadence::kUnknown;
};

class CuffController {
 public:
  explicit CuffController(const ControllerConfig& config);

  Outputs step(TimePoint now, const Command& command, const Readings& in);

  Phase phase() const { return phase_; }
  const LopMeasurement& lop() const { return lop_; }
  const SafetySupervisor& supervisor() const { return supervisor_; }
  const RepCounter& reps() const { return reps_; }
  const ControllerConfig& config() const { return config_; }

 private:
  void handle(TimePoint now, const Command& command, const Readings& in, Outputs& out);
  Actuators run_phase(TimePoint now, const Readings& in, Outputs& out);
  void enter(Phase phase, TimePoint now, Outputs& out);
  void start_set(std::uint8_t index, TimePoint now, Pressure cuff, Outputs& out);
  void end_set(TimePoint now, bool by_time_cap, Outputs& out);
  void reject(Rejection why, TimePoint now, Outputs& out);
  Rejection set_target(Fraction share);
  Rejection configure_limits(const LimitChange& change);
  void supervise(TimePoint now, const Readings& in, Actuators& act, Outputs& out);
  bool inflating_phase() const;

  ControllerConfig config_;
  // The limits the controller was built with: ConfigureLimits never goes
  // above them.
  SafetyLimits built_limits_;
  LopMeasurement lop_;
  PressureRegulator regulator_;
  SafetySupervisor supervisor_;
  RepCounter reps_;

  Phase phase_ = Phase::kIdle;
  TimePoint phase_since_;
  ExercisePlan plan_{};
  std::uint8_t set_index_ = 0;
  SafetyAction safety_action_ = SafetyAction::kNone;
  bool in_band_ = false;
  TimePoint in_band_since_;
};

}  // namespace bfr::core

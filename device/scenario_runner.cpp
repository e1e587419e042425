#include "device/scenario_runner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>

#include "core/alarm_policy.hpp"
#include "core/exercise_plan.hpp"
#include "device/bench_text.hpp"
#include "device/core_segment.hpp"
#include "device/virtual_device.hpp"

namespace bfr::device {
namespace {

using sim::ScenarioEvent;
using sim::ScenarioEventKind;

static_assert(core::kMaxSets == static_cast<std::size_t>(sim::kScenarioMaxSets),
              "scenario files and the controller must agree on the most sets in a plan");

// A cuff above this counts as restricting the limb (the supervisor's
// restricted_above).
constexpr double kRestrictedAboveMmhg = 20;

void append(std::string& list, const std::string& item) {
  if (!list.empty()) list += "; ";
  list += item;
}

std::string describe(const ScenarioEvent& e) {
  std::string s = "scenario: " + std::string(sim::event_kind_name(e.kind));
  switch (e.kind) {
    case ScenarioEventKind::kInflateTo:
      return s + " " + fixed(e.pressure_mmhg, 1) + " mmHg";
    case ScenarioEventKind::kDeflate:
      return s + " " + fixed(e.rate_mmhg_per_s, 1) + " mmHg/s";
    case ScenarioEventKind::kContractions:
      return s + " " + std::to_string(e.reps) + " reps";
    case ScenarioEventKind::kMotion:
      return s + " " + (e.motion.shape == sim::MotionShape::kTremor ? "tremor " : "impulse ") +
             fixed(e.motion.amplitude_mmhg, 1) + " mmHg for " + fixed(e.motion.duration_s, 1) +
             " s";
    case ScenarioEventKind::kFault:
      s += " " + std::string(sim::fault_name(e.fault.kind));
      if (e.fault.value != 0) s += " " + fixed(e.fault.value, 2);
      return s;
    case ScenarioEventKind::kClearFault:
      return s + " " + std::string(sim::fault_name(e.fault.kind));
    default:
      return s;
  }
}

// Applies the events that act on the simulated person and hardware, which
// every drive mode allows. Returns false for the others.
bool apply_plant_event(sim::Plant& plant, const ScenarioEvent& e) {
  switch (e.kind) {
    case ScenarioEventKind::kContractions:
      if (e.period_s) plant.lifter().set_rep_period(*e.period_s);
      // Timed from the event's own instant, not the sample it is applied on.
      plant.lifter().start_set(e.at_s, e.set_index, e.reps);
      return true;
    case ScenarioEventKind::kMotion:
      plant.add_motion(e.motion);
      return true;
    case ScenarioEventKind::kFault:
      plant.inject(e.fault);
      return true;
    case ScenarioEventKind::kClearFault:
      plant.clear_fault(e.fault.kind);
      return true;
    default:
      return false;
  }
}

// The valves as a person (or a simple consumer device) works them, without
// any regulation: pump until the gauge shows the pressure, then shut
// everything; bleed at a steady rate; vent; hold.
class ManualValves {
 public:
  explicit ManualValves(double sample_period_s) : period_s_(sample_period_s) {}

  // The plant starts vented: a cuff lying open before anyone pumps.
  const sim::ValveCommand& valves() const { return valves_; }

  void on_event(const ScenarioEvent& e, double now_s, double sensor_mmhg, std::string& notes) {
    switch (e.kind) {
      case ScenarioEventKind::kInflateTo:
        state_ = State::kInflating;
        target_mmhg_ = e.pressure_mmhg;
        valves_ = {1.0, 0.0, false};
        check_inflated(sensor_mmhg, notes);
        break;
      case ScenarioEventKind::kDeflate:
        state_ = State::kDeflating;
        rate_mmhg_per_s_ = e.rate_mmhg_per_s;
        ramp_start_mmhg_ = filtered_mmhg_;
        ramp_start_s_ = now_s;
        valves_ = {0.0, 0.0, false};
        break;
      case ScenarioEventKind::kVent:
        state_ = State::kStill;
        valves_ = {0.0, 0.0, true};
        break;
      case ScenarioEventKind::kHold:
        state_ = State::kStill;
        valves_ = {0.0, 0.0, false};
        break;
      default:
        break;
    }
  }

  // A new sensor sample: decides the valves for the next period.
  void on_sample(double now_s, double sensor_mmhg, std::string& notes) {
    filtered_mmhg_ += (sensor_mmhg - filtered_mmhg_) * period_s_ / (kFilterTauS + period_s_);
    if (state_ == State::kInflating) check_inflated(sensor_mmhg, notes);
    if (state_ == State::kDeflating) {
      // A P loop on the bleed valve against a falling ramp. It trails the
      // ramp by the few mmHg its opening needs, but its slope is the
      // requested rate, which is what a deflation measurement relies on.
      const double ref = ramp_start_mmhg_ - rate_mmhg_per_s_ * (now_s - ramp_start_s_);
      const double opening =
          ref <= 0 ? 1.0 : std::clamp(kBleedGain * (filtered_mmhg_ - ref), 0.0, 1.0);
      if (ref <= 0 && !ramp_done_) {
        append(notes, "manual: deflation ramp at 0, bleed fully open");
        ramp_done_ = true;
      }
      valves_ = {0.0, opening, false};
    }
  }

 private:
  enum class State { kStill, kInflating, kDeflating };

  // The loop sees the pressure through a 0.5 s low-pass so that the heart's
  // pulses in the cuff (a few mmHg, about 1 Hz) barely move the valve and
  // the oscillations a deflation records stay the limb's own.
  static constexpr double kFilterTauS = 0.5;
  // Bleed opening per mmHg above the ramp. With the simulated cuffs a 3
  // mmHg/s deflation needs an opening near 0.07-0.1, so the loop trails by
  // 3-5 mmHg; the gain is low enough (about 1 rad/s of loop bandwidth) for
  // the filtered loop to settle without ringing.
  static constexpr double kBleedGain = 0.02;

  void check_inflated(double sensor_mmhg, std::string& notes) {
    if (sensor_mmhg < target_mmhg_) return;
    state_ = State::kStill;
    valves_ = {0.0, 0.0, false};
    append(notes, "manual: " + fixed(target_mmhg_, 1) + " mmHg reached, pump off, valves shut");
  }

  double period_s_;
  sim::ValveCommand valves_{};
  State state_ = State::kStill;
  double target_mmhg_ = 0;
  double rate_mmhg_per_s_ = 0;
  double ramp_start_mmhg_ = 0;
  double ramp_start_s_ = 0;
  bool ramp_done_ = false;
  double filtered_mmhg_ = 0;
};

std::string describe(const core::Event& e, const std::optional<core::LopResult>& lop) {
  switch (e.kind) {
    case core::EventKind::kPhaseChanged:
      return {};  // the phase column shows it
    case core::EventKind::kLopMeasured: {
      std::string s = "controller: lop measured " + fixed(e.value.mmhg(), 1) + " mmHg";
      if (lop) {
        // No commas: the text lands in one CSV field, readable without a CSV parser.
        s += " (quality " + fixed(lop->quality.value(), 2) + " / heart rate " +
             fixed(lop->heart_rate.per_minute(), 0) + " bpm)";
      }
      return s;
    }
    case core::EventKind::kLopFailed:
      return std::string("controller: lop failed: ") +
             core::to_string(static_cast<core::LopFailure>(e.code));
    case core::EventKind::kSetStarted:
      return "controller: set " + std::to_string(e.set_index + 1) + " started";
    case core::EventKind::kSetEnded:
      return "controller: set " + std::to_string(e.set_index + 1) + " ended" +
             (e.code != 0 ? " (time cap)" : "");
    case core::EventKind::kAlarmRaised:
      return std::string("controller: alarm ") + core::to_string(static_cast<core::Alarm>(e.code)) +
             " at " + fixed(e.value.mmhg(), 1) + " mmHg";
    case core::EventKind::kAlarmCleared:
      return std::string("controller: alarm cleared ") +
             core::to_string(static_cast<core::Alarm>(e.code));
    case core::EventKind::kCommandRejected:
      return std::string("controller: command rejected: ") +
             core::to_string(static_cast<core::Rejection>(e.code));
    case core::EventKind::kSafetyAction:
      return std::string("controller: safety action ") +
             core::to_string(static_cast<core::SafetyAction>(e.code));
  }
  return {};
}

// What every mode records the same way: truth columns and summary figures.
class Recorder {
 public:
  Recorder(const sim::Scenario& scenario, const TraceSink& sink) : sink_(sink) {
    summary_.duration_s = scenario.duration_s;
  }

  void record(const sim::Plant& plant, TraceRow& row, double period_s) {
    row.time_s = plant.time_s();
    row.sensor_mmhg = plant.read_sensor();
    row.true_cuff_mmhg = plant.true_cuff_mmhg();
    row.true_lop_mmhg = plant.true_lop_mmhg();
    row.arterial_mmhg = plant.arterial_mmhg();
    row.distal_flow_share = plant.distal_flow_share();
    row.heart_rate_bpm = plant.heart_rate_bpm();
    row.muscle_ml = plant.muscle_ml();
    row.pooled_ml = plant.pooled_ml();
    row.motion_mmhg = plant.motion_mmhg();
    row.pump_flow_ml_s = plant.pump_flow_ml_s();
    const sim::ValveCommand& v = plant.valves();
    row.pump_duty = v.pump_duty;
    row.bleed_opening = v.bleed_opening;
    row.vent_open = v.vent_open;
    row.faults = fault_text(plant.faults());

    if (summary_.samples == 0) summary_.true_lop_mmhg = row.true_lop_mmhg;
    ++summary_.samples;
    if (row.true_cuff_mmhg > summary_.peak_true_cuff_mmhg) {
      summary_.peak_true_cuff_mmhg = row.true_cuff_mmhg;
      summary_.peak_at_s = row.time_s;
    }
    if (row.true_cuff_mmhg > kRestrictedAboveMmhg) summary_.restricted_s += period_s;
    summary_.final_true_cuff_mmhg = row.true_cuff_mmhg;
    summary_.final_sensor_mmhg = row.sensor_mmhg;
    if (sink_) sink_(row);
  }

  RunSummary& summary() { return summary_; }

 private:
  const TraceSink& sink_;
  RunSummary summary_;
};

long sample_count(double duration_s, core::Duration period) {
  return static_cast<long>(std::llround(duration_s * 1e6 / static_cast<double>(period.us())));
}

// Manual and none modes: the plant on its own, polled at the sensor rate.
RunSummary run_open_loop(const sim::Scenario& scenario, const TraceSink& sink) {
  sim::Plant plant(plant_config_for(scenario));
  const core::Duration period =
      core::Frequency::hz(static_cast<float>(scenario.sensor.sample_rate_hz)).period();
  const double period_s = seconds(period);
  ManualValves manual(period_s);
  Recorder recorder(scenario, sink);
  std::size_t next = 0;
  const long n = sample_count(scenario.duration_s, period);
  for (long k = 0; k < n; ++k) {
    TraceRow row;
    // Events due by now act before the plant moves on; the time epsilon
    // absorbs rounding in the accumulated time.
    while (next < scenario.events.size() && scenario.events[next].at_s <= plant.time_s() + 1e-9) {
      const ScenarioEvent& e = scenario.events[next++];
      append(row.events, describe(e));
      if (!apply_plant_event(plant, e)) {
        manual.on_event(e, plant.time_s(), plant.read_sensor(), row.events);
      }
    }
    if (scenario.drive == sim::DriveMode::kManual) plant.command(manual.valves());
    plant.advance(period_s);
    if (scenario.drive == sim::DriveMode::kManual) {
      manual.on_sample(plant.time_s(), plant.read_sensor(), row.events);
      plant.command(manual.valves());
    }
    recorder.record(plant, row, period_s);
  }
  return recorder.summary();
}

core::CommandKind command_for(ScenarioEventKind kind) {
  switch (kind) {
    case ScenarioEventKind::kMeasureLop:
      return core::CommandKind::kMeasureLop;
    case ScenarioEventKind::kStartExercise:
      return core::CommandKind::kStartExercise;
    case ScenarioEventKind::kEndSet:
      return core::CommandKind::kEndSet;
    case ScenarioEventKind::kStop:
      return core::CommandKind::kStop;
    case ScenarioEventKind::kEmergencyStop:
      return core::CommandKind::kEmergencyStop;
    case ScenarioEventKind::kReset:
      return core::CommandKind::kReset;
    default:
      return core::CommandKind::kNone;
  }
}

core::ExercisePlan plan_for(const sim::ScenarioControllerSettings& c, double lop_mmhg) {
  core::ExercisePlan plan;
  plan.lop = core::Pressure::mmhg(static_cast<float>(lop_mmhg));
  plan.target_share = core::Fraction::percent(static_cast<float>(c.target_percent_of_lop));
  plan.set_count = static_cast<std::uint8_t>(c.reps.size());
  for (std::size_t i = 0; i < c.reps.size(); ++i) {
    plan.target_reps[i] = static_cast<std::uint16_t>(c.reps[i]);
  }
  plan.rest = core::Duration::from_seconds(static_cast<float>(c.rest_s));
  plan.max_set_duration = core::Duration::from_seconds(static_cast<float>(c.max_set_s));
  return plan;
}

// Controller mode: the real controller through a virtual device, as a host
// would drive it. The simulated person follows the controller's sets when
// auto_sets is on, and the host ends each set when they stop, as the
// session runner does with the demo's lifter.
RunSummary run_controller(const sim::Scenario& scenario, const TraceSink& sink) {
  const sim::ScenarioControllerSettings& settings = scenario.controller;
  VirtualDevice device(plant_config_for(scenario), controller_config_for(scenario));
  sim::Plant& plant = device.plant();
  const double period_s = seconds(device.frame_period());
  Recorder recorder(scenario, sink);
  RunSummary& summary = recorder.summary();

  std::deque<ScenarioEventKind> pending;
  std::optional<double> measured_lop;
  bool set_running = false;  // the simulated person is doing a set the host must end
  bool end_set_due = false;
  std::size_t next = 0;
  core::Phase phase = core::Phase::kIdle;
  const long n = sample_count(scenario.duration_s, device.frame_period());
  for (long k = 0; k < n; ++k) {
    TraceRow row;
    while (next < scenario.events.size() && scenario.events[next].at_s <= plant.time_s() + 1e-9) {
      const ScenarioEvent& e = scenario.events[next++];
      append(row.events, describe(e));
      if (!apply_plant_event(plant, e)) pending.push_back(e.kind);
    }

    // One command per frame, as over a real link: scenario commands first
    // in file order, then the host's own end of set.
    core::Command command{};
    while (command.kind == core::CommandKind::kNone && !pending.empty()) {
      const ScenarioEventKind kind = pending.front();
      pending.pop_front();
      if (kind == ScenarioEventKind::kStartExercise) {
        const std::optional<double> lop = settings.lop_mmhg ? settings.lop_mmhg : measured_lop;
        if (!lop) {
          const std::string note =
              "start_exercise skipped: no LOP was measured and [drive] "
              "lop_mmhg is not set";
          append(row.events, "host: " + note);
          summary.notes.push_back(note + " (t " + fixed(plant.time_s(), 2) + " s)");
          continue;
        }
        command.plan = plan_for(settings, *lop);
      }
      command.kind = command_for(kind);
      // The host knows the limb the cuff is on; the device paces the LOP
      // ramp for it.
      if (command.kind == core::CommandKind::kMeasureLop) {
        command.limb = core_segment(scenario.segment);
      }
    }
    if (command.kind == core::CommandKind::kNone && end_set_due) {
      command.kind = core::CommandKind::kEndSet;
      end_set_due = false;
      append(row.events,
             "host: end_set after " + std::to_string(plant.lifter().reps_planned()) + " reps");
    }

    const Telemetry t = device.exchange(command);
    phase = t.outputs.phase;
    for (const core::Event& e : t.outputs.events) {
      const std::string text = describe(e, t.lop_result);
      if (!text.empty()) append(row.events, text);
      switch (e.kind) {
        case core::EventKind::kLopMeasured:
          measured_lop = e.value.mmhg();
          summary.lop_measured_mmhg = e.value.mmhg();
          if (t.lop_result) {
            summary.lop_quality = t.lop_result->quality.value();
            summary.lop_heart_rate_bpm = t.lop_result->heart_rate.per_minute();
          }
          break;
        case core::EventKind::kLopFailed:
          summary.lop_failures.push_back(core::to_string(static_cast<core::LopFailure>(e.code)));
          break;
        case core::EventKind::kAlarmRaised:
          summary.alarms.push_back(std::string(core::to_string(static_cast<core::Alarm>(e.code))) +
                                   " at " + fixed(e.value.mmhg(), 1) + " mmHg (t " +
                                   fixed(plant.time_s(), 2) + " s)");
          break;
        case core::EventKind::kCommandRejected:
          summary.rejections.push_back(
              std::string(core::to_string(static_cast<core::Rejection>(e.code))) + " (t " +
              fixed(plant.time_s(), 2) + " s)");
          break;
        case core::EventKind::kSetStarted:
          if (settings.auto_sets) {
            const auto i = static_cast<std::size_t>(e.set_index);
            plant.lifter().start_set(plant.time_s(), e.set_index,
                                     i < settings.reps.size() ? settings.reps[i] : 0);
            set_running = true;
          }
          break;
        case core::EventKind::kSetEnded:
          set_running = false;
          end_set_due = false;
          break;
        default:
          break;
      }
    }
    if (set_running && phase == core::Phase::kExercise &&
        plant.lifter().set_finished(plant.time_s())) {
      set_running = false;
      end_set_due = true;
    }
    if (phase != core::Phase::kExercise) end_set_due = false;

    row.phase = core::to_string(phase);
    row.target_mmhg = t.outputs.target.mmhg();
    recorder.record(plant, row, period_s);
  }
  summary.final_phase = core::to_string(phase);
  return summary;
}

}  // namespace

std::string fault_text(const sim::ActiveFaults& f) {
  std::string s;
  auto add = [&](bool on, sim::FaultKind kind) {
    if (!on) return;
    if (!s.empty()) s += '+';
    s += sim::fault_name(kind);
  };
  add(f.sensor_stuck, sim::FaultKind::kSensorStuck);
  add(f.sensor_drift_mmhg_per_s != 0, sim::FaultKind::kSensorDrift);
  add(f.pump_failed, sim::FaultKind::kPumpFailure);
  add(f.vent_stuck_open, sim::FaultKind::kVentStuckOpen);
  add(f.vent_stuck_closed, sim::FaultKind::kVentStuckClosed);
  add(f.bleed_stuck_closed, sim::FaultKind::kBleedStuckClosed);
  add(f.tube_disconnected, sim::FaultKind::kTubeDisconnect);
  add(f.leak_ml_s_at_100 != 0, sim::FaultKind::kLeak);
  return s;
}

sim::PlantConfig plant_config_for(const sim::Scenario& scenario) {
  sim::PlantConfig config = sim::plant_for(scenario.person, scenario.cuff(), scenario.sensor,
                                           scenario.seed, scenario.posture);
  config.model_rate_hz = scenario.model_rate_hz;
  return config;
}

core::ControllerConfig controller_config_for(const sim::Scenario& scenario) {
  const sim::ScenarioControllerSettings& c = scenario.controller;
  core::ControllerConfig config;
  config.sample_rate = core::Frequency::hz(static_cast<float>(scenario.sensor.sample_rate_hz));
  config.safety.hard_cap = core::Pressure::mmhg(static_cast<float>(c.hard_cap_mmhg));
  config.safety.max_inflation = core::Duration::from_seconds(static_cast<float>(c.max_inflation_s));
  config.lop.fast_ramp =
      core::PressureRate::mmhg_per_s(static_cast<float>(c.lop_fast_ramp_mmhg_per_s));
  config.lop.cap = core::Pressure::mmhg(static_cast<float>(c.lop_cap_mmhg));
  config.inflate_timeout = core::Duration::from_seconds(static_cast<float>(c.inflate_timeout_s));
  return config;
}

RunSummary run_scenario(const sim::Scenario& scenario, const TraceSink& sink) {
  if (scenario.drive == sim::DriveMode::kController) return run_controller(scenario, sink);
  return run_open_loop(scenario, sink);
}

}  // namespace bfr::device

#include "device/fault_bench.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/alarm_policy.hpp"
#include "core/exercise_plan.hpp"
#include "device/lop_population_bench.hpp"
#include "device/regulation_bench.hpp"
#include "device/set_reporter.hpp"
#include "device/virtual_device.hpp"
#include "sim/parallel.hpp"
#include "sim/rng.hpp"

namespace bfr::device {
namespace {

constexpr double kSafeMmhg = 20;  // issue 5's safe state
constexpr double kGiveUpS = 600;  // no scenario legitimately runs this long
constexpr double kSettleS = 2;    // the control keeps watching after the end

bool acts(core::Alarm alarm) {
  return core::policy_of(alarm).action >= core::SafetyAction::kHold;  // as session_failure()
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

// What one scenario changes before it starts, and the fault it injects.
struct Setup {
  sim::PlantConfig plant;
  core::ControllerConfig controller;
  double inject_at_s = 0;
  double severity = 0;
  double limit_s = 0;  // restriction classes: the configured limit
};

Setup make_setup(FaultClass fault, std::size_t index, std::uint64_t seed) {
  RegulationDesign design;
  design.seed = seed;
  const RegulationPerson person = design_regulation_person(design, index);
  sim::Rng rng(seed * 0x9e3779b97f4a7c15ull + static_cast<std::uint64_t>(fault) * 7919u + index);
  Setup s;
  s.plant = person.plant_config(design);
  s.controller = controller_config_for_rate(design.sample_rate_hz);
  // Anywhere from the inflation through the first set and into its rest.
  s.inject_at_s = rng.uniform(3, 70);
  switch (fault) {
    case FaultClass::kLeak:
      s.severity = rng.uniform(15, 60);  // mL/s at 100 mmHg
      break;
    case FaultClass::kSensorDrift:
      s.plant.second_sensor = true;
      s.severity = (rng.uniform(0, 1) < 0.5 ? -1 : 1) * rng.uniform(2, 20);  // mmHg/s
      break;
    case FaultClass::kSensorJump:
      s.severity = (rng.uniform(0, 1) < 0.5 ? -1 : 1) * rng.uniform(30, 100);  // mmHg
      break;
    case FaultClass::kSensorRail:
      s.severity = rng.uniform(0, 1) < 0.5 ? rng.uniform(-200, -21) : rng.uniform(401, 2000);
      break;
    case FaultClass::kRestrictionLimit:
      s.limit_s = rng.uniform(40, 150);
      s.controller.safety.max_inflation =
          core::Duration::from_seconds(static_cast<float>(s.limit_s));
      s.controller.safety.restriction_warning_before = core::Duration::from_seconds(5);
      break;
    case FaultClass::kSessionLimit:
      s.limit_s = rng.uniform(40, 150);
      s.controller.safety.max_session_restriction =
          core::Duration::from_seconds(static_cast<float>(s.limit_s));
      s.controller.safety.restriction_warning_before = core::Duration::from_seconds(5);
      break;
    default:
      break;
  }
  return s;
}

void inject(FaultClass fault, const Setup& s, VirtualDevice& device, core::Command& command) {
  sim::Plant& plant = device.plant();
  switch (fault) {
    case FaultClass::kPumpStuckOn:
      return plant.inject({sim::FaultKind::kPumpStuckOn, 0});
    case FaultClass::kLeak:
      return plant.inject({sim::FaultKind::kLeak, s.severity});
    case FaultClass::kSensorStuck:
      return plant.inject({sim::FaultKind::kSensorStuck, 0});
    case FaultClass::kSensorDrift:
      return plant.inject({sim::FaultKind::kSensorDrift, s.severity});
    case FaultClass::kSensorJump:
      return plant.inject({sim::FaultKind::kSensorJump, s.severity});
    case FaultClass::kSensorRail:
      return plant.inject({sim::FaultKind::kSensorRail, s.severity});
    case FaultClass::kSensorDriverFault:
      return device.set_sensor_driver_fault(true);
    case FaultClass::kPumpFailure:
      return plant.inject({sim::FaultKind::kPumpFailure, 0});
    case FaultClass::kVentStuckClosed:
      // The vent is only tried when something asks for it: the host stops
      // the session at once.
      plant.inject({sim::FaultKind::kVentStuckClosed, 0});
      command = {core::CommandKind::kStop, {}};
      return;
    case FaultClass::kTubeDisconnect:
      return plant.inject({sim::FaultKind::kTubeDisconnect, 0});
    case FaultClass::kHostHeartbeatLost:
      return device.set_host_heartbeat_lost(true);
    case FaultClass::kEmergencyStop:
      command = {core::CommandKind::kEmergencyStop, {}};
      return;
    case FaultClass::kNone:
    case FaultClass::kRestrictionLimit:
    case FaultClass::kSessionLimit:
    case FaultClass::kCount:
      return;
  }
}

bool injects(FaultClass fault) {
  return fault != FaultClass::kNone && fault != FaultClass::kRestrictionLimit &&
         fault != FaultClass::kSessionLimit;
}

}  // namespace

const char* fault_class_name(FaultClass fault) {
  switch (fault) {
    case FaultClass::kNone:
      return "none (control)";
    case FaultClass::kPumpStuckOn:
      return "pump stuck on";
    case FaultClass::kLeak:
      return "leak 15-60 mL/s";
    case FaultClass::kSensorStuck:
      return "sensor stuck";
    case FaultClass::kSensorDrift:
      return "sensor drift (2 sensors)";
    case FaultClass::kSensorJump:
      return "sensor jump 30-100 mmHg";
    case FaultClass::kSensorRail:
      return "sensor out of range";
    case FaultClass::kSensorDriverFault:
      return "sensor driver fault";
    case FaultClass::kPumpFailure:
      return "pump failure";
    case FaultClass::kVentStuckClosed:
      return "vent stuck closed";
    case FaultClass::kTubeDisconnect:
      return "tube disconnected";
    case FaultClass::kRestrictionLimit:
      return "restriction time (exercise)";
    case FaultClass::kSessionLimit:
      return "restriction time (session)";
    case FaultClass::kHostHeartbeatLost:
      return "host heartbeat lost";
    case FaultClass::kEmergencyStop:
      return "emergency stop";
    case FaultClass::kCount:
      break;
  }
  return "unknown";
}

FaultBound stated_bound(FaultClass fault) {
  // Detection bounds follow from each condition's definition (SafetyLimits)
  // plus one 100 Hz step and the sensor's lag; the safe bound is the time a
  // full thigh cuff takes to fall from the cap to 20 mmHg through the vent
  // valve alone, with margin (docs/SAFETY.md).
  constexpr double kVentS = 6;
  switch (fault) {
    case FaultClass::kPumpStuckOn:
      // Caught by the over-pressure hold within seconds; but the regulator's
      // bleed then holds the cuff inside the band against the pump, and only
      // the next rest shows the bleed open throughout (judged over 7 s, a
      // set lasting at most 180 s), which vents and cuts the pump's supply.
      return {10, 200};
    case FaultClass::kLeak:
      // Judged over 7 s of a rest; a leak in a set waits for the rest, and
      // a set lasts at most the plan's 180 s cap.
      return {190, kVentS};
    case FaultClass::kSensorStuck:
      return {2.1, kVentS};
    case FaultClass::kSensorDrift:
      // 0.5 s after the two differ by 12 mmHg; at the slowest drift the
      // noise takes the difference back and forth across that for a while.
      return {1.5, kVentS};
    case FaultClass::kSensorJump:
    case FaultClass::kSensorRail:
    case FaultClass::kSensorDriverFault:
    case FaultClass::kTubeDisconnect:
    case FaultClass::kEmergencyStop:
      return {0.05, kVentS};
    case FaultClass::kPumpFailure:
      // Two 2 s windows of a strong call for air outside a set (in a set a
      // relaxing muscle moves the cuff more than the pump, so the check
      // waits for the rest), a third when the smoothing passes the first,
      // plus the dips the call is allowed.
      return {8, kVentS};
    case FaultClass::kVentStuckClosed:
      // A 1.5 s window of an open vent that does not let a tenth out; then
      // the bleed alone, which is slower.
      return {3.1, 20};  // within two windows
    case FaultClass::kRestrictionLimit:
    case FaultClass::kSessionLimit:
      return {0.05, kVentS};
    case FaultClass::kHostHeartbeatLost:
      return {0.05, kVentS};  // from the device watchdog's verdict
    case FaultClass::kNone:
    case FaultClass::kCount:
      break;
  }
  return {};
}

FaultRun run_fault_scenario(FaultClass fault, std::size_t index, std::uint64_t seed) {
  const Setup s = make_setup(fault, index, seed);
  VirtualDevice device(s.plant, s.controller);
  sim::Plant& plant = device.plant();
  SimulatedLifterReporter lifter(device);
  RegulationDesign design;
  const core::ExercisePlan plan =
      core::standard_plan(core::Pressure::mmhg(static_cast<float>(plant.true_lop_mmhg())),
                          core::Fraction(static_cast<float>(design.target_share)),
                          core::Duration::from_seconds(static_cast<float>(design.rest_s)));

  FaultRun run;
  run.fault = fault;
  run.person = index;
  run.inject_at_s = s.inject_at_s;
  run.severity = fault == FaultClass::kRestrictionLimit || fault == FaultClass::kSessionLimit
                     ? s.limit_s
                     : s.severity;

  const double period_s = static_cast<double>(device.frame_period().us()) * 1e-6;
  core::Command command{core::CommandKind::kStartExercise, plan};
  bool injected = false;
  double visible_at = -1;  // when the fault could first be seen
  double restricted_since = -1;
  double detected_at = 0;
  double ended_at = -1;
  bool end_sent = false;
  for (double t = 0; t < kGiveUpS; t += period_s) {
    if (injects(fault) && !injected && t >= s.inject_at_s) {
      inject(fault, s, device, command);
      injected = true;
      if (fault != FaultClass::kPumpFailure && fault != FaultClass::kSensorDrift) visible_at = t;
    }
    const Telemetry tel = device.exchange(command);
    command = {};
    const core::Outputs& out = tel.outputs;
    const double true_cuff = plant.true_cuff_mmhg();

    // When the fault became visible, for the classes where that is later
    // than its injection.
    if (injected && visible_at < 0) {
      if (fault == FaultClass::kPumpFailure) {
        const core::Actuators& a = out.actuators;
        // The pump is judged outside sets (contractions hide it there).
        const bool asks = a.pump_duty >= s.controller.safety.pump_check_duty && !a.vent_open &&
                          a.bleed_opening.value() <= 0.0f && out.phase != core::Phase::kExercise;
        if (asks) visible_at = t;
      } else if (fault == FaultClass::kSensorDrift && plant.has_second_sensor()) {
        const double apart = std::abs(plant.read_sensor() - plant.read_second_sensor());
        if (apart > s.controller.safety.max_disagreement.mmhg()) visible_at = t;
      }
    }
    if (tel.cuff.mmhg() > s.controller.safety.restricted_above.mmhg()) {
      if (restricted_since < 0) restricted_since = t;
    } else if (fault == FaultClass::kRestrictionLimit) {
      restricted_since = -1;
    }
    if ((fault == FaultClass::kRestrictionLimit || fault == FaultClass::kSessionLimit) &&
        visible_at < 0 && restricted_since >= 0 && t - restricted_since > s.limit_s) {
      visible_at = t;
    }

    for (const core::Event& e : out.events) {
      if (e.kind == core::EventKind::kSetStarted) {
        const auto i = static_cast<std::size_t>(e.set_index);
        lifter.set_started(tel.at, e.set_index, plan.target_reps[i]);
        end_sent = false;
      }
      if (e.kind != core::EventKind::kAlarmRaised) continue;
      const auto alarm = static_cast<core::Alarm>(e.code);
      if (!acts(alarm)) {
        ++run.warnings;
      } else if (!run.detected) {
        run.detected = true;
        run.alarm = alarm;
        detected_at = t;
        run.detect_s = visible_at >= 0 ? t - visible_at : 0;
        if (visible_at < 0) run.note = "alarm before the fault could be seen";
      }
    }
    if (run.detected && !run.safe && true_cuff < kSafeMmhg) {
      run.safe = true;
      run.safe_s = t - detected_at;
    }
    if (out.phase == core::Phase::kExercise && !end_sent && lifter.reps_if_finished(tel.at)) {
      command = {core::CommandKind::kEndSet, {}};
      end_sent = true;
    }
    // The end: safe after a detection, or (for the control) the protocol
    // over and the cuff down.
    if (run.detected && run.safe) break;
    const bool down = out.phase == core::Phase::kIdle || out.phase == core::Phase::kSafeState;
    if (!run.detected && down && t > 1 && ended_at < 0) ended_at = t;
    if (ended_at >= 0 && t - ended_at > kSettleS) {
      if (fault != FaultClass::kNone) run.note = "the protocol ended without an alarm";
      break;
    }
  }
  return run;
}

FaultBenchReport run_fault_bench(const FaultBenchDesign& design) {
  FaultBenchReport report;
  const auto classes = static_cast<std::size_t>(FaultClass::kCount);
  const std::size_t total = classes * design.runs_per_class;
  report.runs.resize(total);
  sim::parallel_for(total, design.threads, [&](std::size_t i) {
    const auto fault = static_cast<FaultClass>(i / design.runs_per_class);
    report.runs[i] = run_fault_scenario(fault, i % design.runs_per_class, design.seed);
  });

  report.pass = true;
  for (std::size_t c = 0; c < classes; ++c) {
    FaultClassSummary sum;
    sum.fault = static_cast<FaultClass>(c);
    sum.bound = stated_bound(sum.fault);
    std::vector<double> detect;
    double safe_max = 0;
    std::map<std::string, int> by_alarm;
    bool within = true;
    for (std::size_t r = 0; r < design.runs_per_class; ++r) {
      const FaultRun& run = report.runs[c * design.runs_per_class + r];
      ++sum.runs;
      if (!run.detected) continue;
      ++sum.detected;
      by_alarm[core::to_string(run.alarm)] += 1;
      detect.push_back(run.detect_s);
      if (run.safe) ++sum.safe;
      safe_max = std::max(safe_max, run.safe ? run.safe_s : kGiveUpS);
      within = within && run.detect_s <= sum.bound.detect_s && run.safe &&
               run.safe_s <= sum.bound.safe_s;
    }
    sum.detect_median_s = percentile(detect, 0.5);
    sum.detect_p95_s = percentile(detect, 0.95);
    sum.detect_max_s = detect.empty() ? 0 : *std::max_element(detect.begin(), detect.end());
    sum.safe_max_s = safe_max;
    for (const auto& [name, count] : by_alarm) {
      sum.alarms.push_back(name + " x" + std::to_string(count));
    }
    sum.pass =
        sum.fault == FaultClass::kNone ? sum.detected == 0 : sum.detected == sum.runs && within;
    report.pass = report.pass && sum.pass;
    report.classes.push_back(sum);
  }
  return report;
}

}  // namespace bfr::device

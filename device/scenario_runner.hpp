#pragma once
// Runs a scenario (sim/scenario.hpp) on the simulated limb and reports one
// trace row per sensor sample: what the device's sensor read and, beside it,
// the simulation truth that no real device could see.
//
// Drive modes:
//  - controller: the real core controller through a VirtualDevice, one
//    controller period (the sensor's sample period) per row; scenario
//    commands are sent in the next frame, one command per frame.
//  - manual: no controller; the events work the valves the way a person with
//    a hand-pumped or unregulated cuff would (see ManualValves in the .cpp).
//  - none: the valves stay as the plant starts them (vent open).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/cuff_controller.hpp"
#include "sim/plant.hpp"
#include "sim/scenario.hpp"

namespace bfr::device {

struct TraceRow {
  double time_s = 0;
  double sensor_mmhg = 0;  // what the controller (or the person) sees
  // Truth from the simulator.
  double true_cuff_mmhg = 0;
  double true_lop_mmhg = 0;
  double arterial_mmhg = 0;
  double distal_flow_share = 0;
  double heart_rate_bpm = 0;
  double muscle_ml = 0;
  double pooled_ml = 0;
  double motion_mmhg = 0;
  double pump_flow_ml_s = 0;
  // Valve commands in force over the next sample period.
  double pump_duty = 0;
  double bleed_opening = 0;
  bool vent_open = true;
  std::string faults;  // active faults joined with '+', empty when none
  // Controller mode only (empty / 0 otherwise).
  std::string phase;
  double target_mmhg = 0;  // the regulator's target, 0 when it is not holding
  // What happened at this sample, "; "-joined: scenario events as they are
  // applied, controller reports (LOP result or failure, sets, alarms,
  // rejections), manual milestones. Empty on most rows.
  std::string events;
};

struct RunSummary {
  double duration_s = 0;
  long samples = 0;
  double true_lop_mmhg = 0;  // at the start of the run
  double peak_true_cuff_mmhg = 0;
  double peak_at_s = 0;
  double final_true_cuff_mmhg = 0;
  double final_sensor_mmhg = 0;
  double restricted_s = 0;  // time with the true cuff pressure above 20 mmHg
  std::optional<double> lop_measured_mmhg;
  std::optional<double> lop_quality;
  std::optional<double> lop_heart_rate_bpm;
  std::vector<std::string> lop_failures;
  std::vector<std::string> alarms;      // "over_pressure_cap at 301.2 mmHg (t 12.34 s)"
  std::vector<std::string> rejections;  // commands the controller refused
  std::vector<std::string> notes;       // host-side remarks (e.g. a skipped start_exercise)
  std::string final_phase;              // controller mode only
};

using TraceSink = std::function<void(const TraceRow&)>;

// The plant the scenario describes: person, cuff, sensor (with overrides),
// posture, seed and model rate.
sim::PlantConfig plant_config_for(const sim::Scenario& scenario);
// The controller settings of a controller-mode scenario; it runs at the
// sensor's sample rate.
core::ControllerConfig controller_config_for(const sim::Scenario& scenario);

// Runs the scenario for its whole duration, calling sink (if set) once per
// sample in time order.
RunSummary run_scenario(const sim::Scenario& scenario, const TraceSink& sink = {});

// "leak+sensor_stuck", or empty.
std::string fault_text(const sim::ActiveFaults& faults);

}  // namespace bfr::device

#pragma once
// Cuff pressure regulation on a virtual population (issue 5, benchmark 1):
// the Swain 2025 protocol (unilateral leg press 30-15-15-15, 30 s rests,
// 80 % LOP, bfr-facts section 2) on a seeded general adult cohort, seated
// thigh, 11.5 cm cuff, MPX5050 at 100 Hz by default. The limb, the cuff's
// width and the sensor can be changed (`bfr control bench --segment
// upper_arm --cuff-width-cm 9 --sensor hx710b`); the targets stay the
// issue's. On the upper arm the lifter is an arm exercise with the same
// disturbance as a share of LOP (an assumption: Swain 2025 measured the
// leg press only).
//
// Each person is run twice on the same simulated limb:
//  - regulated: the real controller (device::VirtualDevice) runs the
//    exercise plan at 80 % of the person's TRUE LOP (measuring LOP is not
//    part of this bench); the host relays set ends from the simulated
//    lifter, as clinic::SessionRunner does;
//  - unregulated: the cuff is pumped once to the target and the valves are
//    held shut through the same sets and rests (the consumer cuffs of
//    Swain 2025).
// Everything is scored on the plant's TRUE cuff pressure at 100 Hz.
//
// The targets are the issue's: >= 98 % of exercise time within +-10 % of
// target, >= 99.5 % of rest within +-5 %, no excursion above target +
// 15 mmHg lasting over 1 s, peak never above 100 % LOP, and (the issue's
// regulation requirement) back within +-15 mmHg within 1 s of each
// contraction's peak deviation. The best clinical system measured by
// Swain 2025 (Delfi PTS ii) managed 95 % and 99 %.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cuff_controller.hpp"
#include "device/cuff_device.hpp"
#include "sim/person.hpp"
#include "sim/plant.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::device {

// The longest a protocol session may take before the host gives up on the
// controller: four sets at the controller's 180 s cap, three 30 s rests and
// the inflation, with room. The regulation and repetition benches share it.
constexpr double kSessionHostGuardS = 1200;

// The sensors the bench can fit, each at the rate it converts at.
enum class RegulationSensor : std::uint8_t { kMpx5050, kHx710b };
const char* regulation_sensor_name(RegulationSensor sensor);
bool regulation_sensor_by_name(std::string_view name, RegulationSensor& out);
double regulation_sensor_rate_hz(RegulationSensor sensor);  // 100 and 40

struct RegulationDesign {
  std::size_t people = 100;
  std::uint64_t seed = 1;
  sim::Segment segment = sim::Segment::kThigh;
  double cuff_width_cm = 11.5;
  RegulationSensor sensor = RegulationSensor::kMpx5050;
  double target_share = 0.8;
  double rest_s = 30;
  double sample_rate_hz = 100;  // must be the sensor's rate
  sim::SensorProfile sensor_profile() const;
  // The dual-limb case (issue 5: "one or two cuffs independently"): both
  // thighs (or both arms) cuffed, each with its own controller, pump and
  // valves, the lifter working both limbs at once. The second limb is this
  // much thinner than the first, as after an injury on one side (an
  // assumption: the facts have no figure for the difference; it gives the
  // two limbs different LOPs). On the arm a quarter of it.
  bool dual_limb = true;
  double second_thigh_difference_cm = -4;
  double second_limb_difference_cm() const {
    return segment == sim::Segment::kThigh ? second_thigh_difference_cm
                                           : 0.25 * second_thigh_difference_cm;
  }
  // The pump. Its figures are the simulator's assumptions
  // (sim/pneumatics.hpp; the facts have no pump curve), so a device maker
  // can put in their own pump's datasheet figures and see whether it holds
  // their limbs. Zero keeps the simulator's figure for the segment.
  double pump_free_flow_ml_s = 0;
  double pump_stall_mmhg = 0;
  // A cuff's pneumatics with the figures above put in where given.
  sim::PneumaticParams pump_applied_to(sim::PneumaticParams cuff) const;
  // The segment's cuff pneumatics as the people are run with them.
  sim::PneumaticParams pneumatics() const;
};

struct RegulationTargets {
  double exercise_band = 0.10;  // share of target
  double min_exercise_within = 0.98;
  double rest_band = 0.05;
  double min_rest_within = 0.995;
  double excursion_above_mmhg = 15;  // above target
  double excursion_max_s = 1.0;
  double max_peak_share_of_lop = 1.0;
  double recovery_band_mmhg = 15;
  double max_recovery_s = 1.0;
};

enum class RegulationMethod : std::uint8_t { kRegulated, kUnregulated, kDualLimb };
const char* regulation_method_name(RegulationMethod method);

// One person of a design: the same whatever the population size.
struct RegulationPerson {
  std::size_t index = 0;
  sim::Person person;
  std::uint64_t plant_seed = 1;
  sim::PlantConfig plant_config(const RegulationDesign& design) const;
};
RegulationPerson design_regulation_person(const RegulationDesign& design, std::size_t index);

// One run, scored on the true cuff pressure.
struct RegulationOutcome {
  std::size_t index = 0;
  bool completed = false;  // every set run and the cuff never vented
  std::string failure;     // why not, when not completed
  double true_lop_mmhg = 0;
  double target_mmhg = 0;
  double rep_period_s = 0;
  int sets = 0;
  int reps = 0;
  double exercise_s = 0;
  double rest_s = 0;
  double exercise_within = 0;  // share of exercise samples within the band
  double rest_within = 0;
  int excursions = 0;  // above target + 15 mmHg for longer than 1 s
  double longest_excursion_s = 0;
  double peak_mmhg = 0;  // highest true cuff pressure while holding
  double peak_share_of_lop = 0;
  double min_exercise_share_of_lop = 0;  // lowest true cuff pressure in a set
  // Per contraction: time from its largest deviation to back within
  // +-15 mmHg (0 when it never left that band).
  double mean_recovery_s = 0;
  double max_recovery_s = 0;
  int slow_recoveries = 0;  // over the target
};

struct MethodSummary {
  RegulationMethod method = RegulationMethod::kRegulated;
  int people = 0;
  int completed = 0;
  double mean_exercise_within = 0;
  double worst_exercise_within = 0;
  double mean_rest_within = 0;
  double worst_rest_within = 0;
  int excursions = 0;  // total over the population
  int people_with_excursions = 0;
  double longest_excursion_s = 0;
  double mean_peak_share_of_lop = 0;
  double worst_peak_share_of_lop = 0;
  double mean_recovery_s = 0;
  double worst_recovery_s = 0;
  int slow_recoveries = 0;
  bool exercise_pass = false;  // the worst person meets the target
  bool rest_pass = false;
  bool excursion_pass = false;
  bool peak_pass = false;
  bool recovery_pass = false;
  bool pass = false;
  std::vector<std::string> missed;
};

struct RegulationRun {
  RegulationDesign design;
  RegulationTargets targets;
  std::vector<RegulationOutcome> regulated;  // by person index
  std::vector<RegulationOutcome> unregulated;
  // Two outcomes per person (first thigh, second thigh) when the design
  // asks for the dual-limb case; empty otherwise.
  std::vector<RegulationOutcome> dual_limb;
  MethodSummary regulated_summary;
  MethodSummary unregulated_summary;
  MethodSummary dual_limb_summary;
};

// Called once per frame of a regulated run with the plant (its true cuff
// pressure) and what the device reported: for exporting a person's trace.
using RegulationFrameObserver = std::function<void(const sim::Plant&, const Telemetry&)>;

RegulationOutcome run_regulated(const RegulationDesign& design, const RegulationPerson& person,
                                const RegulationTargets& targets = {},
                                const RegulationFrameObserver& observer = {});
RegulationOutcome run_unregulated(const RegulationDesign& design, const RegulationPerson& person,
                                  const RegulationTargets& targets = {});

// Both thighs of one person at once: two VirtualDevices (two independent
// controllers and plants) exchanged in lockstep at the sample rate. The
// host starts the lifter on both legs together once both controllers are in
// the set, and ends the set on both when it has finished, so the rests and
// later sets run side by side. Each limb is scored on its own.
struct DualLimbOutcome {
  RegulationOutcome first;
  RegulationOutcome second;
};
sim::PlantConfig second_limb_config(const RegulationDesign& design, const RegulationPerson& person);
DualLimbOutcome run_dual_limb(const RegulationDesign& design, const RegulationPerson& person,
                              const RegulationTargets& targets = {});

MethodSummary summarise_regulation(RegulationMethod method,
                                   const std::vector<RegulationOutcome>& outcomes,
                                   const RegulationTargets& targets = {});

// Both methods on every person (threads: 0 = every core).
RegulationRun run_regulation_bench(const RegulationDesign& design, unsigned threads = 0,
                                   const RegulationTargets& targets = {});

}  // namespace bfr::device

// Instructions per cuff controller step, for the firmware budget (issue 5:
// under 2,000 per step). Runs the controller through a whole live LOP
// measurement on the demo limb and a two-set exercise on the same limb, with
// the simulator answering, and is meant to be run under valgrind's
// callgrind with collection toggled on CuffController::step only
// (scripts/step-cost.sh), which counts the controller's instructions alone.
// Prints how many steps it took, which the script divides by.

#include <cstdio>

#include "core/cuff_controller.hpp"
#include "sim/person.hpp"
#include "sim/plant.hpp"

namespace {

using namespace bfr;

long run(core::CuffController& controller, sim::Plant& plant, core::TimePoint& now,
         core::Command first, double seconds) {
  long steps = 0;
  core::Command cmd = first;
  for (int i = 0; i < static_cast<int>(seconds * 100); ++i) {
    plant.advance(0.01);
    now += core::Duration::from_ms(10);
    const auto p = static_cast<float>(plant.read_sensor());
    const core::Outputs out = controller.step(now, cmd, {core::Pressure::mmhg(p), true});
    ++steps;
    cmd = {};
    plant.command({out.actuators.pump_duty.value(), out.actuators.bleed_opening.value(),
                   out.actuators.vent_open});
  }
  return steps;
}

}  // namespace

int main() {
  auto config = sim::plant_for(sim::demo_person(), {}, sim::mpx5050_profile(100), 1);
  sim::Plant plant(config);
  core::CuffController controller{core::ControllerConfig{}};
  core::TimePoint now;
  // A live measurement, then the cuff down and idle.
  long steps = run(controller, plant, now, {core::CommandKind::kMeasureLop, {}}, 45);
  // The standard 30-15-15-15 plan at 80 % of the true LOP, 30 s rests; the
  // host ends no sets, so each runs to its time bound: regulation only.
  const core::ExercisePlan plan =
      core::standard_plan(core::Pressure::mmhg(static_cast<float>(plant.true_lop_mmhg())),
                          core::Fraction(0.8f), core::Duration::from_seconds(30.0f));
  steps += run(controller, plant, now, {core::CommandKind::kStartExercise, plan}, 90);
  std::printf("steps %ld\n", steps);
  return 0;
}

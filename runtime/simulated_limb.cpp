#include "runtime/simulated_limb.hpp"

namespace bfr::runtime {

SimulatedLimb::SimulatedLimb(const sim::PlantConfig& plant,
                             const core::ControllerConfig& controller)
    : device_(plant, controller) {}

device::Telemetry SimulatedLimb::exchange(const core::Command& command) {
  sim::Plant& plant = device_.plant();
  core::Command sent = command;
  if (command.kind == core::CommandKind::kStartExercise) plan_ = command.plan;
  // The person finished the set: end it, unless the host has a command in
  // this step (the set end then waits one period).
  if (lifting_ && command.kind == core::CommandKind::kNone &&
      plant.lifter().set_finished(plant.time_s())) {
    sent.kind = core::CommandKind::kEndSet;
    lifting_ = false;
  }
  device::Telemetry t = device_.exchange(sent);
  for (const core::Event& e : t.outputs.events) {
    if (e.kind == core::EventKind::kSetStarted && e.set_index >= 0 &&
        static_cast<std::size_t>(e.set_index) < core::kMaxSets) {
      plant.lifter().start_set(plant.time_s(), e.set_index,
                               plan_.target_reps[static_cast<std::size_t>(e.set_index)]);
      lifting_ = true;
    } else if (e.kind == core::EventKind::kSetEnded) {
      // Whoever ended it, the person stops lifting (and does not go on
      // through the rest with the set's remaining reps).
      plant.lifter().stop(plant.time_s());
      lifting_ = false;
    }
  }
  if (t.outputs.phase != core::Phase::kExercise) lifting_ = false;
  return t;
}

}  // namespace bfr::runtime

#include "device/set_reporter.hpp"

#include "device/virtual_device.hpp"

namespace bfr::device {

void SimulatedLifterReporter::set_started(core::TimePoint, int set_index, int target_reps) {
  auto& plant = device_.plant();
  plant.lifter().start_set(plant.time_s(), set_index, target_reps);
}

std::optional<int> SimulatedLifterReporter::reps_if_finished(core::TimePoint) {
  auto& plant = device_.plant();
  if (!plant.lifter().set_finished(plant.time_s())) return std::nullopt;
  return plant.lifter().reps_planned();
}

}  // namespace bfr::device

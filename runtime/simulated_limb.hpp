#pragma once
// The virtual device as `bfr device sim` serves it: a VirtualDevice (the
// real core on a simulated limb) whose simulated person also does the
// exercise. When the controller starts a set the person starts lifting (the
// plan's target reps), and when they are done the device ends the set, as a
// "set done" button on the device would. A host sending EndSet as well is
// harmless: whichever comes second is refused by the controller as
// not_in_set.

#include <optional>

#include "core/exercise_plan.hpp"
#include "device/local_controller.hpp"
#include "device/virtual_device.hpp"

namespace bfr::runtime {

class SimulatedLimb : public device::LocalController {
 public:
  SimulatedLimb(const sim::PlantConfig& plant, const core::ControllerConfig& controller);

  device::Telemetry exchange(const core::Command& command) override;
  core::Duration frame_period() const override { return device_.frame_period(); }
  std::optional<double> simulation_true_lop_mmhg() const override {
    return device_.simulation_true_lop_mmhg();
  }
  const char* description() const override { return "simulated limb"; }
  void set_host_heartbeat_lost(bool lost) override { device_.set_host_heartbeat_lost(lost); }
  device::PressureSensorKind sensor_kind() const override { return device_.sensor_kind(); }
  const core::ControllerConfig& controller_config() const override {
    return device_.controller_config();
  }

  device::VirtualDevice& device() { return device_; }

 private:
  device::VirtualDevice device_;
  core::ExercisePlan plan_{};
  bool lifting_ = false;  // a set started and the person is in it
};

}  // namespace bfr::runtime

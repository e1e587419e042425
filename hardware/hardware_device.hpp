#pragma once
// The real core controller driving real parts: an MPR series pressure
// sensor on I2C and the pneumatics' output lines. What a Linux board's side
// of the device link serves, in place of the simulated limb of
// VirtualDevice.
//
// Each exchange() is one controller period: read the sensor (the
// conversion started in the previous period), step the controller with the
// reading, drive the lines with its actuator commands. The caller paces the
// periods; the controller sees the time of the clock given here.
//
// Faults: a sensor reply with a fault bit, counts far outside the range or
// a failed I2C transfer goes to the controller as the sensor driver's fault
// flag, and its safety supervisor vents (docs/SAFETY.md, sensor_fault). An
// output line that cannot be set puts every line to its safe level at once,
// for good, and is reported to the controller the same way, so that it, too,
// ends in its safe state.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/cuff_controller.hpp"
#include "device/local_controller.hpp"
#include "hardware/gpio_outputs.hpp"
#include "hardware/i2c_bus.hpp"
#include "hardware/mprls_sensor.hpp"

namespace bfr::hardware {

// Monotonic time for the controller; steady_clock on a board.
using ControllerClock = std::function<core::TimePoint()>;
ControllerClock steady_controller_clock();

struct HardwareDeviceConfig {
  core::ControllerConfig controller{};
  MprlsConfig sensor{};
  // Readings averaged for the sensor's zero at start, with the lines safe
  // (the cuff open to the air); 0 keeps sensor.zero_offset as it is. An
  // absolute part needs it; for a gauge part it removes the offset.
  int zero_samples = 0;
  // How long the cuff is left open before the zero is taken.
  std::chrono::milliseconds zero_settle{2000};
};

class HardwareDevice : public device::LocalController {
 public:
  // Sets the lines safe first. Throws std::runtime_error when the zero was
  // asked for and cannot be taken (the sensor does not answer or reports a
  // fault), naming the cause; the lines stay safe.
  HardwareDevice(std::unique_ptr<I2cBus> bus, std::unique_ptr<GpioOutputs> outputs,
                 const HardwareDeviceConfig& config,
                 ControllerClock clock = steady_controller_clock(), Sleeper sleep = real_sleeper());
  // The lines go safe (and the outputs object releases them).
  ~HardwareDevice() override;
  HardwareDevice(const HardwareDevice&) = delete;
  HardwareDevice& operator=(const HardwareDevice&) = delete;

  device::Telemetry exchange(const core::Command& command) override;
  core::Duration frame_period() const override { return period_; }
  const char* description() const override { return "hardware (MPRLS, GPIO)"; }

  void set_host_heartbeat_lost(bool lost) override { host_heartbeat_lost_ = lost; }
  device::PressureSensorKind sensor_kind() const override {
    return device::PressureSensorKind::kHoneywellMprls;
  }
  const core::ControllerConfig& controller_config() const override { return controller_.config(); }
  const core::CuffController& controller() const { return controller_; }

  // The latest fault of the sensor or the outputs, for the device's log;
  // empty while there has been none.
  const std::string& last_fault() const { return last_fault_; }
  bool outputs_failed() const { return outputs_failed_; }
  core::Pressure sensor_zero() const { return sensor_.config().zero_offset; }

 private:
  std::unique_ptr<I2cBus> bus_;
  std::unique_ptr<GpioOutputs> outputs_;
  MprlsSensor sensor_;
  core::CuffController controller_;
  ControllerClock clock_;
  core::Duration period_;
  core::Pressure last_good_;
  bool host_heartbeat_lost_ = false;
  bool outputs_failed_ = false;
  std::string last_fault_;
};

}  // namespace bfr::hardware

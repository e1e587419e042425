#include "hardware/hardware_device.hpp"

#include <stdexcept>

namespace bfr::hardware {

ControllerClock steady_controller_clock() {
  const auto origin = std::chrono::steady_clock::now();
  return [origin] {
    return core::TimePoint::from_us(std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::steady_clock::now() - origin)
                                        .count());
  };
}

HardwareDevice::HardwareDevice(std::unique_ptr<I2cBus> bus, std::unique_ptr<GpioOutputs> outputs,
                               const HardwareDeviceConfig& config, ControllerClock clock,
                               Sleeper sleep)
    : bus_(std::move(bus)),
      outputs_(std::move(outputs)),
      sensor_(*bus_, config.sensor, sleep),
      controller_(config.controller),
      clock_(std::move(clock)),
      period_(config.controller.sample_rate.period()) {
  outputs_->set_safe();
  if (config.zero_samples > 0) {
    sleep(std::chrono::duration_cast<std::chrono::microseconds>(config.zero_settle));
    const std::string error = sensor_.capture_zero(config.zero_samples);
    if (!error.empty()) throw std::runtime_error("cannot take the sensor's zero: " + error);
  }
}

HardwareDevice::~HardwareDevice() {
  outputs_->set_safe();
}

device::Telemetry HardwareDevice::exchange(const core::Command& command) {
  const core::TimePoint now = clock_();
  const MprlsReading reading = sensor_.read();
  if (reading.ok) {
    last_good_ = reading.pressure;
  } else {
    last_fault_ = reading.fault;
  }
  // A faulty reading's value means nothing: the controller gets the last
  // good one with the fault flag, and acts on the flag.
  core::Readings in{reading.ok ? reading.pressure : last_good_, reading.ok && !outputs_failed_};
  in.host_heartbeat_lost = host_heartbeat_lost_;

  const core::LopState before = controller_.lop().state();
  device::Telemetry t{now, in.cuff, controller_.step(now, command, in), std::nullopt};

  if (outputs_failed_) {
    outputs_->set_safe();
  } else if (!outputs_->apply(to_output_levels(t.outputs.actuators))) {
    outputs_failed_ = true;
    last_fault_ = outputs_->last_error();
    outputs_->set_safe();
  }
  if (before == core::LopState::kRunning &&
      controller_.lop().state() == core::LopState::kSucceeded) {
    t.lop_result = controller_.lop().result();
  }
  return t;
}

}  // namespace bfr::hardware

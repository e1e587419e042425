#include "cli/device_hw_check_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <stdexcept>

#include "hardware/gpiod_outputs.hpp"
#include "hardware/linux_i2c_bus.hpp"
#include "hardware/sensor_check.hpp"

namespace bfr::cli {

CLI::App* add_device_hw_check_command(CLI::App& device, DeviceHwCheckOptions& options) {
  auto* cmd = device.add_subcommand(
      "hw-check",
      "Check a board's parts: read the MPRLS pressure sensor and request the output lines, "
      "leaving them safe (never inflates)");
  add_board_parts_options(*cmd, options.parts, "GPIO chip of the output lines (\"\" to skip)");
  cmd->add_option("--samples", options.samples, "Readings, 10 ms apart")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  return cmd;
}

int run_device_hw_check(const DeviceHwCheckOptions& options) {
  const hardware::MprlsConfig config = sensor_config(options.parts);

  hardware::SensorCheckResult result;
  try {
    hardware::LinuxI2cBus bus(options.parts.i2c);
    hardware::MprlsSensor sensor(bus, config);
    fmt::print("Sensor: MPR series {} at 0x{:02x} on {}\n", options.parts.part, config.address,
               options.parts.i2c);
    result = hardware::check_sensor(
        sensor, options.samples, std::chrono::microseconds(10000), hardware::real_sleeper(),
        [](int i, const hardware::MprlsReading& r) {
          if (r.ok) {
            fmt::print("  {:>4}  status 0x{:02x}  counts 0x{:06x}  {:8.2f} mmHg\n", i + 1,
                       r.status_byte, r.counts, r.pressure.mmhg());
          } else {
            fmt::print("  {:>4}  FAULT  {}\n", i + 1, r.fault);
          }
        });
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "bfr device hw-check: {}\n", e.what());
    return 2;
  }
  if (result.good > 0) {
    fmt::print("{}/{} readings good: {:.2f} to {:.2f} mmHg, mean {:.2f}\n", result.good,
               result.readings, result.min_mmhg, result.max_mmhg, result.mean_mmhg);
  } else {
    fmt::print("0/{} readings good\n", result.readings);
  }
  if (!result.first_fault.empty()) fmt::print("First fault: {}\n", result.first_fault);

  if (!options.parts.gpiochip.empty()) {
    try {
      hardware::GpioPins pins;
      pins.chip = options.parts.gpiochip;
      // Requested low and released low: the lines are checked, nothing moves.
      const hardware::GpiodOutputs outputs(pins);
      fmt::print(
          "Output lines {} (vent), {} (pump supply), {} (pump PWM), {} (bleed PWM) on {}: "
          "requested, left low\n",
          pins.vent_valve, pins.pump_supply, pins.pump_pwm, pins.bleed_pwm, pins.chip);
    } catch (const std::runtime_error& e) {
      fmt::print(stderr, "bfr device hw-check: {}\n", e.what());
      return 2;
    }
  }
  return result.all_good() ? 0 : 1;
}

}  // namespace bfr::cli

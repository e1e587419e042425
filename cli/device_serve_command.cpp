#include "cli/device_serve_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <stdexcept>
#include <vector>

#include "cli/device_serving.hpp"
#include "core/safety_limits.hpp"
#include "hardware/gpiod_outputs.hpp"
#include "hardware/hardware_device.hpp"
#include "hardware/linux_i2c_bus.hpp"

namespace bfr::cli {
namespace {

// Enough readings at 10 ms for a zero whose noise is well under the
// sensor's resolution that matters here (a tenth of a mmHg).
constexpr int kAbsolutePartZeroSamples = 50;

}  // namespace

CLI::App* add_device_serve_command(CLI::App& device, DeviceServeOptions& o) {
  auto* cmd = device.add_subcommand(
      "serve",
      "Serve a board's real cuff over the link protocol (docs/protocol.md, docs/HARDWARE.md): the "
      "core controller on an MPR series sensor (I2C) and GPIO output lines, until SIGINT/SIGTERM, "
      "then deflated. Prints the address it listens on first");
  cmd->add_option("--listen", o.listen,
                  "tcp://HOST:PORT (port 0: any free port), serial:///dev/DEVICE[?baud=N], or pty")
      ->required();
  add_board_parts_options(*cmd, o.parts, "GPIO chip of the output lines");
  cmd->add_option("--zero-samples", o.zero_samples,
                  "Readings averaged for the sensor's zero at start, the cuff open to the air "
                  "(default: 50 for the absolute 0025pa part, none for the gauge part)")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--limb", o.limb,
                  "lower (default) or upper: the safety limits for the limb the cuff is on")
      ->check(CLI::IsMember({"lower", "upper"}));
  cmd->add_option("--host-timeout-ms", o.host_timeout_ms,
                  "Host timeout when the host's Hello asks for the device's default (500-30000, "
                  "default 3000)")
      ->check(CLI::Range(500, 30000));
  cmd->add_option("--trace", o.trace, "Write what the device did to this CSV file");
  return cmd;
}

int run_device_serve(const DeviceServeOptions& o) {
  // Before the outputs start their PWM thread.
  const sigset_t signals = block_stop_signals();

  hardware::HardwareDeviceConfig config;
  if (o.limb == "upper") config.controller.safety = core::upper_limb_limits();
  config.sensor = sensor_config(o.parts);
  const bool absolute = is_absolute_part(o.parts);
  config.zero_samples =
      o.zero_samples > 0 ? o.zero_samples : (absolute ? kAbsolutePartZeroSamples : 0);

  std::unique_ptr<hardware::HardwareDevice> board;
  try {
    hardware::GpioPins pins;
    pins.chip = o.parts.gpiochip;
    // The lines first: they are requested low (safe) before the sensor is
    // touched, so a board whose sensor fails to open never drove them.
    auto outputs = std::make_unique<hardware::GpiodOutputs>(pins);
    auto bus = std::make_unique<hardware::LinuxI2cBus>(o.parts.i2c);
    board = std::make_unique<hardware::HardwareDevice>(std::move(bus), std::move(outputs), config);
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "bfr device serve: {}\n", e.what());
    return 2;
  }

  runtime::DeviceServerConfig server;
  server.trace_path = o.trace;
  server.default_host_timeout = core::Duration::from_ms(o.host_timeout_ms);
  return serve_until_signal(
      {board.get()}, server, o.listen,
      fmt::format("board device (MPR {} at 0x{:02x} on {}, lines on {}, {} limb limits)",
                  o.parts.part, o.parts.address, o.parts.i2c, o.parts.gpiochip, o.limb),
      signals);
}

}  // namespace bfr::cli

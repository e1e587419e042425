#pragma once
// `bfr device serve`: a Linux board's side of the link. The real core
// controller on real parts (an MPR series sensor on I2C, the pneumatics'
// output lines through libgpiod; docs/HARDWARE.md), served like the virtual
// device of `bfr device sim` until SIGINT or SIGTERM, then deflated. Parts
// that cannot be opened are named and the lines are left safe.

#include <string>

#include "cli/board_parts_options.hpp"

namespace CLI {
class App;
}

namespace bfr::cli {

struct DeviceServeOptions {
  std::string listen;
  BoardPartsOptions parts;
  // Readings averaged for the sensor's zero at start; the absolute part
  // needs one, so 0 means "only for 0025pa" (50 readings).
  int zero_samples = 0;
  std::string limb = "lower";  // "lower" or "upper": which safety limits apply
  int host_timeout_ms = 3000;
  std::string trace;
};

// Adds `serve` under the `device` command.
CLI::App* add_device_serve_command(CLI::App& device, DeviceServeOptions& options);

// 0 when the cuff ended deflated, 1 when not, 2 when a part or the address
// cannot be opened.
int run_device_serve(const DeviceServeOptions& options);

}  // namespace bfr::cli

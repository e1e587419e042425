#pragma once
// `bfr device hw-check`: bring-up check of a board's parts. Opens the I2C
// bus and reads the MPR series sensor a number of times (status byte,
// counts, pressure), then requests the four output lines of the pneumatics
// and leaves them at their safe levels: it never inflates (docs/HARDWARE.md).

#include <string>

#include "cli/board_parts_options.hpp"

namespace CLI {
class App;
}

namespace bfr::cli {

struct DeviceHwCheckOptions {
  BoardPartsOptions parts;  // an empty gpiochip: the lines are not checked
  int samples = 20;
};

// Adds `hw-check` under the `device` command.
CLI::App* add_device_hw_check_command(CLI::App& device, DeviceHwCheckOptions& options);

// 0 when every reading was good and the lines could be requested, 1 when a
// reading had a fault, 2 when the bus or the chip cannot be opened.
int run_device_hw_check(const DeviceHwCheckOptions& options);

}  // namespace bfr::cli

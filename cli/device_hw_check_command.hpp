#pragma once
// `bfr device hw-check`: bring-up check of a board's parts. Opens the I2C
// bus and reads the MPR series sensor a number of times (status byte,
// counts, pressure), then requests the four output lines of the pneumatics
// and leaves them at their safe levels: it never inflates (docs/HARDWARE.md).

#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

struct DeviceHwCheckOptions {
  std::string i2c = "/dev/i2c-1";
  int address = 0x18;
  std::string part = "0300yg";  // "0300yg" (0-300 mmHg gauge) or "0025pa" (0-25 psi absolute)
  int samples = 20;
  std::string gpiochip = "/dev/gpiochip0";  // empty: the lines are not checked
};

// Adds `hw-check` under the `device` command.
CLI::App* add_device_hw_check_command(CLI::App& device, DeviceHwCheckOptions& options);

// 0 when every reading was good and the lines could be requested, 1 when a
// reading had a fault, 2 when the bus or the chip cannot be opened.
int run_device_hw_check(const DeviceHwCheckOptions& options);

}  // namespace bfr::cli

#pragma once
// The options that name a board's parts, shared by `bfr device hw-check`
// and `bfr device serve`: the I2C bus and address of the MPR series sensor,
// its range, and the GPIO chip of the output lines (docs/HARDWARE.md).

#include <string>

#include "hardware/mprls_sensor.hpp"

namespace CLI {
class App;
}

namespace bfr::cli {

struct BoardPartsOptions {
  std::string i2c = "/dev/i2c-1";
  int address = 0x18;
  std::string part = "0300yg";  // "0300yg" (0-300 mmHg gauge) or "0025pa" (0-25 psi absolute)
  std::string gpiochip = "/dev/gpiochip0";
};

void add_board_parts_options(CLI::App& command, BoardPartsOptions& options,
                             const std::string& gpiochip_help);

bool is_absolute_part(const BoardPartsOptions& options);
// The sensor driver's settings for the named part and address.
hardware::MprlsConfig sensor_config(const BoardPartsOptions& options);

}  // namespace bfr::cli

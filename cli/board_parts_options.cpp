#include "cli/board_parts_options.hpp"

#include <CLI/CLI.hpp>

namespace bfr::cli {

void add_board_parts_options(CLI::App& command, BoardPartsOptions& o,
                             const std::string& gpiochip_help) {
  command.add_option("--i2c", o.i2c, "I2C bus device")->capture_default_str();
  command.add_option("--address", o.address, "Sensor's 7-bit I2C address")
      ->check(CLI::Range(0x08, 0x77))
      ->capture_default_str();
  command.add_option("--part", o.part, "Sensor range: 0300yg (0-300 mmHg gauge) or 0025pa")
      ->check(CLI::IsMember({"0300yg", "0025pa"}))
      ->capture_default_str();
  command.add_option("--gpiochip", o.gpiochip, gpiochip_help)->capture_default_str();
}

bool is_absolute_part(const BoardPartsOptions& o) {
  return o.part == "0025pa";
}

hardware::MprlsConfig sensor_config(const BoardPartsOptions& o) {
  hardware::MprlsConfig config;
  config.address = static_cast<std::uint8_t>(o.address);
  config.transfer = is_absolute_part(o) ? hardware::mprls_0025pa() : hardware::mprls_0300yg();
  return config;
}

}  // namespace bfr::cli

// The real i2c-dev and libgpiod classes where there is no such device: a
// clear error naming what could not be opened, and nothing left behind.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "hardware/gpiod_outputs.hpp"
#include "hardware/linux_i2c_bus.hpp"

namespace bfr::hardware {
namespace {

std::string error_of(auto&& make) {
  try {
    make();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(LinuxI2cBus, AMissingBusIsNamedInTheError) {
  const std::string what = error_of([] { LinuxI2cBus bus("/dev/i2c-99"); });
  EXPECT_NE(what.find("/dev/i2c-99"), std::string::npos) << what;
  EXPECT_NE(what.find("No such file or directory"), std::string::npos) << what;
}

TEST(LinuxI2cBus, AFileThatIsNoI2cAdapterIsRefused) {
  const std::string what = error_of([] { LinuxI2cBus bus("/dev/null"); });
  EXPECT_NE(what.find("/dev/null is not a usable I2C bus"), std::string::npos) << what;
}

TEST(GpiodOutputs, AMissingChipIsNamedInTheError) {
  GpioPins pins;
  pins.chip = "/dev/gpiochip99";
  const std::string what = error_of([&] { GpiodOutputs outputs(pins); });
  EXPECT_NE(what.find("/dev/gpiochip99"), std::string::npos) << what;
}

TEST(GpiodOutputs, AFileThatIsNoGpioChipIsRefused) {
  GpioPins pins;
  pins.chip = "/dev/null";
  const std::string what = error_of([&] { GpiodOutputs outputs(pins); });
  EXPECT_NE(what.find("cannot open GPIO chip /dev/null"), std::string::npos) << what;
}

}  // namespace
}  // namespace bfr::hardware

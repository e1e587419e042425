#pragma once
// An I2C master as the sensor drivers use it: plain writes and reads at a
// 7-bit address, each its own transfer (start, address, bytes, stop). The
// MPR series needs nothing more (no register addressing, no repeated start).
// Linux i2c-dev implements it (LinuxI2cBus); the tests replay a chip's bytes.

#include <cstdint>
#include <span>
#include <string>

namespace bfr::hardware {

class I2cBus {
 public:
  virtual ~I2cBus() = default;
  // Each returns false when the transfer failed (no acknowledge, bus error);
  // last_error() then says what happened. Nothing is retried here: the
  // caller decides, and a reading it cannot trust is a sensor fault.
  virtual bool write(std::uint8_t address, std::span<const std::uint8_t> bytes) = 0;
  virtual bool read(std::uint8_t address, std::span<std::uint8_t> into) = 0;
  virtual std::string last_error() const = 0;
  // The bus, for messages ("/dev/i2c-1").
  virtual std::string describe() const = 0;
};

}  // namespace bfr::hardware

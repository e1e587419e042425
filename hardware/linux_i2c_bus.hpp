#pragma once
// I2C through Linux's i2c-dev character device (/dev/i2c-N). Each transfer
// is one I2C_RDWR ioctl with one message, so the address travels with the
// transfer and no per-file I2C_SLAVE state can go stale.

#include <string>

#include "hardware/i2c_bus.hpp"

namespace bfr::hardware {

class LinuxI2cBus : public I2cBus {
 public:
  // Opens the bus; throws std::runtime_error naming the path when it cannot
  // (no such device, no permission, not an I2C adapter with plain transfers).
  explicit LinuxI2cBus(std::string path);
  ~LinuxI2cBus() override;
  LinuxI2cBus(const LinuxI2cBus&) = delete;
  LinuxI2cBus& operator=(const LinuxI2cBus&) = delete;

  bool write(std::uint8_t address, std::span<const std::uint8_t> bytes) override;
  bool read(std::uint8_t address, std::span<std::uint8_t> into) override;
  std::string last_error() const override { return last_error_; }
  std::string describe() const override { return path_; }

 private:
  bool transfer(std::uint8_t address, std::uint16_t flags, std::uint8_t* data, std::size_t size,
                const char* what);

  std::string path_;
  int fd_ = -1;
  std::string last_error_;
};

}  // namespace bfr::hardware

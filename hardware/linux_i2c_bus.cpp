#include "hardware/linux_i2c_bus.hpp"

#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace bfr::hardware {

LinuxI2cBus::LinuxI2cBus(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) {
    throw std::runtime_error(
        fmt::format("cannot open I2C bus {}: {}", path_, std::strerror(errno)));
  }
  unsigned long funcs = 0;
  std::string unusable;
  if (::ioctl(fd_, I2C_FUNCS, &funcs) < 0) {
    unusable = std::strerror(errno);
  } else if ((funcs & I2C_FUNC_I2C) == 0) {
    unusable = "the adapter cannot do plain I2C transfers";
  }
  if (!unusable.empty()) {
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error(fmt::format("{} is not a usable I2C bus: {}", path_, unusable));
  }
}

LinuxI2cBus::~LinuxI2cBus() {
  if (fd_ >= 0) ::close(fd_);
}

bool LinuxI2cBus::transfer(std::uint8_t address, std::uint16_t flags, std::uint8_t* data,
                           std::size_t size, const char* what) {
  if (size > std::numeric_limits<std::uint16_t>::max()) {
    last_error_ = fmt::format("I2C {} of {} bytes on {} is too long", what, size, path_);
    return false;
  }
  i2c_msg message{};
  message.addr = address;
  message.flags = flags;
  message.len = static_cast<std::uint16_t>(size);
  message.buf = data;
  i2c_rdwr_ioctl_data request{};
  request.msgs = &message;
  request.nmsgs = 1;
  if (::ioctl(fd_, I2C_RDWR, &request) < 0) {
    last_error_ = fmt::format("I2C {} at address 0x{:02x} on {} failed: {}", what, address, path_,
                              std::strerror(errno));
    return false;
  }
  return true;
}

bool LinuxI2cBus::write(std::uint8_t address, std::span<const std::uint8_t> bytes) {
  // The kernel only reads a write message's buffer; the cast drops a const
  // the C struct has no place for.
  return transfer(address, 0, const_cast<std::uint8_t*>(bytes.data()), bytes.size(), "write");
}

bool LinuxI2cBus::read(std::uint8_t address, std::span<std::uint8_t> into) {
  return transfer(address, I2C_M_RD, into.data(), into.size(), "read");
}

}  // namespace bfr::hardware

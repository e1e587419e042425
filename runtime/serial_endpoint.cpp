#include "runtime/serial_endpoint.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

#include "runtime/fd_channel.hpp"

namespace bfr::runtime {
namespace {

speed_t to_speed(std::uint32_t baud) {
  switch (baud) {
    case 9600:
      return B9600;
    case 19200:
      return B19200;
    case 38400:
      return B38400;
    case 57600:
      return B57600;
    case 115200:
      return B115200;
    case 230400:
      return B230400;
    case 460800:
      return B460800;
    case 500000:
      return B500000;
    case 576000:
      return B576000;
    case 921600:
      return B921600;
    case 1000000:
      return B1000000;
    case 1152000:
      return B1152000;
    case 1500000:
      return B1500000;
    case 2000000:
      return B2000000;
    case 3000000:
      return B3000000;
    case 4000000:
      return B4000000;
    default:
      return B0;
  }
}

std::string serial_name(const EndpointAddress& address) {
  return "serial://" + address.path + "?baud=" + std::to_string(address.baud);
}

int open_port(const EndpointAddress& address, std::string& error) {
  if (!is_supported_baud(address.baud)) {
    error = "unsupported baud rate " + std::to_string(address.baud);
    return -1;
  }
  const int fd = ::open(address.path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open serial port " + address.path + ": " + std::strerror(errno);
    return -1;
  }
  if (!isatty(fd)) {
    error = address.path + " is not a serial port (not a terminal)";
    ::close(fd);
    return -1;
  }
  std::string why;
  if (!configure_serial_raw(fd, address.baud, why)) {
    error = "cannot configure " + address.path + ": " + why;
    ::close(fd);
    return -1;
  }
  return fd;
}

// Hands out the port once; after that channel closes, the next accept opens
// the port again (a USB adapter unplugged and plugged back).
class SerialListener : public ChannelListener {
 public:
  explicit SerialListener(EndpointAddress address) : address_(std::move(address)) {}

  std::unique_ptr<ByteChannel> accept(std::chrono::milliseconds timeout) override {
    std::lock_guard lock(mutex_);
    if (closed_) return nullptr;
    std::string error;
    const int fd = open_port(address_, error);
    if (fd < 0) {
      std::this_thread::sleep_for(timeout);
      return nullptr;
    }
    return std::make_unique<FdChannel>(fd, serial_name(address_));
  }
  std::string address() const override { return serial_name(address_); }
  void close() override {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }

 private:
  std::mutex mutex_;
  EndpointAddress address_;
  bool closed_ = false;
};

}  // namespace

bool configure_serial_raw(int fd, std::uint32_t baud, std::string& error) {
  termios tio{};
  if (tcgetattr(fd, &tio) != 0) {
    error = std::string("tcgetattr: ") + std::strerror(errno);
    return false;
  }
  cfmakeraw(&tio);
  tio.c_cflag &= static_cast<tcflag_t>(~(CSIZE | PARENB | CSTOPB | CRTSCTS));
  tio.c_cflag |= CS8 | CLOCAL | CREAD;
  tio.c_iflag &= static_cast<tcflag_t>(~(IXON | IXOFF | IXANY));
  // Reads never wait in the driver: the channel waits with poll().
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  const speed_t speed = to_speed(baud);
  if (speed == B0 || cfsetispeed(&tio, speed) != 0 || cfsetospeed(&tio, speed) != 0) {
    error = "unsupported baud rate " + std::to_string(baud);
    return false;
  }
  if (tcsetattr(fd, TCSANOW, &tio) != 0) {
    error = std::string("tcsetattr: ") + std::strerror(errno);
    return false;
  }
  tcflush(fd, TCIOFLUSH);
  return true;
}

std::unique_ptr<ByteChannel> open_serial(const EndpointAddress& address, std::string& error) {
  const int fd = open_port(address, error);
  if (fd < 0) return nullptr;
  return std::make_unique<FdChannel>(fd, serial_name(address));
}

std::unique_ptr<ChannelListener> listen_serial(const EndpointAddress& address, std::string& error) {
  // Open it once now, so that a wrong path is reported at once.
  const int fd = open_port(address, error);
  if (fd < 0) return nullptr;
  ::close(fd);
  return std::make_unique<SerialListener>(address);
}

}  // namespace bfr::runtime

#include "runtime/pty_endpoint.hpp"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include "runtime/fd_channel.hpp"
#include "runtime/serial_endpoint.hpp"

namespace bfr::runtime {
namespace {

// How often accept() looks whether a host opened the slave: the master
// reports a hang-up (POLLHUP) for as long as nobody has it open, so poll()
// cannot wait for the open itself.
constexpr auto kOpenCheckPeriod = std::chrono::milliseconds(20);

class PtyListener : public ChannelListener {
 public:
  PtyListener(int master, std::string slave) : master_(master), slave_(std::move(slave)) {}
  ~PtyListener() override { close(); }

  std::unique_ptr<ByteChannel> accept(std::chrono::milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (master_ < 0) return nullptr;
        pollfd p{master_, POLLIN, 0};
        poll(&p, 1, 0);
        if ((p.revents & POLLHUP) == 0) return hand_out();
      }
      if (std::chrono::steady_clock::now() >= deadline) return nullptr;
      std::this_thread::sleep_for(kOpenCheckPeriod);
    }
  }
  std::string address() const override { return slave_; }
  void close() override {
    std::lock_guard lock(mutex_);
    if (master_ >= 0) ::close(master_);
    master_ = -1;
  }

 private:
  std::unique_ptr<ByteChannel> hand_out() {
    // The pair was set raw when it was made and keeps its settings across
    // hosts; setting them again here could flush a Hello already sent.
    const int fd = fcntl(master_, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) return nullptr;
    return std::make_unique<FdChannel>(fd, "pty " + slave_);
  }

  std::mutex mutex_;
  int master_;
  std::string slave_;
};

}  // namespace

std::unique_ptr<ChannelListener> listen_pty(std::string& error) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) {
    error = std::string("cannot open a pseudo-terminal: ") + std::strerror(errno);
    return nullptr;
  }
  char name[128] = {};
  if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, name, sizeof name) != 0) {
    error = std::string("cannot set up the pseudo-terminal: ") + std::strerror(errno);
    ::close(master);
    return nullptr;
  }
  std::string why;
  if (!configure_serial_raw(master, kDefaultBaud, why)) {
    error = "cannot set the pseudo-terminal raw: " + why;
    ::close(master);
    return nullptr;
  }
  // The master reports a hang-up only once a slave was opened and closed
  // again: do that once, so that accept() can tell "no host yet".
  const int slave = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) {
    error = std::string("cannot open the pseudo-terminal's slave: ") + std::strerror(errno);
    ::close(master);
    return nullptr;
  }
  ::close(slave);
  return std::make_unique<PtyListener>(master, name);
}

}  // namespace bfr::runtime

#include "runtime/fd_channel.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace bfr::runtime {
namespace {

bool is_socket_fd(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

}  // namespace

FdChannel::FdChannel(int fd, std::string description)
    : fd_(fd),
      wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      is_socket_(is_socket_fd(fd)),
      description_(std::move(description)) {
  const int flags = fcntl(fd_, F_GETFL);
  if (flags >= 0) fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
  fcntl(fd_, F_SETFD, FD_CLOEXEC);
  if (fd_ < 0 || wake_fd_ < 0) closed_ = true;
}

FdChannel::~FdChannel() {
  if (fd_ >= 0) ::close(fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

bool FdChannel::is_open() const {
  std::lock_guard lock(state_mutex_);
  return !closed_;
}

void FdChannel::mark_closed() {
  std::lock_guard lock(state_mutex_);
  if (closed_) return;
  closed_ = true;
  // A socket peer sees the hang-up at once, not when this object dies.
  if (is_socket_) shutdown(fd_, SHUT_RDWR);
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void FdChannel::close() {
  if (is_socket_ && is_open()) half_close_and_drain();
  mark_closed();
}

void FdChannel::half_close_and_drain() {
  // Closing a socket with unread bytes in it makes the kernel send a reset,
  // and a reset makes the peer's kernel throw away what it has not yet
  // handed to the peer: the last telemetry would be lost. So: finish sending
  // (FIN after every byte written), then drop what has arrived unread. No
  // waiting: the device server's loop calls this and must keep its period.
  if (shutdown(fd_, SHUT_WR) != 0) return;
  std::uint8_t scratch[512];
  for (;;) {
    const ssize_t n = ::recv(fd_, scratch, sizeof scratch, MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
  }
}

ReadResult FdChannel::read_some(std::span<std::uint8_t> into, std::chrono::milliseconds timeout) {
  ReadResult result;
  if (!is_open()) {
    result.closed = true;
    return result;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    const int ready = poll(fds, 2, remaining_ms(deadline));
    if (ready < 0) {
      if (errno == EINTR) continue;
      mark_closed();
      result.closed = true;
      return result;
    }
    if (fds[1].revents != 0) {
      result.closed = true;
      return result;
    }
    if (ready == 0) return result;  // timed out, channel still open
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      const ssize_t n = ::read(fd_, into.data(), into.size());
      if (n > 0) {
        result.bytes = static_cast<std::size_t>(n);
        return result;
      }
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      // 0 is end of stream; EIO is a pty whose other side was closed.
      mark_closed();
      result.closed = true;
      return result;
    }
  }
}

bool FdChannel::write_all(std::span<const std::uint8_t> bytes) {
  std::lock_guard lock(write_mutex_);
  if (!is_open()) return false;
  std::size_t done = 0;
  auto deadline = std::chrono::steady_clock::now() + write_stall_limit_;
  while (done < bytes.size()) {
    const std::uint8_t* at = bytes.data() + done;
    const std::size_t left = bytes.size() - done;
    const ssize_t n = is_socket_ ? ::send(fd_, at, left, MSG_NOSIGNAL) : ::write(fd_, at, left);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      deadline = std::chrono::steady_clock::now() + write_stall_limit_;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      pollfd fds[2] = {{fd_, POLLOUT, 0}, {wake_fd_, POLLIN, 0}};
      const int ready = poll(fds, 2, remaining_ms(deadline));
      if (ready > 0 && fds[1].revents == 0 && (fds[0].revents & POLLOUT) != 0) continue;
      if (ready < 0 && errno == EINTR) continue;
    }
    mark_closed();
    return false;
  }
  return true;
}

}  // namespace bfr::runtime

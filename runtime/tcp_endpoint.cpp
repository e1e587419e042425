#include "runtime/tcp_endpoint.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include "runtime/fd_channel.hpp"

namespace bfr::runtime {
namespace {

std::string format_address(const sockaddr* sa) {
  char host[NI_MAXHOST] = {};
  char port[NI_MAXSERV] = {};
  const socklen_t len = sa->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  if (getnameinfo(sa, len, host, sizeof host, port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV) !=
      0) {
    return "tcp://?";
  }
  if (sa->sa_family == AF_INET6) return std::string("tcp://[") + host + "]:" + port;
  return std::string("tcp://") + host + ":" + port;
}

// Frames are small and go out 100-200 times a second: send each at once.
void set_no_delay(int fd) {
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

struct AddrInfo {
  addrinfo* list = nullptr;
  ~AddrInfo() {
    if (list != nullptr) freeaddrinfo(list);
  }
};

bool resolve(const EndpointAddress& address, bool passive, AddrInfo& out, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = passive ? AI_PASSIVE : 0;
  const std::string port = std::to_string(address.port);
  const int rc = getaddrinfo(address.host.c_str(), port.c_str(), &hints, &out.list);
  if (rc != 0) {
    error = "cannot resolve '" + address.host + "': " + gai_strerror(rc);
    return false;
  }
  return true;
}

// Connects with a deadline: a non-blocking connect, then poll for writability.
int connect_one(const addrinfo* ai, std::chrono::milliseconds timeout, std::string& error) {
  const int fd =
      socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      error = std::strerror(errno);
      ::close(fd);
      return -1;
    }
    pollfd p{fd, POLLOUT, 0};
    const int ready = poll(&p, 1, static_cast<int>(timeout.count()));
    int so_error = 0;
    socklen_t len = sizeof so_error;
    if (ready <= 0) {
      error = "timed out";
      ::close(fd);
      return -1;
    }
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
    if (so_error != 0) {
      error = std::strerror(so_error);
      ::close(fd);
      return -1;
    }
  }
  set_no_delay(fd);
  return fd;
}

class TcpListener : public ChannelListener {
 public:
  TcpListener(int fd, std::string address) : fd_(fd), address_(std::move(address)) {}
  ~TcpListener() override { close(); }

  std::unique_ptr<ByteChannel> accept(std::chrono::milliseconds timeout) override {
    std::lock_guard lock(mutex_);
    if (fd_ < 0) return nullptr;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return nullptr;
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    const int fd = accept4(fd_, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC);
    if (fd < 0) return nullptr;
    set_no_delay(fd);
    return std::make_unique<FdChannel>(fd,
                                       format_address(reinterpret_cast<const sockaddr*>(&peer)));
  }
  std::string address() const override { return address_; }
  void close() override {
    std::lock_guard lock(mutex_);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool admits_concurrent_hosts() const override { return true; }

 private:
  std::mutex mutex_;
  int fd_;
  std::string address_;
};

}  // namespace

std::unique_ptr<ByteChannel> connect_tcp(const EndpointAddress& address,
                                         std::chrono::milliseconds timeout, std::string& error) {
  if (address.port == 0) {
    error = "cannot connect to port 0 of " + address.host;
    return nullptr;
  }
  AddrInfo ai;
  if (!resolve(address, false, ai, error)) return nullptr;
  std::string last_error = "no address";
  for (const addrinfo* p = ai.list; p != nullptr; p = p->ai_next) {
    const int fd = connect_one(p, timeout, last_error);
    if (fd >= 0) return std::make_unique<FdChannel>(fd, format_address(p->ai_addr));
  }
  error = "cannot connect to tcp://" + address.host + ":" + std::to_string(address.port) + ": " +
          last_error;
  return nullptr;
}

std::unique_ptr<ChannelListener> listen_tcp(const EndpointAddress& address, std::string& error) {
  AddrInfo ai;
  if (!resolve(address, true, ai, error)) return nullptr;
  std::string last_error = "no address";
  for (const addrinfo* p = ai.list; p != nullptr; p = p->ai_next) {
    const int fd = socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, p->ai_addr, p->ai_addrlen) != 0 || listen(fd, 4) != 0) {
      last_error = std::strerror(errno);
      ::close(fd);
      continue;
    }
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
    return std::make_unique<TcpListener>(fd,
                                         format_address(reinterpret_cast<const sockaddr*>(&bound)));
  }
  error = "cannot listen on tcp://" + address.host + ":" + std::to_string(address.port) + ": " +
          last_error;
  return nullptr;
}

}  // namespace bfr::runtime

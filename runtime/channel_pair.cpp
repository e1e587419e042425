#include <sys/socket.h>

#include <stdexcept>

#include "runtime/channel_endpoints.hpp"
#include "runtime/fd_channel.hpp"

namespace bfr::runtime {

std::pair<std::unique_ptr<ByteChannel>, std::unique_ptr<ByteChannel>> make_channel_pair() {
  int fds[2] = {-1, -1};
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw std::runtime_error("socketpair failed: out of file descriptors?");
  }
  return {std::make_unique<FdChannel>(fds[0], "pair:a"),
          std::make_unique<FdChannel>(fds[1], "pair:b")};
}

}  // namespace bfr::runtime

#pragma once
// Child processes for the tests that kill a host or run `bfr device sim`:
// every child is killed and reaped when its guard goes out of scope, on
// every path a test can take, so none is ever left behind.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/units.hpp"

namespace bfr::runtime::testing {

class ChildProcess {
 public:
  ChildProcess() = default;
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  ~ChildProcess() { kill_now(); }
  ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_) { other.pid_ = -1; }
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // SIGKILL and reap.
  void kill_now();
  // Sends `signal` and waits up to `timeout` for the child to exit; its exit
  // code, or nothing when it was killed by a signal or did not exit in
  // time (it is then killed).
  std::optional<int> signal_and_wait(int signal, std::chrono::milliseconds timeout);
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

// Runs `argv` (argv[0] a path) with its stdout on a pipe; `stdout_fd` gets
// the pipe's read end.
ChildProcess spawn(const std::vector<std::string>& argv, int& stdout_fd);

// Forks a host that connects to `address`, says Hello with `host_timeout`,
// starts an exercise holding 100 mmHg on cuff 0 (one long set) and keeps its
// heartbeat going until killed. Fork it before the test starts threads.
ChildProcess fork_exercising_host(const std::string& address, core::Duration host_timeout);

// Reads one line from `fd` within `timeout` (without the newline); nothing
// when none came.
std::optional<std::string> read_line(int fd, std::chrono::milliseconds timeout);

}  // namespace bfr::runtime::testing

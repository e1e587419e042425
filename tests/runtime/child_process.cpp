#include "tests/runtime/child_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "runtime/channel_endpoints.hpp"
#include "tests/runtime/scripted_host.hpp"
#include "tests/runtime/server_rig.hpp"

namespace bfr::runtime::testing {

using Clock = std::chrono::steady_clock;

void ChildProcess::kill_now() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::optional<int> ChildProcess::signal_and_wait(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  ::kill(pid_, signal);
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill_now();
  return std::nullopt;
}

ChildProcess spawn(const std::vector<std::string>& argv, int& stdout_fd) {
  int fds[2] = {-1, -1};
  if (pipe(fds) != 0) return ChildProcess{};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  ::close(fds[1]);
  stdout_fd = fds[0];
  return ChildProcess(pid);
}

ChildProcess fork_exercising_host(const std::string& address, core::Duration host_timeout) {
  const pid_t pid = fork();
  if (pid != 0) return ChildProcess(pid);
  std::string error;
  auto channel = connect_channel(address, error);
  if (!channel) _exit(3);
  ScriptedHost host(*channel);
  host.send(link::Hello{host_timeout});
  host.send(link::StartExercise{test_plan(0.5f, {200})}, 0);
  // Until killed; should the test die first, a minute at most.
  host.pump(std::chrono::milliseconds(60000));
  _exit(0);
}

std::optional<std::string> read_line(int fd, std::chrono::milliseconds timeout) {
  std::string line;
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    char c = 0;
    if (::read(fd, &c, 1) != 1) return std::nullopt;
    if (c == '\n') return line;
    line.push_back(c);
  }
  return std::nullopt;
}

}  // namespace bfr::runtime::testing

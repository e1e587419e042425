#include "cli/device_serving.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <thread>

#include "core/events.hpp"
#include "runtime/channel_endpoints.hpp"

namespace bfr::cli {
namespace {

int wait_for_signal(const runtime::DeviceServer& server, const sigset_t& signals) {
  bool connected = false;
  for (;;) {
    const timespec poll_period{0, 200'000'000};
    const int sig = sigtimedwait(&signals, nullptr, &poll_period);
    if (sig > 0) return sig;
    const runtime::DeviceServerStatus s = server.status();
    const bool now_connected = s.host_connected && s.hello_received;
    if (now_connected != connected) {
      fmt::print(stderr, "{}\n",
                 now_connected ? fmt::format("host connected (timeout {} ms)", s.host_timeout.ms())
                               : std::string("host gone"));
      connected = now_connected;
    }
  }
}

}  // namespace

sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A host that goes away mid-write must not end the device.
  std::signal(SIGPIPE, SIG_IGN);
  return signals;
}

int serve_until_signal(const std::vector<device::LocalController*>& controllers,
                       const runtime::DeviceServerConfig& config, const std::string& listen,
                       const std::string& what, const sigset_t& signals) {
  runtime::DeviceServer server(controllers, config);
  std::string error;
  auto listener = runtime::listen_channel(listen, error);
  if (!listener) {
    fmt::print(stderr, "error: {}\n", error);
    return 2;
  }
  fmt::print("listening {}\n", listener->address());
  std::fflush(stdout);
  fmt::print(stderr, "{}; SIGINT or SIGTERM stops\n", what);

  std::jthread serving([&](std::stop_token stop) { server.serve(*listener, stop); });
  const int sig = wait_for_signal(server, signals);
  fmt::print(stderr, "{}: deflating\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  serving.request_stop();
  serving.join();

  const runtime::DeviceServerStatus s = server.status();
  for (std::size_t i = 0; i < s.cuffs.size(); ++i) {
    fmt::print(stderr, "cuff {}: {:.1f} mmHg, {}\n", i, s.cuffs[i].cuff.mmhg(),
               core::to_string(s.cuffs[i].phase));
  }
  fmt::print(stderr,
             "served {} host(s), turned away {}, {} host loss(es), {} malformed frame(s), {} "
             "telemetry frames\n",
             s.hosts_served, s.hosts_refused, s.host_losses, s.malformed.total(), s.telemetry_sent);
  if (!server.ended_deflated()) {
    fmt::print(stderr, "error: a cuff did not deflate below 20 mmHg\n");
    return 1;
  }
  return 0;
}

}  // namespace bfr::cli

#include "cli/device_command.hpp"

#include <fmt/format.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <ctime>
#include <memory>
#include <thread>
#include <vector>

#include "core/safety_limits.hpp"
#include "runtime/channel_endpoints.hpp"
#include "runtime/device_server.hpp"
#include "runtime/simulated_limb.hpp"
#include "sim/person.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::cli {
namespace {

// Cuff widths as `bfr lop measure` uses them (bfr-facts section 3).
constexpr double kThighCuffCm = 11.5;
constexpr double kArmCuffCm = 13;
constexpr double kSensorRateHz = 100;

sim::Posture posture_from(const std::string& name) {
  if (name == "supine") return sim::Posture::kSupine;
  if (name == "standing") return sim::Posture::kStanding;
  return sim::Posture::kSeated;
}

// The demo person's limbs: cuff 1 is the other limb of the same person, with
// its own noise (seed + 1).
std::vector<std::unique_ptr<runtime::SimulatedLimb>> make_limbs(const DeviceSimOptions& o) {
  const bool arm = o.segment == "upper_arm";
  const sim::CuffChoice cuff{arm ? sim::Segment::kUpperArm : sim::Segment::kThigh,
                             arm ? kArmCuffCm : kThighCuffCm};
  core::ControllerConfig controller;
  if (arm) controller.safety = core::upper_limb_limits();
  std::vector<std::unique_ptr<runtime::SimulatedLimb>> limbs;
  for (int i = 0; i < o.cuffs; ++i) {
    const auto plant =
        sim::plant_for(sim::demo_person(), cuff, sim::mpx5050_profile(kSensorRateHz),
                       o.seed + static_cast<std::uint64_t>(i), posture_from(o.posture));
    limbs.push_back(std::make_unique<runtime::SimulatedLimb>(plant, controller));
  }
  return limbs;
}

// Waits for SIGINT or SIGTERM (blocked in every thread, taken here), telling
// on stderr when hosts come and go.
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

CLI::App* add_device_command(CLI::App& app, DeviceSimOptions& o) {
  auto* device = app.add_subcommand("device", "The cuff device side of the link");
  device->require_subcommand(1);
  auto* sim = device->add_subcommand(
      "sim",
      "The virtual device: the real controller on a simulated limb, served over the link protocol "
      "(docs/protocol.md) until SIGINT/SIGTERM, then deflated. Prints the address it listens on "
      "first");
  sim->add_option("--listen", o.listen,
                  "tcp://HOST:PORT (port 0: any free port), serial:///dev/DEVICE[?baud=N], or pty "
                  "(a new pseudo-terminal; its path is printed)")
      ->required();
  sim->add_option("--cuffs", o.cuffs, "1 (default) or 2: two limbs, independent controllers")
      ->check(CLI::Range(1, 2));
  sim->add_option("--speed", o.speed,
                  "Device time runs this many times faster than the wall clock (default 1); the "
                  "host timeout stays on the wall clock")
      ->check(CLI::Range(0.1, 100.0));
  sim->add_option("--trace", o.trace,
                  "Write what the device did to this CSV file (one row per cuff per step)");
  sim->add_option("--seed", o.seed, "Simulation seed (default 1)");
  sim->add_option("--segment", o.segment, "thigh (default) or upper_arm")
      ->check(CLI::IsMember({"thigh", "upper_arm"}));
  sim->add_option("--posture", o.posture, "supine, seated (default) or standing")
      ->check(CLI::IsMember({"supine", "seated", "standing"}));
  sim->add_option("--host-timeout-ms", o.host_timeout_ms,
                  "Host timeout when the host's Hello asks for the device's default (500-30000, "
                  "default 3000)")
      ->check(CLI::Range(500, 30000));
  return sim;
}

int run_device_sim(const DeviceSimOptions& options) {
  // Taken by wait_for_signal only: block them before any thread starts so
  // that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto limbs = make_limbs(options);
  std::vector<device::LocalController*> controllers;
  for (auto& limb : limbs) controllers.push_back(limb.get());
  runtime::DeviceServerConfig config;
  config.speed = options.speed;
  config.trace_path = options.trace;
  config.default_host_timeout = core::Duration::from_ms(options.host_timeout_ms);
  runtime::DeviceServer server(controllers, config);

  std::string error;
  auto listener = runtime::listen_channel(options.listen, error);
  if (!listener) {
    fmt::print(stderr, "error: {}\n", error);
    return 2;
  }
  fmt::print("listening {}\n", listener->address());
  std::fflush(stdout);
  fmt::print(stderr,
             "virtual device (simulated {}, {} cuff{}, speed {}); SIGINT or SIGTERM stops\n",
             options.segment, options.cuffs, options.cuffs == 1 ? "" : "s", options.speed);

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

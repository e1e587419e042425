#include "cli/device_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <vector>

#include "cli/device_serving.hpp"
#include "cli/simulated_limb_options.hpp"
#include "core/safety_limits.hpp"
#include "runtime/device_server.hpp"
#include "runtime/simulated_limb.hpp"
#include "sim/person.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::cli {
namespace {

constexpr double kSensorRateHz = 100;

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
  const sigset_t signals = block_stop_signals();
  auto limbs = make_limbs(options);
  std::vector<device::LocalController*> controllers;
  for (auto& limb : limbs) controllers.push_back(limb.get());
  runtime::DeviceServerConfig config;
  config.speed = options.speed;
  config.trace_path = options.trace;
  config.default_host_timeout = core::Duration::from_ms(options.host_timeout_ms);
  return serve_until_signal(
      controllers, config, options.listen,
      fmt::format("virtual device (simulated {}, {} cuff{}, speed {})", options.segment,
                  options.cuffs, options.cuffs == 1 ? "" : "s", options.speed),
      signals);
}

}  // namespace bfr::cli

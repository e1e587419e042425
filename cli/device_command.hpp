#pragma once
// `bfr device sim`: the virtual device behind the link. The real core
// controller on a simulated limb (one cuff, or two for dual-limb work),
// served by runtime::DeviceServer on a TCP port, a serial port or a new
// pseudo-terminal until SIGINT or SIGTERM; then the cuffs are deflated and
// the command exits 0. The first line on stdout is the address actually
// listened on ("listening tcp://127.0.0.1:43127", "listening /dev/pts/7"),
// for a host or a test to connect to.

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

struct DeviceSimOptions {
  std::string listen;
  int cuffs = 1;
  double speed = 1.0;
  std::string trace;
  std::uint64_t seed = 1;
  std::string segment = "thigh";  // "thigh" or "upper_arm"
  std::string posture = "seated";
  int host_timeout_ms = 3000;  // the device's default, used when a Hello asks for it
};

// Adds `device` with its `sim` subcommand; returns `sim`.
CLI::App* add_device_command(CLI::App& app, DeviceSimOptions& options);

// Serves until a signal; 0 when the cuffs ended deflated, 1 when not, 2 when
// the address cannot be listened on.
int run_device_sim(const DeviceSimOptions& options);

}  // namespace bfr::cli

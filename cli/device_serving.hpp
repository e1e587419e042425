#pragma once
// What `bfr device sim` and `bfr device serve` share: the device side of the
// link served until SIGINT or SIGTERM, then every cuff brought down. The
// first line on stdout is the address listened on, for a host or a test.

#include <signal.h>

#include <string>
#include <vector>

#include "device/local_controller.hpp"
#include "runtime/device_server.hpp"

namespace bfr::cli {

// Blocks SIGINT and SIGTERM in the calling thread and returns them; call it
// before any thread starts (a soft-PWM thread, the server's), so that every
// thread inherits the mask and only serve_until_signal() takes them.
sigset_t block_stop_signals();

// Serves `controllers` on `listen` until one of `signals` arrives, telling on
// stderr when hosts come and go, then deflates. 0 when every cuff ended
// below 20 mmHg, 1 when not, 2 when the address cannot be listened on.
// `what` names the device in the start-up line.
int serve_until_signal(const std::vector<device::LocalController*>& controllers,
                       const runtime::DeviceServerConfig& config, const std::string& listen,
                       const std::string& what, const sigset_t& signals);

}  // namespace bfr::cli

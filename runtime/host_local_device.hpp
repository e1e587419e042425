#pragma once
// A virtual device and the host's link to it in one process, for `bfr demo`
// and `bfr session run` without --device: a simulated limb (the real core
// behind it) served by a DeviceServer in its own thread on one end of a
// socket pair, the host's HostConnection and LinkedDevice on the other. The
// host drives it exactly as it drives a device across a cable; only the
// device's clock may run faster than the wall clock (`speed`).

#include <memory>
#include <thread>

#include "runtime/device_server.hpp"
#include "runtime/host_connection.hpp"
#include "runtime/linked_device.hpp"
#include "runtime/simulated_limb.hpp"
#include "sim/plant.hpp"

namespace bfr::runtime {

class HostLocalDevice {
 public:
  // Starts the device and connects; throws LinkError when the link cannot
  // be set up, std::invalid_argument for a speed the server refuses.
  HostLocalDevice(const sim::PlantConfig& plant, double speed);
  // Stops the device (it deflates first) and closes the link.
  ~HostLocalDevice();
  HostLocalDevice(const HostLocalDevice&) = delete;
  HostLocalDevice& operator=(const HostLocalDevice&) = delete;

  LinkedDevice& cuff() { return *cuff_; }
  HostConnection& connection() { return *connection_; }
  // The device's own count of Telemetry frames sent.
  std::uint64_t telemetry_sent() const { return server_->status().telemetry_sent; }

 private:
  std::unique_ptr<SimulatedLimb> limb_;
  std::unique_ptr<DeviceServer> server_;
  std::unique_ptr<ByteChannel> device_end_;
  std::unique_ptr<HostConnection> connection_;
  std::unique_ptr<LinkedDevice> cuff_;
  std::jthread thread_;
};

}  // namespace bfr::runtime

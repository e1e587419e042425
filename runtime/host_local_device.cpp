#include "runtime/host_local_device.hpp"

#include <utility>

#include "runtime/channel_endpoints.hpp"

namespace bfr::runtime {

HostLocalDevice::HostLocalDevice(const sim::PlantConfig& plant, double speed) {
  limb_ = std::make_unique<SimulatedLimb>(plant, core::ControllerConfig{});
  // Read before the device's thread starts stepping the limb.
  const double true_lop = limb_->device().plant().true_lop_mmhg();
  DeviceServerConfig config;
  config.speed = speed;
  server_ =
      std::make_unique<DeviceServer>(std::vector<device::LocalController*>{limb_.get()}, config);
  auto [device_end, host_end] = make_channel_pair();
  device_end_ = std::move(device_end);
  thread_ = std::jthread([this](std::stop_token stop) { server_->serve(*device_end_, stop); });
  // The host's end is handed over once: there is nothing to re-dial.
  auto handed = std::make_shared<std::unique_ptr<ByteChannel>>(std::move(host_end));
  ChannelDialer dial = [handed](std::string& error) -> std::unique_ptr<ByteChannel> {
    if (!*handed) error = "the in-process link is closed";
    return std::move(*handed);
  };
  try {
    connection_ = std::make_unique<HostConnection>(dial, "in-process virtual device");
  } catch (...) {
    thread_.request_stop();
    thread_.join();
    throw;
  }
  cuff_ = std::make_unique<LinkedDevice>(*connection_, 0);
  cuff_->set_simulation_truth(true_lop);
}

HostLocalDevice::~HostLocalDevice() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
  cuff_.reset();
  connection_.reset();
}

}  // namespace bfr::runtime

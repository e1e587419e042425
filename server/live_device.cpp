#include "server/live_device.hpp"

#include <fmt/format.h>

#include "clinic/simulated_patient.hpp"
#include "runtime/host_local_device.hpp"

namespace bfr::server {

namespace {

class VirtualLiveDevice : public LiveDevice {
 public:
  VirtualLiveDevice(const sim::PlantConfig& plant, double speed) : device_(plant, speed) {}
  runtime::LinkedDevice& cuff() override { return device_.cuff(); }
  runtime::HostConnection& connection() override { return device_.connection(); }

 private:
  runtime::HostLocalDevice device_;
};

class LinkedLiveDevice : public LiveDevice {
 public:
  explicit LinkedLiveDevice(const std::string& address)
      : connection_(runtime::dial_address(address), address), cuff_(connection_, 0) {}
  runtime::LinkedDevice& cuff() override { return cuff_; }
  runtime::HostConnection& connection() override { return connection_; }

 private:
  runtime::HostConnection connection_;
  runtime::LinkedDevice cuff_;
};

}  // namespace

std::unique_ptr<LiveDevice> connect_device(const DeviceSlotConfig& slot,
                                           const SimulatedSubject& subject) {
  if (!slot.address.empty()) return std::make_unique<LinkedLiveDevice>(slot.address);
  return std::make_unique<VirtualLiveDevice>(
      clinic::simulated_plant(subject.patient, subject.limb, subject.posture, subject.cuff_width_cm,
                              subject.year, subject.seed),
      slot.speed);
}

std::vector<DeviceSlotConfig> device_slots(int virtual_count, double speed,
                                           const std::vector<std::string>& addresses) {
  std::vector<DeviceSlotConfig> slots;
  for (int i = 0; i < virtual_count; ++i) {
    slots.push_back({fmt::format("virtual {}", i + 1), "", speed});
  }
  for (const std::string& address : addresses) slots.push_back({address, address, 1.0});
  return slots;
}

}  // namespace bfr::server

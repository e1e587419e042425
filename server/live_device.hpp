#pragma once
// The devices `bfr serve` runs live work on (docs/WEB.md, "Live work"): a
// fixed list of slots, each either a virtual device (a simulated limb behind
// a DeviceServer in process, as `bfr demo` runs it) or a cuff device across
// the link (tcp://... or serial://...). A slot is connected for each run and
// let go after it: the virtual device takes the run's patient as its
// simulated person, and a real device is dialled afresh, so a run never
// inherits another's latched state or link.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "runtime/host_connection.hpp"
#include "runtime/linked_device.hpp"

namespace bfr::server {

// The device one run drives: the cuff the runner exchanges frames with and
// the connection an emergency stop goes out on at once.
class LiveDevice {
 public:
  virtual ~LiveDevice() = default;
  virtual runtime::LinkedDevice& cuff() = 0;
  virtual runtime::HostConnection& connection() = 0;
};

struct DeviceSlotConfig {
  std::string label;    // "virtual 1", "tcp://10.0.0.5:7000"
  std::string address;  // empty: a virtual device
  double speed = 1.0;   // virtual only: device time per wall time
};

// The simulated person of a virtual device, from the run's patient record.
struct SimulatedSubject {
  clinic::Patient patient;
  clinic::Limb limb;
  clinic::Posture posture = clinic::Posture::kSeated;
  double cuff_width_cm = 11.5;
  int year = 2025;
  std::uint64_t seed = 1;
};

// Connects the slot's device (the handshake included); throws
// runtime::LinkError when it cannot.
std::unique_ptr<LiveDevice> connect_device(const DeviceSlotConfig& slot,
                                           const SimulatedSubject& subject);

// The slots of `bfr serve`: `virtual_count` virtual devices at `speed`, then
// one per address.
std::vector<DeviceSlotConfig> device_slots(int virtual_count, double speed,
                                           const std::vector<std::string>& addresses);

}  // namespace bfr::server

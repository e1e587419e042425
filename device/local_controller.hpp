#pragma once
// A cuff controller as the device side of the link drives it: the host's view
// (CuffDevice: one command in, one telemetry frame out per controller period)
// plus the inputs only the device itself has. The link watchdog's verdict on
// the host goes into the controller's readings, where the safety supervisor
// acts on it; the sensor's type is announced to the host in Capabilities.
// VirtualDevice (a simulated limb) and the Linux hardware backend implement it.

#include "device/cuff_device.hpp"

namespace bfr::device {

enum class PressureSensorKind { kSimulated, kHoneywellMprls, kAnalogBridge };

class LocalController : public CuffDevice {
 public:
  virtual void set_host_heartbeat_lost(bool lost) = 0;
  virtual PressureSensorKind sensor_kind() const = 0;
  virtual const core::ControllerConfig& controller_config() const = 0;
};

}  // namespace bfr::device

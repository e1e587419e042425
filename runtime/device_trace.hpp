#pragma once
// What the device did, as CSV, one row per cuff per controller step: for
// tests and demos that must know how the device behaved while nobody
// watched (the host killed, the cable pulled). Columns:
//
//   wall_s          seconds on the steady clock since the server started
//   device_s        the cuff's own device time, seconds
//   cuff            0 or 1
//   pressure_mmhg   the sensor's reading
//   target_mmhg     the regulator's target (0 when not regulating)
//   phase           core phase name
//   alarms          active alarm bits, hexadecimal (docs/protocol.md numbering)
//   host_connected  1 while a host is connected and has said Hello
//   host_silent_s   wall seconds since the last valid frame from a host; empty before the first

#include <cstdio>
#include <optional>
#include <string>

#include "runtime/device_server.hpp"

namespace bfr::runtime {

class DeviceTrace {
 public:
  DeviceTrace() = default;
  ~DeviceTrace();
  DeviceTrace(const DeviceTrace&) = delete;
  DeviceTrace& operator=(const DeviceTrace&) = delete;

  // Creates the file and writes the header; throws std::invalid_argument
  // when it cannot.
  void open(const std::string& path);
  bool is_open() const { return file_ != nullptr; }

  void row(double wall_s, int cuff, const CuffStatus& status, bool host_connected,
           std::optional<double> host_silent_s);
  // Flushed every tenth of a second of wall time, so that a test reading
  // the file while the device runs sees rows that recent.
  void flush_if_due(double wall_s);
  void close();

 private:
  std::FILE* file_ = nullptr;
  double last_flush_s_ = 0;
};

}  // namespace bfr::runtime

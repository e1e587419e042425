#pragma once
// The device trace (runtime/device_trace.hpp) read back, and the host-kill
// measurement taken from it: how long after the host's last frame the cuff
// was below 20 mmHg.

#include <optional>
#include <string>
#include <vector>

namespace bfr::runtime::testing {

struct TraceRow {
  double wall_s = 0;
  int cuff = 0;
  double pressure = 0;
  std::string phase;
  bool host_connected = false;
  std::optional<double> host_silent_s;
};

std::vector<TraceRow> read_trace(const std::string& path);

struct HostLossMeasure {
  bool found = false;
  double peak_after_host_mmhg = 0;  // highest reading after the host's last connected row
  double silent_to_below_20_s = 0;  // host's last frame to cuff 0 below 20 mmHg
};

// From the last row with a host connected to the first row of cuff 0 below
// 20 mmHg after it.
HostLossMeasure measure_host_loss(const std::vector<TraceRow>& rows);

}  // namespace bfr::runtime::testing

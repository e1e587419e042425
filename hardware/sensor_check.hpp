#pragma once
// The bring-up check of a board's pressure sensor (`bfr device hw-check`):
// a number of readings one controller period apart, each handed on for
// printing, and their summary. It reads only; it drives no output.

#include <chrono>
#include <functional>
#include <string>

#include "hardware/mprls_sensor.hpp"

namespace bfr::hardware {

struct SensorCheckResult {
  int readings = 0;
  int good = 0;
  // Over the good readings; zero when there were none.
  float min_mmhg = 0;
  float max_mmhg = 0;
  float mean_mmhg = 0;
  std::string first_fault;  // empty when every reading was good
  bool all_good() const { return readings > 0 && good == readings; }
};

SensorCheckResult check_sensor(MprlsSensor& sensor, int samples, std::chrono::microseconds period,
                               const Sleeper& sleep,
                               const std::function<void(int, const MprlsReading&)>& each);

}  // namespace bfr::hardware

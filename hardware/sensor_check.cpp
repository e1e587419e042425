#include "hardware/sensor_check.hpp"

#include <algorithm>

namespace bfr::hardware {

SensorCheckResult check_sensor(MprlsSensor& sensor, int samples, std::chrono::microseconds period,
                               const Sleeper& sleep,
                               const std::function<void(int, const MprlsReading&)>& each) {
  SensorCheckResult result;
  double sum = 0;
  for (int i = 0; i < samples; ++i) {
    if (i > 0) sleep(period);
    const MprlsReading r = sensor.read();
    ++result.readings;
    if (each) each(i, r);
    if (!r.ok) {
      if (result.first_fault.empty()) result.first_fault = r.fault;
      continue;
    }
    const float p = r.pressure.mmhg();
    result.min_mmhg = result.good == 0 ? p : std::min(result.min_mmhg, p);
    result.max_mmhg = result.good == 0 ? p : std::max(result.max_mmhg, p);
    sum += static_cast<double>(p);
    ++result.good;
  }
  if (result.good > 0) result.mean_mmhg = static_cast<float>(sum / result.good);
  return result;
}

}  // namespace bfr::hardware

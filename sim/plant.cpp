#include "sim/plant.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::sim {

Plant::Plant(const PlantConfig& config)
    : config_(config),
      limb_(config.limb, config.heart),
      pneumatics_(config.pneumatics),
      sensor_(config.sensor, config.seed ^ 0x5e45u),
      lifter_(config.lifter),
      step_s_(1.0 / config.model_rate_hz) {
  const double lop = limb_.true_lop_mmhg();
  lifter_.calibrate(lop, pneumatics_.stiffness_mmhg_per_ml(0.8 * lop));
}

void Plant::advance(double dt_s) {
  // Whole model steps, with a last partial one so that time stays exact.
  double left = dt_s;
  while (left > 1e-12) {
    const double h = std::min(step_s_, left);
    limb_.advance(h);
    t_s_ += h;
    const double displaced =
        limb_.artery_volume_ml(pneumatics_.pressure_mmhg()) + lifter_.displacement_ml(t_s_);
    pneumatics_.advance(h, valves_, displaced);
    sensor_.track(h, pneumatics_.pressure_mmhg());
    left -= h;
  }
}

}  // namespace bfr::sim

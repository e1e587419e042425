#include "sim/plant.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::sim {

Plant::Plant(const PlantConfig& config)
    : config_(config),
      limb_(config.limb, config.heart, config.seed ^ 0xbea7u),
      pneumatics_(config.pneumatics),
      sensor_(config.sensor, config.seed ^ 0x5e45u),
      second_sensor_(config.sensor, config.seed ^ 0x5e46u),
      lifter_(config.lifter),
      step_s_(1.0 / config.model_rate_hz) {
  // The bladder's rest volume is measured on the limb as it is, artery
  // included: only changes in arterial volume push on the cuff.
  resting_artery_ml_ = limb_.artery_volume_ml(0);
  const double lop = limb_.true_lop_mmhg();
  lifter_.calibrate(lop, pneumatics_.stiffness_mmhg_per_ml(0.8 * lop));
}

void Plant::inject(const Fault& fault) {
  faults_.apply(fault);
  sensor_.set_stuck(faults_.sensor_stuck);
  sensor_.set_drift(faults_.sensor_drift_mmhg_per_s);
  sensor_.set_jump(faults_.sensor_jump_mmhg);
  sensor_.set_rail(faults_.sensor_railed, faults_.sensor_rail_mmhg);
}

void Plant::clear_fault(FaultKind kind) {
  faults_.clear(kind);
  sensor_.set_stuck(faults_.sensor_stuck);
  sensor_.set_drift(faults_.sensor_drift_mmhg_per_s);
  sensor_.set_jump(faults_.sensor_jump_mmhg);
  sensor_.set_rail(faults_.sensor_railed, faults_.sensor_rail_mmhg);
}

void Plant::step(double h) {
  const double cuff = pneumatics_.pressure_mmhg();
  limb_.advance(h, cuff);
  t_s_ += h;
  muscle_ml_ = lifter_.displacement_ml(t_s_);
  // A jolt moves tissue into or out of the cuff: express the artefact's
  // pressure as the volume that would cause it at the present stiffness.
  motion_now_mmhg_ = motion_.pressure_mmhg(t_s_);
  const double motion_ml =
      motion_now_mmhg_ == 0 ? 0 : motion_now_mmhg_ / pneumatics_.stiffness_mmhg_per_ml(cuff);
  const double displaced = limb_.artery_volume_ml(cuff) - resting_artery_ml_ + limb_.pooled_ml() +
                           muscle_ml_ + motion_ml;
  pneumatics_.advance(h, valves_, displaced, faults_);
  // A loose hose leaves the sensor reading the device's own manifold, which
  // is open to the air.
  const double port = faults_.tube_disconnected ? 0.0 : pneumatics_.pressure_mmhg();
  sensor_.track(h, port);
  if (config_.second_sensor) second_sensor_.track(h, port);
}

void Plant::advance(double dt_s) {
  // Whole model steps, with a last partial one so that time stays exact.
  double left = dt_s;
  while (left > 1e-12) {
    const double h = std::min(step_s_, left);
    step(h);
    left -= h;
  }
}

}  // namespace bfr::sim

#pragma once
// Everything on the far side of the controller's actuator and sensor
// interfaces: the limb with its artery and heart, the cuff pneumatics, the
// pressure sensor and the person exercising. The controller cannot tell it
// from hardware: it receives sensor readings and sends valve commands.

#include <cstdint>

#include "sim/lifter.hpp"
#include "sim/limb.hpp"
#include "sim/pneumatics.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::sim {

struct PlantConfig {
  LimbParams limb{};
  HeartParams heart{};
  PneumaticParams pneumatics{};
  SensorProfile sensor{};
  LifterParams lifter{};
  double model_rate_hz = 1000;  // physics integration rate
  std::uint64_t seed = 1;
};

class Plant {
 public:
  explicit Plant(const PlantConfig& config);

  void command(const ValveCommand& cmd) { valves_ = cmd; }
  // Integrates the physics for dt at the model rate.
  void advance(double dt_s);
  double read_sensor() { return sensor_.read(); }

  double time_s() const { return t_s_; }
  double true_cuff_mmhg() const { return pneumatics_.pressure_mmhg(); }
  double true_lop_mmhg() const { return limb_.true_lop_mmhg(); }
  double heart_rate_bpm() const { return limb_.heart_rate_bpm(); }
  Lifter& lifter() { return lifter_; }
  CuffPneumatics& pneumatics() { return pneumatics_; }
  const PlantConfig& config() const { return config_; }

 private:
  PlantConfig config_;
  Limb limb_;
  CuffPneumatics pneumatics_;
  PressureSensor sensor_;
  Lifter lifter_;
  ValveCommand valves_{};
  double t_s_ = 0;
  double step_s_;
};

}  // namespace bfr::sim

#pragma once
// Everything on the far side of the controller's actuator and sensor
// interfaces: the limb with its artery and heart, the cuff pneumatics, the
// pressure sensor and the person exercising. The controller cannot tell it
// from hardware: it receives sensor readings and sends valve commands.
// Faults and motion artefacts can be injected at any time.

#include <cstdint>

#include "sim/faults.hpp"
#include "sim/lifter.hpp"
#include "sim/limb.hpp"
#include "sim/motion.hpp"
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
  // A second, independent sensor on the same cuff (same profile, own noise;
  // sensor faults affect only the first), for hardware that carries one.
  bool second_sensor = false;
  std::uint64_t seed = 1;
};

class Plant {
 public:
  explicit Plant(const PlantConfig& config);

  void command(const ValveCommand& cmd) { valves_ = cmd; }
  // Integrates the physics for dt at the model rate.
  void advance(double dt_s);
  // The sensor's latest sample (held between conversions).
  double read_sensor() const { return sensor_.read(); }
  long sensor_samples() const { return sensor_.samples(); }
  bool has_second_sensor() const { return config_.second_sensor; }
  double read_second_sensor() const { return second_sensor_.read(); }

  void inject(const Fault& fault);
  void clear_fault(FaultKind kind);
  const ActiveFaults& faults() const { return faults_; }
  void add_motion(const MotionArtefact& artefact) { motion_.add(artefact); }

  // Truth, for traces and validation.
  double time_s() const { return t_s_; }
  double true_cuff_mmhg() const { return pneumatics_.pressure_mmhg(); }
  double true_lop_mmhg() const { return limb_.true_lop_mmhg(); }
  double heart_rate_bpm() const { return limb_.heart_rate_bpm(); }
  double arterial_mmhg() const { return limb_.local_arterial_pressure_mmhg(); }
  double distal_flow_share() const { return limb_.distal_flow_share_at(true_cuff_mmhg()); }
  double pooled_ml() const { return limb_.pooled_ml(); }
  double muscle_ml() const { return muscle_ml_; }
  double motion_mmhg() const { return motion_now_mmhg_; }
  double pump_flow_ml_s() const { return pneumatics_.pump_flow_ml_s(); }
  const ValveCommand& valves() const { return valves_; }

  Lifter& lifter() { return lifter_; }
  const Limb& limb() const { return limb_; }
  CuffPneumatics& pneumatics() { return pneumatics_; }
  const PlantConfig& config() const { return config_; }

 private:
  void step(double h);

  PlantConfig config_;
  Limb limb_;
  CuffPneumatics pneumatics_;
  PressureSensor sensor_;
  PressureSensor second_sensor_;
  Lifter lifter_;
  MotionTrack motion_;
  ActiveFaults faults_;
  ValveCommand valves_{};
  double t_s_ = 0;
  double step_s_;
  double muscle_ml_ = 0;
  double motion_now_mmhg_ = 0;
  double resting_artery_ml_ = 0;
};

}  // namespace bfr::sim

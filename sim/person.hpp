#pragma once
// A virtual person and the plant that simulates one of their limbs under a
// cuff. The population generator (sim/population.hpp) draws many of these.

#include <cstdint>
#include <string>

#include "sim/plant.hpp"

namespace bfr::sim {

enum class Sex { kMale, kFemale };

struct Person {
  std::string name;
  int age_years = 40;
  Sex sex = Sex::kFemale;
  double systolic_mmhg = 120;  // brachial, seated at rest
  double diastolic_mmhg = 75;
  double heart_rate_bpm = 63;
  double height_cm = 170;              // scales the hydrostatic column in upright postures
  double thigh_circumference_cm = 55;  // proximal thigh, where the cuff goes
  double arm_circumference_cm = 31;    // upper arm, where the cuff goes
  // Babbs 2012 pressure-volume coefficients of this person's arteries
  // (normal a = 0.11, b = 0.03; stiff 0.076, 0.021; facts section 4).
  double artery_a_per_mmhg = 0.11;
  double artery_b_per_mmhg = 0.03;
  // How well this person's soft tissue passes cuff pressure to the artery,
  // relative to the average (1.0). Assumed: no figure in the facts; it
  // stands for fat/muscle make-up and cuff fit.
  double tissue_transmission_factor = 1.0;
};

// The demo's person: values near the population means in bfr-facts
// section 4 (NHANES blood pressure, 60-66 bpm heart rate).
Person demo_person();

struct CuffChoice {
  Segment segment = Segment::kThigh;
  double width_cm = 11.5;  // the Delfi thigh cuff width used by Hughes 2018
};

PlantConfig plant_for(const Person& person, const CuffChoice& cuff, const SensorProfile& sensor,
                      std::uint64_t seed, Posture posture = Posture::kSeated);

}  // namespace bfr::sim

#pragma once
// A virtual person and the plant that simulates one of their limbs under a
// cuff. The population generator (later) draws many of these.

#include <cstdint>
#include <string>

#include "sim/plant.hpp"

namespace bfr::sim {

enum class Sex { kMale, kFemale };

struct Person {
  std::string name;
  int age_years = 40;
  Sex sex = Sex::kFemale;
  double systolic_mmhg = 120;
  double diastolic_mmhg = 75;
  double heart_rate_bpm = 63;
  double thigh_circumference_cm = 55;
  double arm_circumference_cm = 31;
};

// The demo's person: values near the population means in bfr-facts
// section 4 (NHANES blood pressure, 60-66 bpm heart rate).
Person demo_person();

struct CuffChoice {
  Segment segment = Segment::kThigh;
  double width_cm = 11.5;  // the Delfi thigh cuff width used by Hughes 2018
};

PlantConfig plant_for(const Person& person, const CuffChoice& cuff, const SensorProfile& sensor,
                      std::uint64_t seed);

}  // namespace bfr::sim

#include "sim/person.hpp"

namespace bfr::sim {

Person demo_person() {
  Person p;
  p.name = "Demo Patient";
  p.age_years = 42;
  p.sex = Sex::kFemale;
  p.systolic_mmhg = 122;
  p.diastolic_mmhg = 76;
  p.heart_rate_bpm = 64;
  p.thigh_circumference_cm = 56;
  p.arm_circumference_cm = 31.9;  // women's mean mid-arm circumference (facts section 4)
  return p;
}

PlantConfig plant_for(const Person& person, const CuffChoice& cuff, const SensorProfile& sensor,
                      std::uint64_t seed) {
  PlantConfig config;
  config.seed = seed;
  config.heart.systolic_mmhg = person.systolic_mmhg;
  config.heart.diastolic_mmhg = person.diastolic_mmhg;
  config.heart.heart_rate_bpm = person.heart_rate_bpm;
  config.limb.segment = cuff.segment;
  config.limb.cuff_width_cm = cuff.width_cm;
  if (cuff.segment == Segment::kThigh) {
    config.limb.circumference_cm = person.thigh_circumference_cm;
    config.limb.artery.radius_cm = 0.35;  // assumed common femoral radius
    config.pneumatics = thigh_cuff_pneumatics();
  } else {
    config.limb.circumference_cm = person.arm_circumference_cm;
    config.pneumatics = arm_cuff_pneumatics();
  }
  config.sensor = sensor;
  Rng rng(seed);
  config.lifter = draw_lifter(rng);
  return config;
}

}  // namespace bfr::sim

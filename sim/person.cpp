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
  p.height_cm = 165;
  return p;
}

PlantConfig plant_for(const Person& person, const CuffChoice& cuff, const SensorProfile& sensor,
                      std::uint64_t seed, Posture posture) {
  PlantConfig config;
  config.seed = seed;
  config.heart.systolic_mmhg = person.systolic_mmhg;
  config.heart.diastolic_mmhg = person.diastolic_mmhg;
  config.heart.heart_rate_bpm = person.heart_rate_bpm;
  config.limb.segment = cuff.segment;
  config.limb.cuff_width_cm = cuff.width_cm;
  config.limb.posture = posture;
  config.limb.hydrostatic_column_cm =
      hydrostatic_column_cm(cuff.segment, posture, person.height_cm);
  config.limb.tissue_transmission_factor = person.tissue_transmission_factor;
  config.limb.artery.a_per_mmhg = person.artery_a_per_mmhg;
  config.limb.artery.b_per_mmhg = person.artery_b_per_mmhg;
  if (cuff.segment == Segment::kThigh) {
    config.limb.circumference_cm = person.thigh_circumference_cm;
    // Assumed effective pulsatile radius of the femoral artery under the
    // cuff: smaller than the anatomical ~0.35 cm because deep tissue damps
    // the pulse it passes to the bladder. It puts the peak oscillation of an
    // 11.5 cm thigh cuff near 4 mmHg, a little above the arm (no published
    // thigh envelope in the facts).
    config.limb.artery.radius_cm = 0.25;
    config.pneumatics = thigh_cuff_pneumatics();
  } else {
    config.limb.circumference_cm = person.arm_circumference_cm;
    config.pneumatics = arm_cuff_pneumatics();
    config.limb.pool_max_ml = 2.5;  // assumed: a smaller limb pools less
  }
  config.sensor = sensor;
  Rng rng(seed);
  config.lifter = draw_lifter(rng);
  return config;
}

}  // namespace bfr::sim

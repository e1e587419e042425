#include "clinic/simulated_patient.hpp"

#include <algorithm>

#include "sim/person.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::clinic {

namespace {

sim::Posture sim_posture(Posture posture) {
  switch (posture) {
    case Posture::kSupine:
      return sim::Posture::kSupine;
    case Posture::kStanding:
      return sim::Posture::kStanding;
    case Posture::kSeated:
      break;
  }
  return sim::Posture::kSeated;
}

}  // namespace

sim::PlantConfig simulated_plant(const Patient& patient, const Limb& limb, Posture posture,
                                 double cuff_width_cm, int year, std::uint64_t seed) {
  sim::Person person = sim::demo_person();
  person.name = patient.display_name;
  person.age_years = std::max(18, year - patient.birth_year);
  person.sex = patient.sex == Sex::kMale ? sim::Sex::kMale : sim::Sex::kFemale;
  person.systolic_mmhg = patient.resting_sbp_mmhg;
  person.diastolic_mmhg = patient.resting_dbp_mmhg;
  person.heart_rate_bpm = patient.resting_hr_bpm;
  const bool thigh = limb.segment == LimbSegment::kThigh;
  if (thigh) {
    person.thigh_circumference_cm = limb.circumference_cm;
  } else {
    person.arm_circumference_cm = limb.circumference_cm;
  }
  // The analog sensor at 100 Hz, as `bfr demo` uses.
  return sim::plant_for(person,
                        {thigh ? sim::Segment::kThigh : sim::Segment::kUpperArm, cuff_width_cm},
                        sim::mpx5050_profile(100), seed, sim_posture(posture));
}

}  // namespace bfr::clinic

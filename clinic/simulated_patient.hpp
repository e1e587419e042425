#pragma once
// A stored patient as a simulated person, so that `bfr lop record --measure`
// and `bfr session run` work the real controller against a limb with the
// patient's age, sex, resting blood pressure, heart rate and circumference.
// The other traits (artery stiffness, tissue transmission, height) are the
// demo person's. Not a model of the real patient: a stand-in device.

#include <cstdint>

#include "clinic/records.hpp"
#include "sim/plant.hpp"

namespace bfr::clinic {

// `year` is the current year, for the age.
sim::PlantConfig simulated_plant(const Patient& patient, const Limb& limb, Posture posture,
                                 double cuff_width_cm, int year, std::uint64_t seed);

}  // namespace bfr::clinic

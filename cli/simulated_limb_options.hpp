#pragma once
// What the commands that simulate one limb share when the user names only its
// segment and posture.

#include <string>

#include "sim/limb.hpp"

namespace bfr::cli {

// Default cuff widths, as in scenario files: the Delfi thigh cuff of Hughes
// 2018 and the wide arm cuff of Brown 2018 (bfr-facts section 3).
inline constexpr double kThighCuffCm = 11.5;
inline constexpr double kArmCuffCm = 13;

// "supine", "standing"; anything else is seated (the options' own check has
// refused other names already).
inline sim::Posture posture_from(const std::string& name) {
  if (name == "supine") return sim::Posture::kSupine;
  if (name == "standing") return sim::Posture::kStanding;
  return sim::Posture::kSeated;
}

}  // namespace bfr::cli

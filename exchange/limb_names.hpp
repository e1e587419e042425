#pragma once
// How the exports name a limb: "right thigh" for people, "right-thigh" as a
// code of OpenBFR's local code system.

#include <string>

#include "clinic/records.hpp"

namespace bfr::exchange {

std::string limb_text(clinic::LimbSide side, clinic::LimbSegment segment);
std::string limb_code(clinic::LimbSide side, clinic::LimbSegment segment);

inline std::string limb_text(const clinic::Limb& limb) {
  return limb_text(limb.side, limb.segment);
}
inline std::string limb_code(const clinic::Limb& limb) {
  return limb_code(limb.side, limb.segment);
}

}  // namespace bfr::exchange

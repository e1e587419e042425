#include "exchange/limb_names.hpp"

#include <fmt/format.h>

#include "clinic/enum_text.hpp"

namespace bfr::exchange {

std::string limb_text(clinic::LimbSide side, clinic::LimbSegment segment) {
  return fmt::format("{} {}", clinic::to_text(side),
                     segment == clinic::LimbSegment::kThigh ? "thigh" : "upper arm");
}

std::string limb_code(clinic::LimbSide side, clinic::LimbSegment segment) {
  return fmt::format("{}-{}", clinic::to_text(side),
                     segment == clinic::LimbSegment::kThigh ? "thigh" : "upper-arm");
}

}  // namespace bfr::exchange

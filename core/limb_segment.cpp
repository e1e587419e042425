#include "core/limb_segment.hpp"

namespace bfr::core {

const char* to_string(LimbSegment segment) {
  switch (segment) {
    case LimbSegment::kThigh:
      return "thigh";
    case LimbSegment::kUpperArm:
      return "upper_arm";
  }
  return "unknown";
}

}  // namespace bfr::core

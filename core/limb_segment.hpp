#pragma once
// The limb segment a cuff is on. The LOP measurement paces its ramp by it
// when the host names it, and the prediction equations apply to one segment
// each. (The store's `LimbSegment` lives in the clinic layer, which the core
// must not depend on.)

#include <cstdint>

namespace bfr::core {

enum class LimbSegment : std::uint8_t { kThigh, kUpperArm };
const char* to_string(LimbSegment segment);

}  // namespace bfr::core

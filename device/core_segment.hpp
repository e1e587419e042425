#pragma once
// The simulator's limb segment as the core names it: the host tells the
// controller which limb the cuff is on (core::Command::limb).

#include "core/limb_segment.hpp"
#include "sim/limb.hpp"

namespace bfr::device {

inline core::LimbSegment core_segment(sim::Segment segment) {
  return segment == sim::Segment::kThigh ? core::LimbSegment::kThigh : core::LimbSegment::kUpperArm;
}

}  // namespace bfr::device

#pragma once
// One exercise as the controller runs it: the target pressure as a share of
// the limb's LOP, the sets with their target reps, and the rests between sets
// during which the cuff stays inflated (bfr-facts section 1: 30-15-15-15 at
// 30-60 s rests, cuff inflated through the rests).

#include <array>
#include <cstdint>

#include "core/events.hpp"
#include "core/units.hpp"

namespace bfr::core {

inline constexpr std::size_t kMaxSets = 8;

struct ExercisePlan {
  Pressure lop;
  Fraction target_share = Fraction(0.8f);
  std::uint8_t set_count = 0;
  std::array<std::uint16_t, kMaxSets> target_reps{};
  Duration rest = Duration::from_seconds(30.0f);
  // A set that the host never ends is closed after this long, so that the
  // cuff cannot stay up because a message was lost.
  Duration max_set_duration = Duration::from_seconds(180.0f);

  Pressure target() const { return lop * target_share; }
};

// The 30-15-15-15 scheme, the most common BFR prescription.
ExercisePlan standard_plan(Pressure lop, Fraction target_share, Duration rest);

// A target must leave this much room under the hard cap: in a set the
// regulator lets each contraction lift the cuff up to 13 mmHg over the
// target (docs/REGULATION.md) and the bleed takes a moment to catch the
// peak. On the regulation bench with 8 cm thigh cuffs peaks reached up to
// 18.6 mmHg over targets of 216-281 mmHg, and the 281 mmHg one touched a
// 300 mmHg cap in its first set and was vented; refusing it before the cuff
// goes up is the better answer.
inline constexpr Pressure kContractionHeadroom = Pressure::mmhg(20.0f);

// Checks a plan against the cap (with kContractionHeadroom under it);
// kNone when it may run.
Rejection validate(const ExercisePlan& plan, Pressure hard_cap);

}  // namespace bfr::core

#pragma once
// Hevy's CSV workout export, bfr-facts §5: one row per set, every field
// quoted, dates like "26 Jul 2025, 07:06", set_index from 0.

#include <string>
#include <string_view>
#include <vector>

#include "exchange/bfr_workout.hpp"

namespace bfr::exchange {

inline constexpr std::string_view kHevyHeader =
    R"("title","start_time","end_time","description","exercise_title","superset_id",)"
    R"("exercise_notes","set_index","set_type","weight_kg","reps","distance_km",)"
    R"("duration_seconds","rpe")";

// Every set is "normal" (BFR sets are working sets); weight_kg is empty when
// the load is not known, as Hevy leaves it for bodyweight sets; rpe is empty.
std::string hevy_csv(const std::vector<Workout>& workouts);

}  // namespace bfr::exchange

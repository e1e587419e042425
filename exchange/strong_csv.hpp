#pragma once
// Strong's CSV workout export, bfr-facts §5: one row per set, fields quoted
// only when they need it, Date "YYYY-MM-DD HH:MM:SS", Set Order from 1 (or
// "W" for a warm-up, "Rest Timer" for a timer row).

#include <string>
#include <string_view>
#include <vector>

#include "exchange/bfr_workout.hpp"

namespace bfr::exchange {

inline constexpr std::string_view kStrongHeader =
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE";

// Weight in kg, 0 when the load is not known (Strong writes 0 for bodyweight
// sets); Distance 0; Seconds the set's duration; Notes the set's BFR details;
// Workout Notes the session's; RPE empty.
std::string strong_csv(const std::vector<Workout>& workouts);

}  // namespace bfr::exchange

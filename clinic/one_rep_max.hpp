#pragma once
// One-repetition maximum (1RM) and the working load derived from it. BFR
// loads are prescribed as a share of 1RM (bfr-facts §1 (Patterson 2019): 20-30 %
// typical, 20-40 % in guidelines), so the 1RM is either entered directly or
// estimated from a submaximal test, which is safer soon after an injury.

#include "clinic/rule_result.hpp"

namespace bfr::clinic {

enum class OneRmEquation {
  kEpley,    // 1RM = w * (1 + r / 30)
  kBrzycki,  // 1RM = w * 36 / (37 - r)
};

// Project choice: both equations lose accuracy beyond about 10-12
// repetitions (and Brzycki diverges as r approaches 37), so a test with more
// than 12 reps is refused rather than trusted.
inline constexpr int kMaxTestReps = 12;
// Above this a value is a unit mix-up (lb for kg, grams), not a lift.
inline constexpr double kMaxPlausibleLoadKg = 1000;

// Working-load share of 1RM, bfr-facts §1 (Patterson 2019): 20-40 %, with 30 %
// the usual default.
inline constexpr double kMinLoadFraction = 0.20;
inline constexpr double kMaxLoadFraction = 0.40;
inline constexpr double kDefaultLoadFraction = 0.30;

// 1RM from `reps` clean repetitions of `load_kg`. One repetition is the 1RM
// itself, whatever the equation.
Result<double> estimate_one_rep_max(double load_kg, int reps, OneRmEquation equation);

// A 1RM typed in directly: finite, positive and plausible.
Result<double> validate_one_rep_max(double one_rep_max_kg);

// fraction x 1RM, rounded down to a multiple of `increment_kg` when it is
// positive (plates and pin stacks come in steps; rounding down never
// prescribes more than the share). Refuses a share outside 20-40 % and a
// load that rounds to nothing.
Result<double> working_load_kg(double one_rep_max_kg, double fraction_of_one_rm,
                               double increment_kg = 0);

}  // namespace bfr::clinic

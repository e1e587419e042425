#include "clinic/one_rep_max.hpp"

#include <cmath>

#include <fmt/format.h>

namespace bfr::clinic {

namespace {

Check check_load(std::string_view field, double kg) {
  // Written so that NaN fails too.
  if (!(kg > 0 && kg <= kMaxPlausibleLoadKg)) {
    return check_failed(fmt::format("{} must be above 0 and at most {} kg (got {})", field,
                                    kMaxPlausibleLoadKg, kg));
  }
  return check_passed();
}

}  // namespace

Result<double> estimate_one_rep_max(double load_kg, int reps, OneRmEquation equation) {
  if (Check load = check_load("load_kg", load_kg); !load.ok()) {
    return Result<double>::failure(std::move(load.error));
  }
  if (reps < 1 || reps > kMaxTestReps) {
    return Result<double>::failure(fmt::format(
        "reps must be between 1 and {} for a 1RM estimate (got {}); the equations lose accuracy "
        "beyond about 10-12 reps",
        kMaxTestReps, reps));
  }
  if (reps == 1) return Result<double>::success(load_kg);
  const double r = static_cast<double>(reps);
  switch (equation) {
    case OneRmEquation::kEpley:
      return Result<double>::success(load_kg * (1.0 + r / 30.0));
    case OneRmEquation::kBrzycki:
      return Result<double>::success(load_kg * 36.0 / (37.0 - r));
  }
  return Result<double>::failure("unknown 1RM equation");
}

Result<double> validate_one_rep_max(double one_rep_max_kg) {
  if (Check load = check_load("one_rep_max_kg", one_rep_max_kg); !load.ok()) {
    return Result<double>::failure(std::move(load.error));
  }
  return Result<double>::success(one_rep_max_kg);
}

Result<double> working_load_kg(double one_rep_max_kg, double fraction_of_one_rm,
                               double increment_kg) {
  if (Check load = check_load("one_rep_max_kg", one_rep_max_kg); !load.ok()) {
    return Result<double>::failure(std::move(load.error));
  }
  // A small tolerance so that 0.2 or 0.4 computed as a sum of steps still
  // counts as inside the range.
  constexpr double kTolerance = 1e-9;
  if (!(fraction_of_one_rm >= kMinLoadFraction - kTolerance &&
        fraction_of_one_rm <= kMaxLoadFraction + kTolerance)) {
    return Result<double>::failure(
        fmt::format("fraction_of_one_rm must be between {} and {} for BFR (got {})",
                    kMinLoadFraction, kMaxLoadFraction, fraction_of_one_rm));
  }
  if (!(increment_kg >= 0 && std::isfinite(increment_kg))) {
    return Result<double>::failure(
        fmt::format("increment_kg must be 0 (no rounding) or positive (got {})", increment_kg));
  }
  double load = one_rep_max_kg * fraction_of_one_rm;
  if (increment_kg > 0) load = std::floor(load / increment_kg + kTolerance) * increment_kg;
  if (load <= 0) {
    return Result<double>::failure(fmt::format(
        "the working load rounds down to 0 kg with a {} kg increment: use a finer increment",
        increment_kg));
  }
  return Result<double>::success(load);
}

}  // namespace bfr::clinic

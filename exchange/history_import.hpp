#pragma once
// Training history read from another app's CSV export (Hevy, Strong) to seed
// one-repetition maximum (1RM) estimates.
//
// An import never stops at a bad row: every malformed row is reported by its
// line and skipped, warm-ups and rest timers are skipped as not working sets,
// and the result holds everything that was read. Storing the estimates is all
// or nothing (one_rep_max_import.hpp). A file that cannot be an export at all (no
// header, a required column missing) raises ImportError and yields nothing.

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/one_rep_max.hpp"

namespace bfr::exchange {

class ImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// bfr-facts §5: Hevy follows the user's units (weight_lbs); Strong's Weight
// column carries no unit.
inline constexpr double kKgPerLb = 0.45359237;  // exact, by definition of the pound

enum class WeightUnit { kKg, kLb };

struct ImportedSet {
  int line = 0;  // where the row starts in the file
  std::string workout;
  std::chrono::sys_seconds start{};
  std::string exercise;
  int set_index = 0;                // from 0
  std::optional<double> weight_kg;  // empty when the file has none (bodyweight)
  std::optional<int> reps;          // empty for timed or distance sets
  std::optional<double> duration_s;
  std::string notes;
};

struct LineNote {
  int line = 0;
  std::string reason;
};

// The heaviest estimated 1RM of one exercise and the set it came from.
struct OneRmEstimate {
  std::string exercise;
  double one_rep_max_kg = 0;
  double weight_kg = 0;
  int reps = 0;
  int line = 0;
  std::chrono::sys_seconds performed_at{};  // the workout's start
};

struct ImportResult {
  std::string format;  // "hevy" or "strong"
  clinic::OneRmEquation equation = clinic::OneRmEquation::kEpley;
  std::vector<ImportedSet> accepted;
  std::vector<LineNote> skipped;         // rows that are not working sets
  std::vector<LineNote> rejected;        // malformed rows
  std::vector<OneRmEstimate> estimates;  // one per exercise, by exercise name
};

ImportResult import_hevy_csv(std::string_view text,
                             clinic::OneRmEquation equation = clinic::OneRmEquation::kEpley);

// Strong writes weights in the user's unit without naming it; a "Weight Unit"
// column, when present, wins over `unit`.
ImportResult import_strong_csv(std::string_view text, WeightUnit unit = WeightUnit::kKg,
                               clinic::OneRmEquation equation = clinic::OneRmEquation::kEpley);

// Best 1RM per exercise over sets with a load and 1..clinic::kMaxTestReps reps
// (the equations are not trusted beyond that, clinic/one_rep_max.hpp).
std::vector<OneRmEstimate> best_one_rep_max(const std::vector<ImportedSet>& sets,
                                            clinic::OneRmEquation equation);

}  // namespace bfr::exchange

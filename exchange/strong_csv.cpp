#include "exchange/strong_csv.hpp"

#include <fmt/format.h>

#include "exchange/csv.hpp"
#include "exchange/csv_columns.hpp"
#include "exchange/date_text.hpp"
#include "exchange/history_reader.hpp"
#include "exchange/set_checks.hpp"

namespace bfr::exchange {

std::string strong_csv(const std::vector<Workout>& workouts) {
  std::string out = std::string(kStrongHeader) + "\n";
  for (const Workout& w : workouts) {
    const std::string duration = format_strong_duration(w.end - w.start);
    for (const WorkoutSet& s : w.sets) {
      out += csv_row({format_strong_time(w.start), w.title, duration, w.exercise,
                      fmt::format("{}", s.set_index + 1),
                      fmt::format("{}", s.weight_kg.value_or(0)), fmt::format("{}", s.reps), "0",
                      fmt::format("{}", s.duration_s), s.notes, w.description, ""},
                     Quoting::kWhenNeeded);
    }
  }
  return out;
}

namespace {

struct StrongColumns {
  std::size_t date, workout, exercise, set_order, weight, reps;
  std::optional<std::size_t> seconds, notes, weight_unit;

  explicit StrongColumns(const CsvColumns& c)
      : date(c.require("Date", "Strong")),
        workout(c.require("Workout Name", "Strong")),
        exercise(c.require("Exercise Name", "Strong")),
        set_order(c.require("Set Order", "Strong")),
        weight(c.require("Weight", "Strong")),
        reps(c.require("Reps", "Strong")),
        seconds(c.find("Seconds")),
        notes(c.find("Notes")),
        weight_unit(c.find("Weight Unit")) {}
};

std::optional<std::string> row_unit(const StrongColumns& col, const std::vector<std::string>& f,
                                    WeightUnit& unit) {
  if (!col.weight_unit) return std::nullopt;
  const std::string_view text = trim(f[*col.weight_unit]);
  if (text == "kg") {
    unit = WeightUnit::kKg;
  } else if (text == "lbs" || text == "lb") {
    unit = WeightUnit::kLb;
  } else if (!text.empty()) {
    return fmt::format("Weight Unit '{}' is not kg or lbs", text);
  }
  return std::nullopt;
}

// One row to a set: rejected with a reason when malformed, skipped when it
// is well formed but not a working set.
RowVerdict read_row(const StrongColumns& col, const std::vector<std::string>& f, WeightUnit unit,
                    ImportedSet& set) {
  const std::string_view order = trim(f[col.set_order]);
  // Not working sets, bfr-facts §5: warm-ups and the rest timer's rows.
  if (order == "W") return {{}, "warm-up set"};
  if (order == "Rest Timer") return {{}, "rest timer row"};
  const auto number = parse_count(order);
  if (!number || *number < 1) {
    return {fmt::format("Set Order '{}' is not a number from 1, W or Rest Timer", order), {}};
  }
  set.set_index = *number - 1;
  set.workout = std::string(trim(f[col.workout]));
  set.exercise = std::string(trim(f[col.exercise]));
  if (set.exercise.empty()) return {"Exercise Name is empty", {}};
  const auto start = parse_strong_time(trim(f[col.date]));
  if (!start) {
    return {fmt::format("Date '{}' is not a date like '2025-07-26 07:06:00'", f[col.date]), {}};
  }
  set.start = *start;
  if (auto error = row_unit(col, f, unit)) return {error, {}};
  if (auto error = read_weight(f[col.weight], unit, set)) return {error, {}};
  if (auto error = read_reps(f[col.reps], set)) return {error, {}};
  if (col.seconds) {
    if (auto error = read_duration(f[*col.seconds], set)) return {error, {}};
  }
  if (col.notes) set.notes = f[*col.notes];
  return {};
}

}  // namespace

ImportResult import_strong_csv(std::string_view text, WeightUnit unit,
                               clinic::OneRmEquation equation) {
  return import_history(text, "strong", "Strong", equation,
                        [unit](const CsvColumns& columns) -> RowReader {
                          return [col = StrongColumns(columns), unit](
                                     const std::vector<std::string>& fields, ImportedSet& set) {
                            return read_row(col, fields, unit, set);
                          };
                        });
}

}  // namespace bfr::exchange

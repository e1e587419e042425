#include "exchange/strong_csv.hpp"

#include <fmt/format.h>

#include "exchange/csv.hpp"
#include "exchange/csv_columns.hpp"
#include "exchange/date_text.hpp"
#include "exchange/history_import.hpp"
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

std::optional<std::string> read_row(const StrongColumns& col, const std::vector<std::string>& f,
                                    WeightUnit unit, ImportedSet& set, std::string& skip) {
  const std::string_view order = trim(f[col.set_order]);
  // Not working sets, bfr-facts §5: warm-ups and the rest timer's rows.
  if (order == "W") {
    skip = "warm-up set";
    return std::nullopt;
  }
  if (order == "Rest Timer") {
    skip = "rest timer row";
    return std::nullopt;
  }
  const auto number = parse_count(order);
  if (!number || *number < 1) {
    return fmt::format("Set Order '{}' is not a number from 1, W or Rest Timer", order);
  }
  set.set_index = *number - 1;
  set.workout = std::string(trim(f[col.workout]));
  set.exercise = std::string(trim(f[col.exercise]));
  if (set.exercise.empty()) return "Exercise Name is empty";
  const auto start = parse_strong_time(trim(f[col.date]));
  if (!start) {
    return fmt::format("Date '{}' is not a date like '2025-07-26 07:06:00'", f[col.date]);
  }
  set.start = *start;
  if (auto error = row_unit(col, f, unit)) return error;
  if (auto error = read_weight(f[col.weight], unit, set)) return error;
  if (auto error = read_reps(f[col.reps], set)) return error;
  if (col.seconds) {
    if (auto error = read_duration(f[*col.seconds], set)) return error;
  }
  if (col.notes) set.notes = f[*col.notes];
  return std::nullopt;
}

}  // namespace

ImportResult import_strong_csv(std::string_view text, WeightUnit unit,
                               clinic::OneRmEquation equation) {
  const std::vector<CsvRecord> records = read_csv(text);
  if (records.empty()) throw ImportError("empty file: a Strong export starts with its header");
  if (!records.front().error.empty()) {
    throw ImportError("the header line is malformed: " + records.front().error);
  }
  const CsvColumns columns(records.front().fields);
  const StrongColumns col(columns);

  ImportResult result;
  result.format = "strong";
  result.equation = equation;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const CsvRecord& r = records[i];
    if (const auto error = record_shape_error(r, columns.count())) {
      result.rejected.push_back({r.line, *error});
      continue;
    }
    ImportedSet set;
    set.line = r.line;
    std::string skip;
    if (const auto error = read_row(col, r.fields, unit, set, skip)) {
      result.rejected.push_back({r.line, *error});
    } else if (!skip.empty()) {
      result.skipped.push_back({r.line, skip});
    } else {
      result.accepted.push_back(std::move(set));
    }
  }
  result.estimates = best_one_rep_max(result.accepted, equation);
  return result;
}

}  // namespace bfr::exchange

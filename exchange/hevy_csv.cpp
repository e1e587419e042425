#include "exchange/hevy_csv.hpp"

#include <fmt/format.h>

#include "exchange/csv.hpp"
#include "exchange/csv_columns.hpp"
#include "exchange/date_text.hpp"
#include "exchange/history_reader.hpp"
#include "exchange/set_checks.hpp"

namespace bfr::exchange {

std::string hevy_csv(const std::vector<Workout>& workouts) {
  std::string out = std::string(kHevyHeader) + "\n";
  for (const Workout& w : workouts) {
    for (const WorkoutSet& s : w.sets) {
      out += csv_row({w.title, format_hevy_time(w.start), format_hevy_time(w.end), w.description,
                      w.exercise, "", w.exercise_notes, fmt::format("{}", s.set_index), "normal",
                      s.weight_kg ? fmt::format("{}", *s.weight_kg) : "", fmt::format("{}", s.reps),
                      "", fmt::format("{}", s.duration_s), ""},
                     Quoting::kAlways);
    }
  }
  return out;
}

namespace {

struct HevyColumns {
  std::size_t title, start, exercise, set_index, set_type, reps, weight;
  WeightUnit unit;
  std::optional<std::size_t> duration, notes;

  explicit HevyColumns(const CsvColumns& c)
      : title(c.require("title", "Hevy")),
        start(c.require("start_time", "Hevy")),
        exercise(c.require("exercise_title", "Hevy")),
        set_index(c.require("set_index", "Hevy")),
        set_type(c.require("set_type", "Hevy")),
        reps(c.require("reps", "Hevy")),
        weight(0),
        unit(WeightUnit::kKg),
        duration(c.find("duration_seconds")),
        notes(c.find("exercise_notes")) {
    if (const auto kg = c.find("weight_kg")) {
      weight = *kg;
    } else if (const auto lbs = c.find("weight_lbs")) {
      weight = *lbs;
      unit = WeightUnit::kLb;
    } else {
      throw ImportError("not a Hevy export: the header has neither 'weight_kg' nor 'weight_lbs'");
    }
  }
};

// One row to a set: rejected with a reason when malformed, skipped when it
// is well formed but not a working set.
RowVerdict read_row(const HevyColumns& col, const std::vector<std::string>& f, ImportedSet& set) {
  set.workout = std::string(trim(f[col.title]));
  set.exercise = std::string(trim(f[col.exercise]));
  if (set.exercise.empty()) return {"exercise_title is empty", {}};
  const auto start = parse_hevy_time(trim(f[col.start]));
  if (!start) {
    return {fmt::format("start_time '{}' is not a date like '26 Jul 2025, 07:06'", f[col.start]),
            {}};
  }
  set.start = *start;
  const auto index = parse_count(f[col.set_index]);
  if (!index) {
    return {fmt::format("set_index '{}' is not a whole number from 0", f[col.set_index]), {}};
  }
  set.set_index = *index;
  const std::string_view type = trim(f[col.set_type]);
  if (type == "warmup") return {{}, "warm-up set"};
  if (type != "normal" && type != "failure" && type != "dropset") {
    return {fmt::format("set_type '{}' is not warmup, normal, failure or dropset", type), {}};
  }
  if (auto error = read_weight(f[col.weight], col.unit, set)) return {error, {}};
  if (auto error = read_reps(f[col.reps], set)) return {error, {}};
  if (col.duration) {
    if (auto error = read_duration(f[*col.duration], set)) return {error, {}};
  }
  if (col.notes) set.notes = f[*col.notes];
  return {};
}

}  // namespace

ImportResult import_hevy_csv(std::string_view text, clinic::OneRmEquation equation) {
  return import_history(text, "hevy", "Hevy", equation, [](const CsvColumns& columns) -> RowReader {
    return [col = HevyColumns(columns)](const std::vector<std::string>& fields, ImportedSet& set) {
      return read_row(col, fields, set);
    };
  });
}

}  // namespace bfr::exchange

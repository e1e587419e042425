#include "exchange/set_checks.hpp"

#include <fmt/format.h>

#include "exchange/csv_columns.hpp"

namespace bfr::exchange {

std::optional<std::string> record_shape_error(const CsvRecord& record, std::size_t columns) {
  if (!record.error.empty()) return record.error;
  if (record.fields.size() != columns) {
    return fmt::format("{} fields where the header has {}", record.fields.size(), columns);
  }
  return std::nullopt;
}

std::optional<std::string> read_weight(std::string_view text, WeightUnit unit, ImportedSet& set) {
  if (trim(text).empty()) return std::nullopt;
  const auto value = parse_number(text);
  if (!value || *value < 0) return fmt::format("weight '{}' is not a number from 0", text);
  const double kg = unit == WeightUnit::kLb ? *value * kKgPerLb : *value;
  if (kg > clinic::kMaxPlausibleLoadKg) {
    return fmt::format("weight '{}' is above {:g} kg: a unit mix-up?", text,
                       clinic::kMaxPlausibleLoadKg);
  }
  set.weight_kg = kg;
  return std::nullopt;
}

std::optional<std::string> read_reps(std::string_view text, ImportedSet& set) {
  if (trim(text).empty()) return std::nullopt;
  const auto reps = parse_count(text);
  if (!reps) return fmt::format("reps '{}' is not a whole number from 0", text);
  set.reps = *reps;
  return std::nullopt;
}

std::optional<std::string> read_duration(std::string_view text, ImportedSet& set) {
  if (trim(text).empty()) return std::nullopt;
  const auto seconds = parse_number(text);
  if (!seconds || *seconds < 0) return fmt::format("duration '{}' is not seconds from 0", text);
  set.duration_s = *seconds;
  return std::nullopt;
}

}  // namespace bfr::exchange

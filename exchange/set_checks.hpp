#pragma once
// Checks of one imported set's fields, shared by the Hevy and Strong
// importers. Each returns the reason a field is refused, or nothing and
// stores the value.

#include <optional>
#include <string>
#include <string_view>

#include "exchange/csv.hpp"
#include "exchange/history_import.hpp"

namespace bfr::exchange {

// A malformed record or one whose field count differs from the header's.
std::optional<std::string> record_shape_error(const CsvRecord& record, std::size_t columns);

// Empty is "no load" (bodyweight); otherwise a number from 0 up to
// clinic::kMaxPlausibleLoadKg once converted to kg.
std::optional<std::string> read_weight(std::string_view text, WeightUnit unit, ImportedSet& set);
// Empty is "no reps" (a timed set); otherwise a whole number from 0.
std::optional<std::string> read_reps(std::string_view text, ImportedSet& set);
// Empty is "no duration"; otherwise seconds from 0.
std::optional<std::string> read_duration(std::string_view text, ImportedSet& set);

}  // namespace bfr::exchange

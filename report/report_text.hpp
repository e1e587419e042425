#pragma once
// Wording and number formats shared by both reports, so a value reads the same
// in every table, field and format.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "clinic/progression.hpp"
#include "clinic/records.hpp"
#include "clinic/screening.hpp"

namespace bfr::report {

std::string limb_label(const clinic::Limb& limb);  // "right thigh"
std::string posture_label(clinic::Posture posture);
std::string screening_outcome_label(clinic::ScreeningOutcome outcome);
std::string symptom_label(clinic::Symptom symptom);
std::string severity_label(clinic::Severity severity);

// "12.5" or "not recorded".
std::string number_or_not_recorded(const std::optional<double>& value, int decimals);
std::string seconds_as_minutes(double seconds);  // "4 min 05 s"

// "2026-11-22 13:40 UTC" from the store's "2026-11-22T13:40:12Z"; the text as
// it is when it is not a timestamp.
std::string readable_timestamp(std::string_view iso);

// The store's ISO 8601 UTC timestamps; nullopt when malformed.
std::optional<std::chrono::sys_seconds> parse_timestamp(std::string_view iso);

}  // namespace bfr::report

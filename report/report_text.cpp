#include "report/report_text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "clinic/enum_text.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::report {

std::string limb_label(const clinic::Limb& limb) {
  const char* side = limb.side == clinic::LimbSide::kLeft ? "left" : "right";
  const char* segment = limb.segment == clinic::LimbSegment::kThigh ? "thigh" : "upper arm";
  return fmt::format("{} {}", side, segment);
}

std::string posture_label(clinic::Posture posture) {
  return std::string(clinic::to_text(posture));
}

std::string screening_outcome_label(clinic::ScreeningOutcome outcome) {
  switch (outcome) {
    case clinic::ScreeningOutcome::kCleared:
      return "cleared";
    case clinic::ScreeningOutcome::kNeedsClinicianClearance:
      return "needs clinician clearance";
    case clinic::ScreeningOutcome::kContraindicated:
      return "contraindicated";
  }
  return "unknown";
}

std::string symptom_label(clinic::Symptom symptom) {
  switch (symptom) {
    case clinic::Symptom::kNumbness:
      return "numbness";
    case clinic::Symptom::kDizzinessOrFainting:
      return "dizziness or fainting";
    case clinic::Symptom::kBruising:
      return "bruising";
    case clinic::Symptom::kUnusualPain:
      return "unusual pain";
    case clinic::Symptom::kExcessiveSoreness:
      return "excessive soreness";
  }
  return "unknown";
}

std::string severity_label(clinic::Severity severity) {
  switch (severity) {
    case clinic::Severity::kMild:
      return "mild";
    case clinic::Severity::kModerate:
      return "moderate";
    case clinic::Severity::kSevere:
      return "severe";
  }
  return "unknown";
}

std::string number_or_not_recorded(const std::optional<double>& value, int decimals) {
  if (!value) return "not recorded";
  return fmt::format("{:.{}f}", *value, decimals);
}

std::string seconds_as_minutes(double seconds) {
  const long total = std::lround(seconds);
  return fmt::format("{} min {:02} s", total / 60, total % 60);
}

std::string readable_timestamp(std::string_view iso) {
  if (!parse_timestamp(iso)) return std::string(iso);
  return fmt::format("{} {} UTC", iso.substr(0, 10), iso.substr(11, 5));
}

std::optional<std::chrono::sys_seconds> parse_timestamp(std::string_view iso) {
  if (!clinic::is_utc_timestamp(iso)) return std::nullopt;
  auto field = [&](std::size_t at, std::size_t width) {
    int value = 0;
    std::from_chars(iso.data() + at, iso.data() + at + width, value);
    return value;
  };
  const std::chrono::year_month_day day{std::chrono::year{field(0, 4)},
                                        std::chrono::month{static_cast<unsigned>(field(5, 2))},
                                        std::chrono::day{static_cast<unsigned>(field(8, 2))}};
  return std::chrono::sys_days{day} + std::chrono::hours{field(11, 2)} +
         std::chrono::minutes{field(14, 2)} + std::chrono::seconds{field(17, 2)};
}

}  // namespace bfr::report

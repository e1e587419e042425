#include "clinic/clinician_entries.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "clinic/programme_json.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::clinic {

std::string_view equation_name(OneRmEquation equation) {
  return equation == OneRmEquation::kBrzycki ? "brzycki" : "epley";
}

std::optional<OneRmEquation> parse_equation(std::string_view name) {
  if (name == "epley") return OneRmEquation::kEpley;
  if (name == "brzycki") return OneRmEquation::kBrzycki;
  return std::nullopt;
}

Result<OneRepMaxRecord> one_rep_max_record(const OneRepMaxEntry& entry) {
  using R = Result<OneRepMaxRecord>;
  const bool entered = entry.one_rep_max_kg.has_value();
  const bool tested = entry.test_load_kg.has_value() || entry.test_reps.has_value();
  if (entered == tested) {
    return R::failure("give either the 1RM itself or a test load with its repetitions");
  }
  if (entry.exercise.find_first_not_of(" \t") == std::string::npos) {
    return R::failure("name the exercise, as the programme does");
  }
  OneRepMaxRecord record;
  record.patient_id = entry.patient_id;
  record.exercise = entry.exercise;
  record.recorded_at = entry.recorded_at;
  if (entered) {
    const Result<double> valid = validate_one_rep_max(*entry.one_rep_max_kg);
    if (!valid.ok()) return R::failure(valid.error);
    record.one_rep_max_kg = *valid.value;
    record.method = "entered";
    return R::success(std::move(record));
  }
  if (!entry.test_load_kg || !entry.test_reps) {
    return R::failure("a submaximal test needs both its load and its repetitions");
  }
  const Result<double> estimate =
      estimate_one_rep_max(*entry.test_load_kg, *entry.test_reps, entry.equation);
  if (!estimate.ok()) return R::failure(estimate.error);
  record.one_rep_max_kg = *estimate.value;
  record.method = std::string(equation_name(entry.equation));
  record.test_load_kg = entry.test_load_kg;
  record.test_reps = entry.test_reps;
  return R::success(std::move(record));
}

Result<ScreeningOverrideRecord> screening_override_record(
    const std::optional<ScreeningRecord>& newest_screening, const std::string& patient_name,
    const LimbKey& limb, std::string clinician, std::string reason, std::string given_at) {
  using R = Result<ScreeningOverrideRecord>;
  if (!newest_screening)
    return R::failure(fmt::format("{} has no screening to override", patient_name));
  const auto judged = std::find_if(newest_screening->limbs.begin(), newest_screening->limbs.end(),
                                   [&](const ScreeningLimbRecord& l) {
                                     return l.side == limb.side && l.segment == limb.segment;
                                   });
  if (judged == newest_screening->limbs.end()) {
    return R::failure(fmt::format("screening {} did not judge the {}: screen it first",
                                  newest_screening->id, limb_display_name(limb)));
  }
  if (judged->outcome == "cleared") {
    return R::failure(fmt::format("the {} is cleared by screening {}: no override is needed",
                                  limb_display_name(limb), newest_screening->id));
  }
  return R::success(ScreeningOverrideRecord{0, newest_screening->id, limb.side, limb.segment,
                                            std::move(clinician), std::move(reason),
                                            std::move(given_at)});
}

std::optional<std::string> override_expires_at(const ScreeningRecord& screening) {
  const auto taken = parse_utc_timestamp(screening.taken_at);
  if (!taken) return std::nullopt;
  return format_utc_timestamp(*taken + std::chrono::days{screening.validity_days});
}

Result<ProgrammeAssignment> programme_assignment(std::int64_t patient_id,
                                                 const Programme& programme, std::string source,
                                                 const std::string& started_at, int phase_number) {
  using R = Result<ProgrammeAssignment>;
  const int phases = static_cast<int>(programme.phases.size());
  if (phase_number < 1 || phase_number > phases) {
    return R::failure(fmt::format("'{}' has phases 1 to {}", programme.name, phases));
  }
  return R::success(ProgrammeAssignment{0, patient_id, programme.name, std::move(source),
                                        programme_to_json(programme).dump(), phase_number - 1,
                                        started_at, started_at});
}

Result<ProgrammeAssignment> change_programme_phase(Repository& repository, const Patient& patient,
                                                   int phase_number, const std::string& at) {
  using R = Result<ProgrammeAssignment>;
  const auto assignment = repository.current_programme(patient.id);
  if (!assignment) return R::failure(fmt::format("{} has no programme", patient.display_name));
  const Result<Programme> programme = programme_from_json_text(assignment->programme_json);
  if (!programme.ok()) return R::failure(programme.error);
  const int phases = static_cast<int>(programme.value->phases.size());
  if (phase_number < 1 || phase_number > phases) {
    return R::failure(fmt::format("'{}' has phases 1 to {}", programme.value->name, phases));
  }
  repository.set_programme_phase(assignment->id, phase_number - 1, at);
  return R::success(*repository.get_programme_assignment(assignment->id));
}

}  // namespace bfr::clinic

#include "server/clinic_entries_api.hpp"

#include <fmt/format.h>

#include <utility>

#include "clinic/clinician_entries.hpp"
#include "clinic/enum_text.hpp"
#include "clinic/lop_estimate.hpp"
#include "clinic/programme_catalogue.hpp"
#include "clinic/programme_json.hpp"
#include "clinic/record_validation.hpp"
#include "clinic/timestamp.hpp"
#include "core/lop_prediction.hpp"
#include "server/api_error.hpp"
#include "server/clinic_api.hpp"
#include "server/clinic_route_support.hpp"
#include "server/json_input.hpp"

namespace bfr::server::clinic_entries_api {

namespace {

using nlohmann::json;

template <typename T>
json optional_json(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

// A date from a date field ("2025-03-03", midnight UTC) or a whole UTC time.
std::string start_time(const json& body, std::chrono::sys_seconds now) {
  const auto text = string_field(body, "started_at");
  if (!text) return clinic::format_utc_timestamp(now);
  const std::string full = text->size() == 10 ? *text + "T00:00:00Z" : *text;
  const auto parsed = clinic::parse_utc_timestamp(full);
  if (!parsed) {
    throw ApiError(400, fmt::format("'started_at' '{}' must be a date like 2025-03-03 or a UTC "
                                    "time like 2025-03-03T09:00:00Z",
                                    *text));
  }
  return clinic::format_utc_timestamp(*parsed);
}

json one_rep_max_json(const clinic::OneRepMaxRecord& r) {
  return {{"id", r.id},
          {"exercise", r.exercise},
          {"one_rep_max_kg", r.one_rep_max_kg},
          {"method", r.method},
          {"test_load_kg", optional_json(r.test_load_kg)},
          {"test_reps", optional_json(r.test_reps)},
          {"recorded_at", r.recorded_at}};
}

}  // namespace

json override_json(const clinic::ScreeningOverrideRecord& given,
                   const clinic::ScreeningRecord& screening) {
  return {{"id", given.id},
          {"screening_id", given.screening_id},
          {"limb", clinic_api::limb_text(given.side, given.segment)},
          {"clinician", given.clinician},
          {"reason", given.reason},
          {"given_at", given.given_at},
          {"expires_at", optional_json(clinic::override_expires_at(screening))}};
}

json programme_templates() {
  json list = json::array();
  for (const clinic::ProgrammeTemplate& entry : clinic::programme_catalogue()) {
    list.push_back({{"key", entry.key}, {"programme", clinic::programme_to_json(entry.programme)}});
  }
  return list;
}

json current_programme(clinic::Repository& repository, std::int64_t patient_id) {
  const clinic::Patient patient = require_patient(repository, patient_id);
  const auto assignment = repository.current_programme(patient_id);
  if (!assignment) throw ApiError(404, fmt::format("{} has no programme", patient.display_name));
  const clinic::Result<clinic::Programme> programme =
      clinic::programme_from_json_text(assignment->programme_json);
  json phases = json::array();
  if (programme.ok()) {
    for (const clinic::Phase& phase : programme.value->phases) {
      json exercises = json::array();
      for (const clinic::Exercise& e : phase.exercises) exercises.push_back(e.name);
      phases.push_back({{"name", phase.name}, {"goal", phase.goal}, {"exercises", exercises}});
    }
  }
  return {{"id", assignment->id},
          {"programme_name", assignment->programme_name},
          {"source", assignment->source},
          {"phase", assignment->current_phase + 1},
          {"started_at", assignment->started_at},
          {"phase_started_at", assignment->phase_started_at},
          {"phases", phases}};
}

json assign_programme(clinic::Repository& repository, std::int64_t patient_id, const json& body,
                      std::chrono::sys_seconds now) {
  require_fields(body, {"template", "started_at", "phase"}, "a programme assignment");
  const std::string name = required_string(body, "template");
  const int phase = int_field(body, "phase").value_or(1);
  const std::string at = start_time(body, now);
  const clinic::Patient patient = require_patient(repository, patient_id);
  const auto programme = clinic::find_programme_template(name);
  if (!programme) {
    throw ApiError(400, fmt::format("no programme template '{}' (templates: {})", name,
                                    clinic::programme_template_keys()));
  }
  clinic::Result<clinic::ProgrammeAssignment> entry =
      clinic::programme_assignment(patient.id, *programme, "template", at, phase);
  if (!entry.ok()) throw ApiError(400, entry.error);
  as_bad_request([&] { return repository.assign_programme(*entry.value); });
  return current_programme(repository, patient_id);
}

json change_phase(clinic::Repository& repository, std::int64_t patient_id, const json& body,
                  std::chrono::sys_seconds now) {
  require_fields(body, {"phase"}, "a phase change");
  const std::optional<int> phase = int_field(body, "phase");
  if (!phase) throw ApiError(400, "'phase' is required (from 1)");
  const clinic::Patient patient = require_patient(repository, patient_id);
  const clinic::Result<clinic::ProgrammeAssignment> changed = as_bad_request([&] {
    return clinic::change_programme_phase(repository, patient, *phase,
                                          clinic::format_utc_timestamp(now));
  });
  if (!changed.ok()) {
    // No programme to move is a state the patient is in, not a bad request.
    const bool none = !repository.current_programme(patient_id).has_value();
    throw ApiError(none ? 409 : 400, changed.error);
  }
  return current_programme(repository, patient_id);
}

json one_rep_maxes(clinic::Repository& repository, std::int64_t patient_id) {
  require_patient(repository, patient_id);
  json list = json::array();
  for (const clinic::OneRepMaxRecord& r : repository.one_rep_maxes_of(patient_id)) {
    list.push_back(one_rep_max_json(r));
  }
  return list;
}

json add_one_rep_max(clinic::Repository& repository, std::int64_t patient_id, const json& body,
                     std::chrono::sys_seconds now) {
  require_fields(body, {"exercise", "one_rep_max_kg", "test_load_kg", "test_reps", "equation"},
                 "a 1RM");
  clinic::OneRepMaxEntry entry;
  entry.patient_id = patient_id;
  entry.exercise = required_string(body, "exercise");
  entry.one_rep_max_kg = number_field(body, "one_rep_max_kg");
  entry.test_load_kg = number_field(body, "test_load_kg");
  entry.test_reps = int_field(body, "test_reps");
  if (const auto name = string_field(body, "equation")) {
    const auto equation = clinic::parse_equation(*name);
    if (!equation) throw ApiError(400, "'equation' must be \"epley\" or \"brzycki\"");
    if (entry.one_rep_max_kg) throw ApiError(400, "'equation' goes with a test, not a 1RM given");
    entry.equation = *equation;
  }
  entry.recorded_at = clinic::format_utc_timestamp(now);
  require_patient(repository, patient_id);
  clinic::Result<clinic::OneRepMaxRecord> record = clinic::one_rep_max_record(entry);
  if (!record.ok()) throw ApiError(400, record.error);
  record.value->id = as_bad_request([&] { return repository.add_one_rep_max(*record.value); });
  for (const clinic::OneRepMaxRecord& stored : repository.one_rep_maxes_of(patient_id)) {
    if (stored.id == record.value->id) return one_rep_max_json(stored);
  }
  return one_rep_max_json(*record.value);
}

json add_override(clinic::Repository& repository, std::int64_t patient_id, const json& body,
                  const std::string& clinician, std::chrono::sys_seconds now) {
  require_fields(body, {"limb", "reason"}, "a screening override");
  const clinic::LimbKey limb = clinic_api::parse_limb_key(required_string(body, "limb"));
  const std::string reason = required_string(body, "reason");
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw ApiError(400, "'reason' must say why training is safe anyway");
  }
  const clinic::Patient patient = require_patient(repository, patient_id);
  const auto screening = repository.latest_screening(patient_id);
  clinic::Result<clinic::ScreeningOverrideRecord> entry = clinic::screening_override_record(
      screening, patient.display_name, limb, clinician, reason, clinic::format_utc_timestamp(now));
  if (!entry.ok()) throw ApiError(409, entry.error);
  entry.value->id = as_bad_request([&] { return repository.add_screening_override(*entry.value); });
  return override_json(*entry.value, *screening);
}

json estimate_error_json(clinic::LimbSegment segment, double cuff_width_cm, double lop_mmhg) {
  const auto error = clinic::estimate_error_for(segment, cuff_width_cm);
  if (!error) return nullptr;
  const double half = core::kZ95 * error->standard_error_mmhg;
  return {{"equation", error->equation},
          {"citation", error->citation},
          {"standard_error_mmhg", error->standard_error_mmhg},
          {"interval_95_mmhg", {lop_mmhg - half, lop_mmhg + half}},
          {"r_squared", error->r_squared},
          {"n", error->n}};
}

json estimate_lop(clinic::Repository& repository, std::int64_t patient_id, const json& body,
                  std::chrono::sys_seconds now) {
  require_fields(body, {"limb", "cuff_width_cm", "posture"}, "a LOP estimate");
  const clinic::LimbKey key = clinic_api::parse_limb_key(required_string(body, "limb"));
  const double cuff_width_cm = required_number(body, "cuff_width_cm");
  clinic::Posture posture = clinic::Posture::kSeated;
  if (const auto text = string_field(body, "posture")) {
    const auto parsed = clinic::parse_posture(*text);
    if (!parsed) throw ApiError(400, "'posture' must be seated, supine or standing");
    posture = *parsed;
  }
  const clinic::Patient patient = require_patient(repository, patient_id);
  std::optional<clinic::Limb> limb;
  for (const clinic::Limb& l : repository.limbs_of(patient_id)) {
    if (l.side == key.side && l.segment == key.segment) limb = l;
  }
  if (!limb) {
    throw ApiError(404, fmt::format("{} has no {} on record", patient.display_name,
                                    clinic_api::limb_text(key.side, key.segment)));
  }
  const int year = static_cast<int>(
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now)}.year());
  clinic::Result<clinic::LopEstimateEntry> entry = clinic::estimate_lop(
      patient, *limb, cuff_width_cm, posture, year, clinic::format_utc_timestamp(now));
  if (!entry.ok()) throw ApiError(409, entry.error);
  clinic::LopMeasurement& m = entry.value->record;
  as_bad_request([&] {
    clinic::validate_new_lop_measurement(m);
    m.id = repository.add_lop_measurement(m);
  });
  return {{"id", m.id},
          {"limb", clinic_api::limb_text(limb->side, limb->segment)},
          {"measured_at", m.measured_at},
          {"method", clinic::to_text(m.method)},
          {"lop_mmhg", *m.lop_mmhg},
          {"quality", m.quality},
          {"posture", clinic::to_text(m.posture)},
          {"cuff_width_cm", m.cuff_width_cm},
          {"heart_rate_bpm", nullptr},
          {"abort_reason", m.abort_reason},
          {"estimate", estimate_error_json(limb->segment, m.cuff_width_cm, *m.lop_mmhg)}};
}

}  // namespace bfr::server::clinic_entries_api

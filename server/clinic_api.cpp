#include "server/clinic_api.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "clinic/enum_text.hpp"
#include "clinic/record_validation.hpp"
#include "clinic/screening_store.hpp"
#include "clinic/timestamp.hpp"
#include "server/api_error.hpp"
#include "server/clinic_entries_api.hpp"
#include "server/clinic_route_support.hpp"
#include "server/json_input.hpp"

namespace bfr::server::clinic_api {

using nlohmann::json;

std::string limb_text(clinic::LimbSide side, clinic::LimbSegment segment) {
  return fmt::format("{}_{}", clinic::to_text(side), clinic::to_text(segment));
}

// "right_thigh", "left_upper_arm".
clinic::LimbKey parse_limb_key(std::string_view text) {
  const std::size_t split = text.find('_');
  if (split != std::string_view::npos) {
    const auto side = clinic::parse_limb_side(text.substr(0, split));
    const auto segment = clinic::parse_limb_segment(text.substr(split + 1));
    if (side && segment) return clinic::LimbKey{*side, *segment};
  }
  throw ApiError(400, fmt::format("limb '{}' must be left_thigh, right_thigh, left_upper_arm or "
                                  "right_upper_arm",
                                  text));
}

namespace {

json patient_json(clinic::Repository& repository, const clinic::Patient& p) {
  json limbs = json::array();
  for (const clinic::Limb& limb : repository.limbs_of(p.id)) {
    limbs.push_back({{"id", limb.id},
                     {"limb", limb_text(limb.side, limb.segment)},
                     {"circumference_cm", limb.circumference_cm}});
  }
  return {{"id", p.id},
          {"name", p.display_name},
          {"birth_year", p.birth_year},
          {"sex", clinic::to_text(p.sex)},
          {"resting_sbp_mmhg", p.resting_sbp_mmhg},
          {"resting_dbp_mmhg", p.resting_dbp_mmhg},
          {"resting_hr_bpm", p.resting_hr_bpm},
          {"notes", p.notes},
          {"created_at", p.created_at},
          {"limbs", limbs}};
}

constexpr std::array<std::string_view, 8> kPatientFields{
    "name",           "birth_year", "sex",  "resting_sbp_mmhg", "resting_dbp_mmhg",
    "resting_hr_bpm", "notes",      "limbs"};

// Applies the fields present in `body` to `patient`.
void apply_patient_fields(const json& body, clinic::Patient& patient) {
  if (auto name = string_field(body, "name")) patient.display_name = *name;
  if (auto year = int_field(body, "birth_year")) patient.birth_year = *year;
  if (auto sex = string_field(body, "sex")) {
    const auto parsed = clinic::parse_sex(*sex);
    if (!parsed) throw ApiError(400, "'sex' must be \"female\" or \"male\"");
    patient.sex = *parsed;
  }
  if (auto sbp = number_field(body, "resting_sbp_mmhg")) patient.resting_sbp_mmhg = *sbp;
  if (auto dbp = number_field(body, "resting_dbp_mmhg")) patient.resting_dbp_mmhg = *dbp;
  if (auto hr = number_field(body, "resting_hr_bpm")) patient.resting_hr_bpm = *hr;
  if (auto notes = string_field(body, "notes")) patient.notes = *notes;
}

// The limbs of a request, checked against each other and the ones on record.
std::vector<clinic::Limb> parse_new_limbs(const json& body,
                                          const std::vector<clinic::Limb>& on_record) {
  std::vector<clinic::Limb> limbs;
  const auto found = body.find("limbs");
  if (found == body.end() || found->is_null()) return limbs;
  if (!found->is_array()) throw ApiError(400, "'limbs' must be an array");
  for (const json& item : *found) {
    require_fields(item, {"limb", "circumference_cm"}, "a limb");
    const clinic::LimbKey key = parse_limb_key(required_string(item, "limb"));
    clinic::Limb limb{0, 0, key.side, key.segment, required_number(item, "circumference_cm")};
    as_bad_request([&] { clinic::validate_new_limb(limb); });
    const std::string name = limb_text(limb.side, limb.segment);
    for (const std::vector<clinic::Limb>* list : {&std::as_const(limbs), &on_record}) {
      for (const clinic::Limb& other : *list) {
        if (other.side == limb.side && other.segment == limb.segment) {
          throw ApiError(400, fmt::format("the limb {} is given twice or already on record", name));
        }
      }
    }
    limbs.push_back(limb);
  }
  return limbs;
}

void require_unique_name(clinic::Repository& repository, const clinic::Patient& patient) {
  const auto same = repository.find_patient_by_name(patient.display_name);
  if (same && same->id != patient.id) {
    throw ApiError(409, fmt::format("a patient named '{}' exists already (id {})",
                                    patient.display_name, same->id));
  }
}

clinic::Answer parse_answer(const json& value, const std::string& where) {
  if (value == "yes") return clinic::Answer::kYes;
  if (value == "no") return clinic::Answer::kNo;
  throw ApiError(400, fmt::format("answer {} must be \"yes\" or \"no\"", where));
}

json screening_json(const clinic::ScreeningRecord& record) {
  json limbs = json::array();
  for (const clinic::ScreeningLimbRecord& limb : record.limbs) {
    json reasons = json::array();
    for (const auto& reason : limb.reasons) {
      reasons.push_back({{"level", reason.level}, {"text", reason.text}});
    }
    limbs.push_back({{"limb", limb_text(limb.side, limb.segment)},
                     {"outcome", limb.outcome},
                     {"reasons", reasons}});
  }
  return {{"id", record.id},
          {"patient_id", record.patient_id},
          {"taken_at", record.taken_at},
          {"validity_days", record.validity_days},
          {"age_years", record.age_years},
          {"dvt_risk_points", record.dvt_risk_points},
          {"limbs", limbs}};
}

std::string status_of(const clinic::ScreeningRecord& record, const clinic::Patient& patient,
                      std::chrono::sys_seconds now) {
  const auto screening = clinic::screening_from_record(record);
  const auto fingerprint = clinic::current_answers_fingerprint(record, patient);
  if (!screening.ok() || !fingerprint.ok()) return "unreadable";
  return std::string(clinic::status_text(clinic::screening_status(
      *screening.value, *fingerprint.value, now, std::chrono::days{record.validity_days})));
}

}  // namespace

json list_patients(clinic::Repository& repository) {
  json list = json::array();
  for (const clinic::Patient& p : repository.list_patients()) {
    list.push_back(patient_json(repository, p));
  }
  return list;
}

json get_patient(clinic::Repository& repository, std::int64_t id) {
  return patient_json(repository, require_patient(repository, id));
}

json add_patient(clinic::Repository& repository, const json& body) {
  require_fields(body, kPatientFields, "a patient");
  // Every field a new patient needs must be there: absent is not zero.
  for (const char* name : {"name", "sex"}) required_string(body, name);
  required_int(body, "birth_year");
  for (const char* name : {"resting_sbp_mmhg", "resting_dbp_mmhg", "resting_hr_bpm"}) {
    required_number(body, name);
  }
  clinic::Patient patient;
  apply_patient_fields(body, patient);
  const std::vector<clinic::Limb> limbs = parse_new_limbs(body, {});
  as_bad_request([&] { clinic::validate_new_patient(patient); });
  require_unique_name(repository, patient);
  patient.id = as_bad_request([&] { return repository.add_patient(patient); });
  for (clinic::Limb limb : limbs) {
    limb.patient_id = patient.id;
    repository.add_limb(limb);
  }
  return get_patient(repository, patient.id);
}

json edit_patient(clinic::Repository& repository, std::int64_t id, const json& body) {
  require_fields(body, kPatientFields, "a patient");
  clinic::Patient patient = require_patient(repository, id);
  apply_patient_fields(body, patient);
  const std::vector<clinic::Limb> limbs = parse_new_limbs(body, repository.limbs_of(id));
  as_bad_request([&] { clinic::validate_patient_update(patient); });
  require_unique_name(repository, patient);
  as_bad_request([&] { repository.update_patient(patient); });
  for (clinic::Limb limb : limbs) {
    limb.patient_id = id;
    repository.add_limb(limb);
  }
  json answer = get_patient(repository, id);
  bool voided = false;
  if (const auto screening = repository.latest_screening(id)) {
    const auto current = clinic::current_answers_fingerprint(*screening, patient);
    voided = current.ok() && *current.value != screening->answers_fingerprint;
  }
  answer["screening_voided"] = voided;
  return answer;
}

json screening_questions() {
  json patient = json::array();
  for (const std::string_view key : clinic::patient_question_keys()) patient.push_back(key);
  json limb = json::array();
  for (const std::string_view key : clinic::limb_question_keys()) limb.push_back(key);
  return {{"patient", patient}, {"limb", limb}};
}

json add_screening(clinic::Repository& repository, std::int64_t patient_id, const json& body,
                   std::chrono::sys_seconds now) {
  require_fields(body, {"patient", "limbs", "valid_days"}, "a screening");
  const clinic::Patient patient = require_patient(repository, patient_id);
  const int valid_days = int_field(body, "valid_days").value_or(30);
  if (valid_days < 1 || valid_days > 365) throw ApiError(400, "'valid_days' must be 1 to 365");

  clinic::ScreeningAnswers answers;
  const json patient_answers = body.value("patient", json::object());
  if (!patient_answers.is_object()) throw ApiError(400, "'patient' must be an object");
  for (const auto& [key, value] : patient_answers.items()) {
    if (!clinic::set_patient_answer(answers.patient, key, parse_answer(value, key))) {
      throw ApiError(400, fmt::format("unknown patient question '{}'", key));
    }
  }
  const json limb_answers = body.value("limbs", json::object());
  if (!limb_answers.is_object() || limb_answers.empty()) {
    throw ApiError(400, "'limbs' must be an object with at least one limb");
  }
  const std::vector<clinic::Limb> on_record = repository.limbs_of(patient_id);
  for (const auto& [limb_name, questions] : limb_answers.items()) {
    const clinic::LimbKey key = parse_limb_key(limb_name);
    const bool known = std::any_of(on_record.begin(), on_record.end(), [&](const auto& limb) {
      return limb.side == key.side && limb.segment == key.segment;
    });
    if (!known) {
      throw ApiError(400, fmt::format("{} has no {} on record", patient.display_name, limb_name));
    }
    if (!questions.is_object()) {
      throw ApiError(400, fmt::format("the answers for {} must be an object", limb_name));
    }
    clinic::LimbAnswers& target = answers.limbs.emplace_back(clinic::LimbAnswers{.limb = key});
    for (const auto& [question, value] : questions.items()) {
      if (!clinic::set_limb_answer(target, question,
                                   parse_answer(value, limb_name + "." + question))) {
        throw ApiError(400, fmt::format("unknown limb question '{}'", question));
      }
    }
  }
  answers = clinic::with_patient_values(answers, patient);
  const auto screening = clinic::evaluate_screening(answers, now);
  if (!screening.ok()) throw ApiError(400, fmt::format("screening refused: {}", screening.error));
  clinic::ScreeningRecord record =
      clinic::screening_record(patient_id, answers, *screening.value, valid_days);
  record.id = as_bad_request([&] { return repository.add_screening(record); });
  return latest_screening(repository, patient_id, now);
}

json latest_screening(clinic::Repository& repository, std::int64_t patient_id,
                      std::chrono::sys_seconds now) {
  const clinic::Patient patient = require_patient(repository, patient_id);
  const auto record = repository.latest_screening(patient_id);
  if (!record) throw ApiError(404, fmt::format("{} has no screening", patient.display_name));
  json answer = screening_json(*record);
  answer["status"] = status_of(*record, patient, now);
  json overrides = json::array();
  for (const clinic::ScreeningOverrideRecord& given : repository.overrides_of(record->id)) {
    overrides.push_back(clinic_entries_api::override_json(given, *record));
  }
  answer["overrides"] = overrides;
  return answer;
}

json lop_measurements(clinic::Repository& repository, std::int64_t patient_id) {
  require_patient(repository, patient_id);
  json list = json::array();
  for (const clinic::Limb& limb : repository.limbs_of(patient_id)) {
    for (const clinic::LopMeasurement& m : repository.lop_measurements_of(limb.id)) {
      list.push_back(
          {{"id", m.id},
           {"limb", limb_text(limb.side, limb.segment)},
           {"measured_at", m.measured_at},
           {"method", clinic::to_text(m.method)},
           {"lop_mmhg", m.lop_mmhg ? json(*m.lop_mmhg) : json(nullptr)},
           {"quality", m.quality},
           {"posture", clinic::to_text(m.posture)},
           {"cuff_width_cm", m.cuff_width_cm},
           {"heart_rate_bpm", m.heart_rate_bpm ? json(*m.heart_rate_bpm) : json(nullptr)},
           {"abort_reason", m.abort_reason},
           // An estimate carries its equation's published error; a
           // measurement has none of that.
           {"estimate", m.method == clinic::LopMethod::kEstimated && m.lop_mmhg
                            ? clinic_entries_api::estimate_error_json(limb.segment, m.cuff_width_cm,
                                                                      *m.lop_mmhg)
                            : json(nullptr)}});
    }
  }
  return list;
}

}  // namespace bfr::server::clinic_api

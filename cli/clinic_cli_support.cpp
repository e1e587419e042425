#include "cli/clinic_cli_support.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <functional>

#include "cli/output_words.hpp"
#include "clinic/enum_text.hpp"
#include "clinic/record_json.hpp"
#include "clinic/session_plan.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::cli {

namespace {

std::string url_or_default(const std::string& database) {
  return database.empty() ? clinic::default_database_path() : database;
}

}  // namespace

int with_usage_errors(const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& error) {
    fmt::print(stderr, "error: {}\n", error.what());
    return 2;
  }
}

clinic::SymptomRecord parse_symptom_flag(const std::string& flag) {
  const std::size_t colon = flag.find(':');
  const std::string name = flag.substr(0, colon);
  const std::string severity = colon == std::string::npos ? "" : flag.substr(colon + 1);
  if (!clinic::parse_symptom(name) || !clinic::parse_severity(severity)) {
    throw UsageError(fmt::format(
        "--symptom {}: use NAME:SEVERITY with NAME one of numbness, dizziness_or_fainting, "
        "bruising, unusual_pain, excessive_soreness and SEVERITY mild, moderate or severe",
        flag));
  }
  return clinic::SymptomRecord{0, 0, name, severity, "", ""};
}

void add_database_option(CLI::App& command, std::string& database) {
  command.add_option("--db", database,
                     "Database: a file, sqlite:///path or postgresql://... URL (default: "
                     "$XDG_DATA_HOME/openbfr/openbfr.db)");
}

std::unique_ptr<clinic::Repository> open_store(const std::string& database) {
  return clinic::open_repository(url_or_default(database));
}

std::unique_ptr<clinic::Repository> open_existing_store(const std::string& database) {
  return clinic::open_existing_repository(url_or_default(database));
}

clinic::Patient find_patient(clinic::Repository& repository, const std::string& patient) {
  const bool digits = !patient.empty() && std::all_of(patient.begin(), patient.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
  if (digits && patient.size() <= 18) {
    if (auto found = repository.get_patient(std::stoll(patient))) return *found;
  }
  if (auto found = repository.find_patient_by_name(patient)) return *found;
  throw UsageError(
      fmt::format("no patient '{}' in {} (give an id or the exact name; "
                  "bfr patient list shows them)",
                  patient, repository.location()));
}

clinic::LimbKey parse_limb(std::string_view text) {
  for (const clinic::LimbSide side : {clinic::LimbSide::kLeft, clinic::LimbSide::kRight}) {
    for (const clinic::LimbSegment segment :
         {clinic::LimbSegment::kThigh, clinic::LimbSegment::kUpperArm}) {
      if (limb_key_text(side, segment) == text) return {side, segment};
    }
  }
  throw UsageError(fmt::format(
      "unknown limb '{}': use left_thigh, right_thigh, left_upper_arm or right_upper_arm", text));
}

std::string limb_key_text(clinic::LimbSide side, clinic::LimbSegment segment) {
  return fmt::format("{}_{}", clinic::to_text(side), clinic::to_text(segment));
}

clinic::Limb find_limb(clinic::Repository& repository, const clinic::Patient& patient,
                       const clinic::LimbKey& key) {
  for (const clinic::Limb& limb : repository.limbs_of(patient.id)) {
    if (limb.side == key.side && limb.segment == key.segment) return limb;
  }
  throw UsageError(
      fmt::format("{} has no {} on record: add it with bfr patient edit {} --limb "
                  "{}:CIRCUMFERENCE_CM",
                  patient.display_name, limb_key_text(key.side, key.segment), patient.id,
                  limb_key_text(key.side, key.segment)));
}

clinic::Posture parse_posture_arg(std::string_view text) {
  if (const auto posture = clinic::parse_posture(text)) return *posture;
  throw UsageError(fmt::format("unknown posture '{}': use supine, seated or standing", text));
}

std::chrono::sys_seconds time_arg(const std::string& at) {
  if (at.empty()) return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (const auto parsed = clinic::parse_utc_timestamp(at)) return *parsed;
  throw UsageError(fmt::format("--at '{}' is not a UTC time like 2025-03-03T09:00:00Z", at));
}

int year_of(std::chrono::sys_seconds time) {
  return static_cast<int>(
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(time)}.year());
}

nlohmann::json screening_json(const clinic::ScreeningRecord& record) {
  nlohmann::json limbs = nlohmann::json::array();
  for (const clinic::ScreeningLimbRecord& limb : record.limbs) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& reason : limb.reasons) {
      reasons.push_back({{"level", reason.level}, {"text", reason.text}});
    }
    limbs.push_back({{"limb", limb_key_text(limb.side, limb.segment)},
                     {"outcome", limb.outcome},
                     {"reasons", reasons}});
  }
  return {{"id", record.id},
          {"patient_id", record.patient_id},
          {"taken_at", record.taken_at},
          {"answers_fingerprint", record.answers_fingerprint},
          {"validity_days", record.validity_days},
          {"age_years", record.age_years},
          {"dvt_risk_points", record.dvt_risk_points},
          {"limbs", limbs}};
}

nlohmann::json override_json(const clinic::ScreeningOverrideRecord& given) {
  return {{"id", given.id},
          {"screening_id", given.screening_id},
          {"limb", limb_key_text(given.side, given.segment)},
          {"clinician", given.clinician},
          {"reason", given.reason},
          {"given_at", given.given_at}};
}

nlohmann::json one_rep_max_json(const clinic::OneRepMaxRecord& record) {
  return {{"id", record.id},
          {"patient_id", record.patient_id},
          {"exercise", record.exercise},
          {"one_rep_max_kg", record.one_rep_max_kg},
          {"method", record.method},
          {"test_load_kg", or_null(record.test_load_kg)},
          {"test_reps", or_null(record.test_reps)},
          {"recorded_at", record.recorded_at}};
}

nlohmann::json assignment_json(const clinic::ProgrammeAssignment& assignment) {
  return {{"id", assignment.id},
          {"patient_id", assignment.patient_id},
          {"programme_name", assignment.programme_name},
          {"source", assignment.source},
          {"current_phase", assignment.current_phase + 1},
          {"started_at", assignment.started_at},
          {"phase_started_at", assignment.phase_started_at}};
}

nlohmann::json symptom_json(const clinic::SymptomRecord& symptom) {
  return {{"id", symptom.id},
          {"session_id", symptom.session_id},
          {"symptom", symptom.symptom},
          {"severity", symptom.severity},
          {"noted_at", symptom.noted_at},
          {"note", symptom.note}};
}

nlohmann::json set_json(const clinic::SetRecord& set) {
  return to_json(set);
}

}  // namespace bfr::cli

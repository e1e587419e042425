// The SQLite backend's schema-v2 records: patient edits and listing, LOP
// look-ups, per-set feedback, symptoms, screenings with overrides, 1RM
// records and programme assignments. Semantics as in sqlite_repository.hpp.

#include <string>

#include <fmt/format.h>

#include "clinic/enum_text.hpp"
#include "clinic/record_rows.hpp"
#include "clinic/record_validation.hpp"
#include "clinic/sqlite_repository.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::clinic {

namespace {

using sqlite::Statement;
using sqlite::Transaction;

using record_rows::kCuffWidthToleranceCm;
using record_rows::limb_words;

}  // namespace

void SqliteRepository::update_patient(const Patient& patient) {
  validate_patient_update(patient);
  Transaction transaction(database_);
  require_row("patients", "patient", patient.id);
  if (const std::optional<Patient> named = find_patient_by_name(patient.display_name);
      named && named->id != patient.id) {
    throw StorageError(fmt::format("a patient named '{}' already exists (id {})",
                                   patient.display_name, named->id));
  }
  Statement update(database_,
                   "UPDATE patients SET display_name = ?, birth_year = ?, sex = ?, "
                   "resting_sbp_mmhg = ?, resting_dbp_mmhg = ?, resting_hr_bpm = ?, notes = ? "
                   "WHERE id = ?");
  update.bind_all(patient.display_name, patient.birth_year, to_text(patient.sex),
                  patient.resting_sbp_mmhg, patient.resting_dbp_mmhg, patient.resting_hr_bpm,
                  patient.notes, patient.id);
  update.run();
  transaction.commit();
}

std::vector<Patient> SqliteRepository::list_patients() {
  Statement select(
      database_, fmt::format("SELECT {} FROM patients ORDER BY id", record_rows::kPatientColumns));
  std::vector<Patient> patients;
  while (select.step()) patients.push_back(record_rows::read_patient(select));
  return patients;
}

std::vector<LopMeasurement> SqliteRepository::lop_measurements_of(std::int64_t limb_id) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("limbs", "limb", limb_id);
  Statement select(database_, fmt::format("SELECT {} FROM lop_measurements WHERE limb_id = ? "
                                          "ORDER BY measured_at, id",
                                          record_rows::kLopColumns));
  select.bind_all(limb_id);
  std::vector<LopMeasurement> measurements;
  while (select.step()) measurements.push_back(record_rows::read_lop_measurement(select));
  return measurements;
}

std::optional<LopMeasurement> SqliteRepository::latest_lop(std::int64_t limb_id, Posture posture,
                                                           double cuff_width_cm) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("limbs", "limb", limb_id);
  Statement select(database_,
                   fmt::format("SELECT {} FROM lop_measurements WHERE limb_id = ? AND posture = ? "
                               "AND abs(cuff_width_cm - ?) <= ? AND lop_mmhg IS NOT NULL "
                               "ORDER BY measured_at DESC, id DESC LIMIT 1",
                               record_rows::kLopColumns));
  select.bind_all(limb_id, to_text(posture), cuff_width_cm, kCuffWidthToleranceCm);
  if (!select.step()) return std::nullopt;
  return record_rows::read_lop_measurement(select);
}

void SqliteRepository::record_set_feedback(std::int64_t session_id, int set_index,
                                           const SetFeedback& feedback) {
  validate_set_feedback(feedback);
  Transaction transaction(database_);
  require_row("sessions", "session", session_id);
  Statement update(database_,
                   "UPDATE session_sets SET load_kg = coalesce(?, load_kg), "
                   "rpe_cr10 = coalesce(?, rpe_cr10), pain_0_10 = coalesce(?, pain_0_10) "
                   "WHERE session_id = ? AND set_index = ?");
  update.bind_all(feedback.load_kg, feedback.rpe_cr10, feedback.pain_0_10, session_id, set_index);
  update.run();
  Statement changed(database_, "SELECT changes()");
  changed.step();
  if (changed.int64(0) == 0) {
    throw StorageError(fmt::format("session {} has no set {}", session_id, set_index + 1));
  }
  transaction.commit();
}

std::int64_t SqliteRepository::add_symptom(const SymptomRecord& symptom) {
  validate_new_symptom(symptom);
  Transaction transaction(database_);
  require_row("sessions", "session", symptom.session_id);
  Statement insert(database_,
                   "INSERT INTO session_symptoms (session_id, symptom, severity, noted_at, note) "
                   "VALUES (?, ?, ?, ?, ?)");
  insert.bind_all(symptom.session_id, symptom.symptom, symptom.severity,
                  utc_timestamp_or_now(symptom.noted_at), symptom.note);
  insert.run();
  const std::int64_t id = database_.last_insert_id();
  transaction.commit();
  return id;
}

std::vector<SymptomRecord> SqliteRepository::symptoms_of(std::int64_t session_id) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("sessions", "session", session_id);
  Statement select(database_, fmt::format("SELECT {} FROM session_symptoms WHERE session_id = ? "
                                          "ORDER BY id",
                                          record_rows::kSymptomColumns));
  select.bind_all(session_id);
  std::vector<SymptomRecord> symptoms;
  while (select.step()) symptoms.push_back(record_rows::read_symptom(select));
  return symptoms;
}

std::int64_t SqliteRepository::add_screening(const ScreeningRecord& screening) {
  validate_new_screening(screening);
  Transaction transaction(database_);
  require_row("patients", "patient", screening.patient_id);
  Statement insert(database_,
                   "INSERT INTO screenings (patient_id, taken_at, answers_text, "
                   "answers_fingerprint, validity_days, age_years, dvt_risk_points) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind_all(screening.patient_id, utc_timestamp_or_now(screening.taken_at),
                  screening.answers_text, screening.answers_fingerprint, screening.validity_days,
                  screening.age_years, screening.dvt_risk_points);
  insert.run();
  const std::int64_t id = database_.last_insert_id();
  Statement limb_insert(database_,
                        "INSERT INTO screening_limbs (screening_id, side, segment, outcome) "
                        "VALUES (?, ?, ?, ?)");
  Statement reason_insert(database_,
                          "INSERT INTO screening_reasons (screening_id, side, segment, position, "
                          "level, text) VALUES (?, ?, ?, ?, ?, ?)");
  for (const ScreeningLimbRecord& limb : screening.limbs) {
    limb_insert.bind_all(id, to_text(limb.side), to_text(limb.segment), limb.outcome);
    limb_insert.run();
    limb_insert.reset();
    int position = 0;
    for (const ScreeningReasonRecord& reason : limb.reasons) {
      reason_insert.bind_all(id, to_text(limb.side), to_text(limb.segment), position++,
                             reason.level, reason.text);
      reason_insert.run();
      reason_insert.reset();
    }
  }
  transaction.commit();
  return id;
}

std::optional<ScreeningRecord> SqliteRepository::latest_screening(std::int64_t patient_id) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("patients", "patient", patient_id);
  Statement select(database_, fmt::format("SELECT {} FROM screenings WHERE patient_id = ? "
                                          "ORDER BY taken_at DESC, id DESC LIMIT 1",
                                          record_rows::kScreeningColumns));
  select.bind_all(patient_id);
  if (!select.step()) return std::nullopt;
  ScreeningRecord screening = record_rows::read_screening(select);

  Statement limbs(database_, fmt::format("SELECT {} FROM screening_limbs WHERE screening_id = ? "
                                         "ORDER BY side, segment",
                                         record_rows::kScreeningLimbColumns));
  limbs.bind_all(screening.id);
  while (limbs.step()) screening.limbs.push_back(record_rows::read_screening_limb(limbs));

  Statement reasons(database_,
                    fmt::format("SELECT {} FROM screening_reasons WHERE screening_id = ? "
                                "ORDER BY side, segment, position",
                                record_rows::kScreeningReasonColumns));
  reasons.bind_all(screening.id);
  while (reasons.step()) {
    for (ScreeningLimbRecord& limb : screening.limbs) {
      if (to_text(limb.side) == reasons.text(0) && to_text(limb.segment) == reasons.text(1)) {
        limb.reasons.push_back({reasons.text(2), reasons.text(3)});
      }
    }
  }
  return screening;
}

std::int64_t SqliteRepository::add_screening_override(const ScreeningOverrideRecord& given) {
  validate_new_override(given);
  Transaction transaction(database_);
  Statement screening(database_, "SELECT taken_at FROM screenings WHERE id = ?");
  screening.bind_all(given.screening_id);
  if (!screening.step()) {
    throw StorageError(fmt::format("unknown screening id {}", given.screening_id));
  }
  const std::string taken_at = screening.text(0);
  Statement judged(database_,
                   "SELECT 1 FROM screening_limbs WHERE screening_id = ? AND side = ? AND "
                   "segment = ?");
  judged.bind_all(given.screening_id, to_text(given.side), to_text(given.segment));
  if (!judged.step()) {
    throw StorageError(fmt::format("screening {} did not judge the {}: screen that limb first",
                                   given.screening_id, limb_words(given.side, given.segment)));
  }
  const std::string given_at = utc_timestamp_or_now(given.given_at);
  if (given_at < taken_at) {
    throw StorageError(fmt::format("screening override: given_at {} is before the screening at {}",
                                   given_at, taken_at));
  }
  Statement insert(database_,
                   "INSERT INTO screening_overrides (screening_id, side, segment, clinician, "
                   "reason, given_at) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind_all(given.screening_id, to_text(given.side), to_text(given.segment), given.clinician,
                  given.reason, given_at);
  insert.run();
  const std::int64_t id = database_.last_insert_id();
  transaction.commit();
  return id;
}

std::vector<ScreeningOverrideRecord> SqliteRepository::overrides_of(std::int64_t screening_id) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("screenings", "screening", screening_id);
  Statement select(database_, fmt::format("SELECT {} FROM screening_overrides "
                                          "WHERE screening_id = ? ORDER BY given_at, id",
                                          record_rows::kOverrideColumns));
  select.bind_all(screening_id);
  std::vector<ScreeningOverrideRecord> overrides;
  while (select.step()) overrides.push_back(record_rows::read_override(select));
  return overrides;
}

std::int64_t SqliteRepository::add_one_rep_max(const OneRepMaxRecord& record) {
  return add_one_rep_maxes({record}).front();
}

std::vector<std::int64_t> SqliteRepository::add_one_rep_maxes(
    const std::vector<OneRepMaxRecord>& records) {
  for (const OneRepMaxRecord& record : records) validate_new_one_rep_max(record);
  std::vector<std::int64_t> ids;
  ids.reserve(records.size());
  Transaction transaction(database_);
  for (const OneRepMaxRecord& record : records) {
    require_row("patients", "patient", record.patient_id);
    Statement insert(database_,
                     "INSERT INTO one_rep_maxes (patient_id, exercise, one_rep_max_kg, method, "
                     "test_load_kg, test_reps, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind_all(record.patient_id, record.exercise, record.one_rep_max_kg, record.method,
                    record.test_load_kg, record.test_reps,
                    utc_timestamp_or_now(record.recorded_at));
    insert.run();
    ids.push_back(database_.last_insert_id());
  }
  transaction.commit();
  return ids;
}

std::vector<OneRepMaxRecord> SqliteRepository::one_rep_maxes_of(std::int64_t patient_id) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("patients", "patient", patient_id);
  Statement select(database_, fmt::format("SELECT {} FROM one_rep_maxes WHERE patient_id = ? "
                                          "ORDER BY recorded_at, id",
                                          record_rows::kOneRepMaxColumns));
  select.bind_all(patient_id);
  std::vector<OneRepMaxRecord> records;
  while (select.step()) records.push_back(record_rows::read_one_rep_max(select));
  return records;
}

std::int64_t SqliteRepository::assign_programme(const ProgrammeAssignment& assignment) {
  validate_new_assignment(assignment);
  Transaction transaction(database_);
  require_row("patients", "patient", assignment.patient_id);
  const std::string started_at = utc_timestamp_or_now(assignment.started_at);
  const std::string phase_started_at =
      assignment.phase_started_at.empty() ? started_at : assignment.phase_started_at;
  if (phase_started_at < started_at) {
    throw StorageError(
        fmt::format("programme assignment: phase_started_at {} is before started_at {}",
                    phase_started_at, started_at));
  }
  Statement insert(database_,
                   "INSERT INTO programme_assignments (patient_id, programme_name, source, "
                   "programme_json, current_phase, started_at, phase_started_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind_all(assignment.patient_id, assignment.programme_name, assignment.source,
                  assignment.programme_json, assignment.current_phase, started_at,
                  phase_started_at);
  insert.run();
  const std::int64_t id = database_.last_insert_id();
  transaction.commit();
  return id;
}

std::optional<ProgrammeAssignment> SqliteRepository::current_programme(std::int64_t patient_id) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("patients", "patient", patient_id);
  Statement select(database_, fmt::format("SELECT {} FROM programme_assignments "
                                          "WHERE patient_id = ? ORDER BY id DESC LIMIT 1",
                                          record_rows::kAssignmentColumns));
  select.bind_all(patient_id);
  if (!select.step()) return std::nullopt;
  return record_rows::read_assignment(select);
}

std::optional<ProgrammeAssignment> SqliteRepository::get_programme_assignment(std::int64_t id) {
  Statement select(database_, fmt::format("SELECT {} FROM programme_assignments WHERE id = ?",
                                          record_rows::kAssignmentColumns));
  select.bind_all(id);
  if (!select.step()) return std::nullopt;
  return record_rows::read_assignment(select);
}

void SqliteRepository::set_programme_phase(std::int64_t assignment_id, int phase,
                                           const std::string& phase_started_at) {
  validate_phase_change(phase, phase_started_at);
  Transaction transaction(database_);
  Statement stored(database_, "SELECT started_at FROM programme_assignments WHERE id = ?");
  stored.bind_all(assignment_id);
  if (!stored.step()) {
    throw StorageError(fmt::format("unknown programme assignment id {}", assignment_id));
  }
  const std::string at = utc_timestamp_or_now(phase_started_at);
  if (at < stored.text(0)) {
    throw StorageError(fmt::format("programme phase: phase_started_at {} is before started_at {}",
                                   at, stored.text(0)));
  }
  Statement update(database_,
                   "UPDATE programme_assignments SET current_phase = ?, phase_started_at = ? "
                   "WHERE id = ?");
  update.bind_all(phase, at, assignment_id);
  update.run();
  transaction.commit();
}

}  // namespace bfr::clinic

// The PostgreSQL backend's schema-v2 records, with the checks and messages
// of sqlite_clinical_records.cpp.

#include <string>

#include <fmt/format.h>

#include "clinic/enum_text.hpp"
#include "clinic/postgres_repository.hpp"
#include "clinic/record_rows.hpp"
#include "clinic/record_validation.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::clinic {

namespace {

using postgres::inserted_id;
using postgres::kLockRow;
using postgres::require_row;
using postgres::Rows;

using record_rows::kCuffWidthToleranceCm;
using record_rows::limb_words;

template <typename Record, typename Read>
std::vector<Record> read_all(const Rows& rows, Read read) {
  std::vector<Record> records;
  records.reserve(rows.size());
  for (const postgres::Row& row : rows) records.push_back(read(row));
  return records;
}

}  // namespace

void PostgresRepository::update_patient(const Patient& patient) {
  validate_patient_update(patient);
  postgres::Transaction transaction(connection_);
  require_row(transaction, "patients", "patient", patient.id, kLockRow);
  const Rows named =
      transaction.query("SELECT id FROM patients WHERE display_name = $1", patient.display_name);
  if (!named.empty() && named.front().int64(0) != patient.id) {
    throw StorageError(fmt::format("a patient named '{}' already exists (id {})",
                                   patient.display_name, named.front().int64(0)));
  }
  transaction.query(
      "UPDATE patients SET display_name = $1, birth_year = $2, sex = $3, resting_sbp_mmhg = $4, "
      "resting_dbp_mmhg = $5, resting_hr_bpm = $6, notes = $7 WHERE id = $8",
      patient.display_name, patient.birth_year, to_text(patient.sex), patient.resting_sbp_mmhg,
      patient.resting_dbp_mmhg, patient.resting_hr_bpm, patient.notes, patient.id);
  transaction.commit();
}

std::vector<Patient> PostgresRepository::list_patients() {
  return read_all<Patient>(connection_.query(fmt::format("SELECT {} FROM patients ORDER BY id",
                                                         record_rows::kPatientColumns)),
                           [](const postgres::Row& row) { return record_rows::read_patient(row); });
}

std::vector<LopMeasurement> PostgresRepository::lop_measurements_of(std::int64_t limb_id) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "limbs", "limb", limb_id);
  return read_all<LopMeasurement>(
      snapshot.query(fmt::format("SELECT {} FROM lop_measurements WHERE limb_id = $1 "
                                 "ORDER BY measured_at, id",
                                 record_rows::kLopColumns),
                     limb_id),
      [](const postgres::Row& row) { return record_rows::read_lop_measurement(row); });
}

std::optional<LopMeasurement> PostgresRepository::latest_lop(std::int64_t limb_id, Posture posture,
                                                             double cuff_width_cm) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "limbs", "limb", limb_id);
  const Rows rows = snapshot.query(
      fmt::format("SELECT {} FROM lop_measurements WHERE limb_id = $1 AND posture = $2 "
                  "AND abs(cuff_width_cm - $3::double precision) <= $4::double precision "
                  "AND lop_mmhg IS NOT NULL ORDER BY measured_at DESC, id DESC LIMIT 1",
                  record_rows::kLopColumns),
      limb_id, to_text(posture), cuff_width_cm, kCuffWidthToleranceCm);
  if (rows.empty()) return std::nullopt;
  return record_rows::read_lop_measurement(rows.front());
}

void PostgresRepository::record_set_feedback(std::int64_t session_id, int set_index,
                                             const SetFeedback& feedback) {
  validate_set_feedback(feedback);
  postgres::Transaction transaction(connection_);
  require_row(transaction, "sessions", "session", session_id, kLockRow);
  const Rows changed = transaction.query(
      "UPDATE session_sets SET load_kg = coalesce($1::double precision, load_kg), "
      "rpe_cr10 = coalesce($2::double precision, rpe_cr10), "
      "pain_0_10 = coalesce($3::integer, pain_0_10) "
      "WHERE session_id = $4 AND set_index = $5 RETURNING 1",
      feedback.load_kg, feedback.rpe_cr10, feedback.pain_0_10, session_id, set_index);
  if (changed.empty()) {
    throw StorageError(fmt::format("session {} has no set {}", session_id, set_index + 1));
  }
  transaction.commit();
}

std::int64_t PostgresRepository::add_symptom(const SymptomRecord& symptom) {
  validate_new_symptom(symptom);
  postgres::Transaction transaction(connection_);
  require_row(transaction, "sessions", "session", symptom.session_id);
  const std::int64_t id = inserted_id(transaction.query(
      "INSERT INTO session_symptoms (session_id, symptom, severity, noted_at, note) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      symptom.session_id, symptom.symptom, symptom.severity, utc_timestamp_or_now(symptom.noted_at),
      symptom.note));
  transaction.commit();
  return id;
}

std::vector<SymptomRecord> PostgresRepository::symptoms_of(std::int64_t session_id) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "sessions", "session", session_id);
  return read_all<SymptomRecord>(
      snapshot.query(fmt::format("SELECT {} FROM session_symptoms WHERE session_id = $1 "
                                 "ORDER BY id",
                                 record_rows::kSymptomColumns),
                     session_id),
      [](const postgres::Row& row) { return record_rows::read_symptom(row); });
}

std::int64_t PostgresRepository::add_screening(const ScreeningRecord& screening) {
  validate_new_screening(screening);
  postgres::Transaction transaction(connection_);
  require_row(transaction, "patients", "patient", screening.patient_id);
  const std::int64_t id = inserted_id(transaction.query(
      "INSERT INTO screenings (patient_id, taken_at, answers_text, answers_fingerprint, "
      "validity_days, age_years, dvt_risk_points) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "RETURNING id",
      screening.patient_id, utc_timestamp_or_now(screening.taken_at), screening.answers_text,
      screening.answers_fingerprint, screening.validity_days, screening.age_years,
      screening.dvt_risk_points));
  for (const ScreeningLimbRecord& limb : screening.limbs) {
    transaction.query(
        "INSERT INTO screening_limbs (screening_id, side, segment, outcome) "
        "VALUES ($1, $2, $3, $4)",
        id, to_text(limb.side), to_text(limb.segment), limb.outcome);
    int position = 0;
    for (const ScreeningReasonRecord& reason : limb.reasons) {
      transaction.query(
          "INSERT INTO screening_reasons (screening_id, side, segment, position, level, text) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          id, to_text(limb.side), to_text(limb.segment), position++, reason.level, reason.text);
    }
  }
  transaction.commit();
  return id;
}

std::optional<ScreeningRecord> PostgresRepository::latest_screening(std::int64_t patient_id) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "patients", "patient", patient_id);
  const Rows found = snapshot.query(fmt::format("SELECT {} FROM screenings WHERE patient_id = $1 "
                                                "ORDER BY taken_at DESC, id DESC LIMIT 1",
                                                record_rows::kScreeningColumns),
                                    patient_id);
  if (found.empty()) return std::nullopt;
  ScreeningRecord screening = record_rows::read_screening(found.front());
  // COLLATE "C": the same order as SQLite's byte comparison.
  for (const postgres::Row& row :
       snapshot.query(fmt::format("SELECT {} FROM screening_limbs WHERE screening_id = $1 "
                                  "ORDER BY side COLLATE \"C\", segment COLLATE \"C\"",
                                  record_rows::kScreeningLimbColumns),
                      screening.id)) {
    screening.limbs.push_back(record_rows::read_screening_limb(row));
  }
  for (const postgres::Row& row :
       snapshot.query(fmt::format("SELECT {} FROM screening_reasons WHERE screening_id = $1 "
                                  "ORDER BY side COLLATE \"C\", segment COLLATE \"C\", position",
                                  record_rows::kScreeningReasonColumns),
                      screening.id)) {
    for (ScreeningLimbRecord& limb : screening.limbs) {
      if (to_text(limb.side) == row.text(0) && to_text(limb.segment) == row.text(1)) {
        limb.reasons.push_back({row.text(2), row.text(3)});
      }
    }
  }
  return screening;
}

std::int64_t PostgresRepository::add_screening_override(const ScreeningOverrideRecord& given) {
  validate_new_override(given);
  postgres::Transaction transaction(connection_);
  const Rows screening =
      transaction.query("SELECT taken_at FROM screenings WHERE id = $1", given.screening_id);
  if (screening.empty()) {
    throw StorageError(fmt::format("unknown screening id {}", given.screening_id));
  }
  const std::string taken_at = screening.front().text(0);
  const Rows judged = transaction.query(
      "SELECT 1 FROM screening_limbs WHERE screening_id = $1 AND side = $2 AND segment = $3",
      given.screening_id, to_text(given.side), to_text(given.segment));
  if (judged.empty()) {
    throw StorageError(fmt::format("screening {} did not judge the {}: screen that limb first",
                                   given.screening_id, limb_words(given.side, given.segment)));
  }
  const std::string given_at = utc_timestamp_or_now(given.given_at);
  if (given_at < taken_at) {
    throw StorageError(fmt::format("screening override: given_at {} is before the screening at {}",
                                   given_at, taken_at));
  }
  const std::int64_t id = inserted_id(transaction.query(
      "INSERT INTO screening_overrides (screening_id, side, segment, clinician, reason, given_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      given.screening_id, to_text(given.side), to_text(given.segment), given.clinician,
      given.reason, given_at));
  transaction.commit();
  return id;
}

std::vector<ScreeningOverrideRecord> PostgresRepository::overrides_of(std::int64_t screening_id) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "screenings", "screening", screening_id);
  return read_all<ScreeningOverrideRecord>(
      snapshot.query(fmt::format("SELECT {} FROM screening_overrides WHERE screening_id = $1 "
                                 "ORDER BY given_at, id",
                                 record_rows::kOverrideColumns),
                     screening_id),
      [](const postgres::Row& row) { return record_rows::read_override(row); });
}

std::int64_t PostgresRepository::add_one_rep_max(const OneRepMaxRecord& record) {
  return add_one_rep_maxes({record}).front();
}

std::vector<std::int64_t> PostgresRepository::add_one_rep_maxes(
    const std::vector<OneRepMaxRecord>& records) {
  for (const OneRepMaxRecord& record : records) validate_new_one_rep_max(record);
  std::vector<std::int64_t> ids;
  ids.reserve(records.size());
  postgres::Transaction transaction(connection_);
  for (const OneRepMaxRecord& record : records) {
    require_row(transaction, "patients", "patient", record.patient_id);
    ids.push_back(inserted_id(transaction.query(
        "INSERT INTO one_rep_maxes (patient_id, exercise, one_rep_max_kg, method, test_load_kg, "
        "test_reps, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        record.patient_id, record.exercise, record.one_rep_max_kg, record.method,
        record.test_load_kg, record.test_reps, utc_timestamp_or_now(record.recorded_at))));
  }
  transaction.commit();
  return ids;
}

std::vector<OneRepMaxRecord> PostgresRepository::one_rep_maxes_of(std::int64_t patient_id) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "patients", "patient", patient_id);
  return read_all<OneRepMaxRecord>(
      snapshot.query(fmt::format("SELECT {} FROM one_rep_maxes WHERE patient_id = $1 "
                                 "ORDER BY recorded_at, id",
                                 record_rows::kOneRepMaxColumns),
                     patient_id),
      [](const postgres::Row& row) { return record_rows::read_one_rep_max(row); });
}

std::int64_t PostgresRepository::assign_programme(const ProgrammeAssignment& assignment) {
  validate_new_assignment(assignment);
  postgres::Transaction transaction(connection_);
  require_row(transaction, "patients", "patient", assignment.patient_id);
  const std::string started_at = utc_timestamp_or_now(assignment.started_at);
  const std::string phase_started_at =
      assignment.phase_started_at.empty() ? started_at : assignment.phase_started_at;
  if (phase_started_at < started_at) {
    throw StorageError(
        fmt::format("programme assignment: phase_started_at {} is before started_at {}",
                    phase_started_at, started_at));
  }
  const std::int64_t id = inserted_id(transaction.query(
      "INSERT INTO programme_assignments (patient_id, programme_name, source, programme_json, "
      "current_phase, started_at, phase_started_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "RETURNING id",
      assignment.patient_id, assignment.programme_name, assignment.source,
      assignment.programme_json, assignment.current_phase, started_at, phase_started_at));
  transaction.commit();
  return id;
}

std::optional<ProgrammeAssignment> PostgresRepository::current_programme(std::int64_t patient_id) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "patients", "patient", patient_id);
  const Rows rows =
      snapshot.query(fmt::format("SELECT {} FROM programme_assignments WHERE patient_id = $1 "
                                 "ORDER BY id DESC LIMIT 1",
                                 record_rows::kAssignmentColumns),
                     patient_id);
  if (rows.empty()) return std::nullopt;
  return record_rows::read_assignment(rows.front());
}

std::optional<ProgrammeAssignment> PostgresRepository::get_programme_assignment(std::int64_t id) {
  const Rows rows =
      connection_.query(fmt::format("SELECT {} FROM programme_assignments WHERE id = $1",
                                    record_rows::kAssignmentColumns),
                        id);
  if (rows.empty()) return std::nullopt;
  return record_rows::read_assignment(rows.front());
}

void PostgresRepository::set_programme_phase(std::int64_t assignment_id, int phase,
                                             const std::string& phase_started_at) {
  validate_phase_change(phase, phase_started_at);
  postgres::Transaction transaction(connection_);
  const Rows stored = transaction.query(
      fmt::format("SELECT started_at FROM programme_assignments WHERE id = $1{}", kLockRow),
      assignment_id);
  if (stored.empty()) {
    throw StorageError(fmt::format("unknown programme assignment id {}", assignment_id));
  }
  const std::string at = utc_timestamp_or_now(phase_started_at);
  if (at < stored.front().text(0)) {
    throw StorageError(fmt::format("programme phase: phase_started_at {} is before started_at {}",
                                   at, stored.front().text(0)));
  }
  transaction.query(
      "UPDATE programme_assignments SET current_phase = $1, phase_started_at = $2 WHERE id = $3",
      phase, at, assignment_id);
  transaction.commit();
}

}  // namespace bfr::clinic

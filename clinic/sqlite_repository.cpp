#include "clinic/sqlite_repository.hpp"

#include <string>

#include <fmt/format.h>

#include "clinic/enum_text.hpp"
#include "clinic/migrations.hpp"
#include "clinic/record_rows.hpp"
#include "clinic/record_validation.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::clinic {

namespace {

using record_rows::kEventColumns;
using record_rows::kLimbColumns;
using record_rows::kLopColumns;
using record_rows::kPatientColumns;
using record_rows::kSessionColumns;
using record_rows::kSetColumns;
using record_rows::kTraceSampleColumns;
using record_rows::read_event;
using record_rows::read_limb;
using record_rows::read_lop_measurement;
using record_rows::read_patient;
using record_rows::read_session;
using record_rows::read_set;
using record_rows::read_trace_sample;
using sqlite::Statement;
using sqlite::Transaction;

// STRICT tables, which the schema relies on for type safety.
constexpr int kMinimumSqliteVersion = 3037000;
// Long enough to ride out another process's write transaction, short enough
// that a stuck lock is reported instead of hanging the caller.
constexpr int kBusyTimeoutMs = 5000;

void require_sqlite_version() {
  if (sqlite::library_version_number() < kMinimumSqliteVersion) {
    throw StorageError(fmt::format("OpenBFR needs SQLite 3.37 or newer (this one is {})",
                                   sqlite::library_version_number()));
  }
}

void configure_connection(sqlite::Database& database) {
  database.execute(fmt::format("PRAGMA busy_timeout = {}", kBusyTimeoutMs));
  database.execute("PRAGMA foreign_keys = ON");
  Statement foreign_keys(database, "PRAGMA foreign_keys");
  if (!foreign_keys.step() || foreign_keys.int64(0) != 1) {
    throw StorageError("this SQLite build cannot enforce foreign keys");
  }

  // WAL lets readers (a report, a second CLI) run while a session writes, and
  // with synchronous=NORMAL a commit costs no fsync while staying consistent
  // after a crash (at worst the last commits before a power loss are lost).
  Statement journal_mode(database, "PRAGMA journal_mode = WAL");
  journal_mode.step();
  const std::string mode = journal_mode.text(0);
  if (mode != "wal" && mode != "memory") {
    throw StorageError(
        fmt::format("cannot enable WAL journal mode on {} (got '{}')", database.path(), mode));
  }
  database.execute("PRAGMA synchronous = NORMAL");
}

}  // namespace

SqliteRepository::SqliteRepository(const std::filesystem::path& database_file)
    : database_(database_file.string()) {
  require_sqlite_version();
  configure_connection(database_);
  migrate_to_latest(database_);
}

void SqliteRepository::require_row(std::string_view table, std::string_view what, std::int64_t id) {
  Statement lookup(database_, fmt::format("SELECT 1 FROM {} WHERE id = ?", table));
  lookup.bind_all(id);
  if (!lookup.step()) throw StorageError(fmt::format("unknown {} id {}", what, id));
}

std::int64_t SqliteRepository::add_patient(const Patient& patient) {
  validate_new_patient(patient);
  Transaction transaction(database_);
  if (const std::optional<Patient> existing = find_patient_by_name(patient.display_name)) {
    throw StorageError(fmt::format("a patient named '{}' already exists (id {})",
                                   patient.display_name, existing->id));
  }
  Statement insert(database_,
                   "INSERT INTO patients (display_name, birth_year, sex, resting_sbp_mmhg, "
                   "resting_dbp_mmhg, resting_hr_bpm, notes, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind_all(patient.display_name, patient.birth_year, to_text(patient.sex),
                  patient.resting_sbp_mmhg, patient.resting_dbp_mmhg, patient.resting_hr_bpm,
                  patient.notes, utc_timestamp_or_now(patient.created_at));
  insert.run();
  const std::int64_t id = database_.last_insert_id();
  transaction.commit();
  return id;
}

std::optional<Patient> SqliteRepository::get_patient(std::int64_t id) {
  Statement select(database_, fmt::format("SELECT {} FROM patients WHERE id = ?", kPatientColumns));
  select.bind_all(id);
  if (!select.step()) return std::nullopt;
  return read_patient(select);
}

std::optional<Patient> SqliteRepository::find_patient_by_name(std::string_view display_name) {
  Statement select(database_,
                   fmt::format("SELECT {} FROM patients WHERE display_name = ?", kPatientColumns));
  select.bind_all(display_name);
  if (!select.step()) return std::nullopt;
  return read_patient(select);
}

std::int64_t SqliteRepository::add_limb(const Limb& limb) {
  validate_new_limb(limb);
  Transaction transaction(database_);
  require_row("patients", "patient", limb.patient_id);
  Statement insert(database_,
                   "INSERT INTO limbs (patient_id, side, segment, circumference_cm) "
                   "VALUES (?, ?, ?, ?)");
  insert.bind_all(limb.patient_id, to_text(limb.side), to_text(limb.segment),
                  limb.circumference_cm);
  insert.run();
  const std::int64_t id = database_.last_insert_id();
  transaction.commit();
  return id;
}

std::vector<Limb> SqliteRepository::limbs_of(std::int64_t patient_id) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("patients", "patient", patient_id);
  Statement select(database_, fmt::format("SELECT {} FROM limbs WHERE patient_id = ? ORDER BY id",
                                          kLimbColumns));
  select.bind_all(patient_id);
  std::vector<Limb> limbs;
  while (select.step()) limbs.push_back(read_limb(select));
  return limbs;
}

std::int64_t SqliteRepository::create_trace(std::string_view kind, double sample_rate_hz) {
  validate_new_trace(kind, sample_rate_hz);
  Transaction transaction(database_);
  Statement insert(database_,
                   "INSERT INTO traces (kind, sample_rate_hz, created_at) VALUES (?, ?, ?)");
  insert.bind_all(kind, sample_rate_hz, utc_timestamp_now());
  insert.run();
  const std::int64_t id = database_.last_insert_id();
  transaction.commit();
  return id;
}

void SqliteRepository::append_trace(std::int64_t trace_id, std::span<const TraceSample> samples) {
  Transaction transaction(database_);
  require_row("traces", "trace", trace_id);
  Statement last_time(database_, "SELECT max(t_s) FROM trace_samples WHERE trace_id = ?");
  last_time.bind_all(trace_id);
  last_time.step();
  validate_trace_samples(samples, last_time.optional_real(0));

  Statement insert(database_,
                   "INSERT INTO trace_samples (trace_id, t_s, cuff_mmhg, target_mmhg, phase, "
                   "set_index) VALUES (?, ?, ?, ?, ?, ?)");
  for (const TraceSample& sample : samples) {
    insert.bind_all(trace_id, sample.t_s, sample.cuff_mmhg, sample.target_mmhg, sample.phase,
                    sample.set_index);
    insert.run();
    insert.reset();
  }
  transaction.commit();
}

std::vector<TraceSample> SqliteRepository::load_trace(std::int64_t trace_id) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("traces", "trace", trace_id);
  Statement select(database_, fmt::format("SELECT {} FROM trace_samples WHERE trace_id = ? "
                                          "ORDER BY t_s",
                                          kTraceSampleColumns));
  select.bind_all(trace_id);
  std::vector<TraceSample> samples;
  while (select.step()) samples.push_back(read_trace_sample(select));
  return samples;
}

std::int64_t SqliteRepository::add_lop_measurement(const LopMeasurement& measurement) {
  validate_new_lop_measurement(measurement);
  Transaction transaction(database_);
  require_row("limbs", "limb", measurement.limb_id);
  if (measurement.trace_id) require_row("traces", "trace", *measurement.trace_id);
  Statement insert(database_,
                   "INSERT INTO lop_measurements (limb_id, measured_at, method, lop_mmhg, "
                   "quality, posture, cuff_width_cm, heart_rate_bpm, sim_true_lop_mmhg, "
                   "abort_reason, trace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind_all(measurement.limb_id, utc_timestamp_or_now(measurement.measured_at),
                  to_text(measurement.method), measurement.lop_mmhg, measurement.quality,
                  to_text(measurement.posture), measurement.cuff_width_cm,
                  measurement.heart_rate_bpm, measurement.sim_true_lop_mmhg,
                  measurement.abort_reason, measurement.trace_id);
  insert.run();
  const std::int64_t id = database_.last_insert_id();
  transaction.commit();
  return id;
}

std::optional<LopMeasurement> SqliteRepository::get_lop_measurement(std::int64_t id) {
  Statement select(database_,
                   fmt::format("SELECT {} FROM lop_measurements WHERE id = ?", kLopColumns));
  select.bind_all(id);
  if (!select.step()) return std::nullopt;
  return read_lop_measurement(select);
}

std::int64_t SqliteRepository::begin_session(const SessionRecord& session) {
  validate_session_start(session);
  Transaction transaction(database_);
  require_row("patients", "patient", session.patient_id);

  Statement limb_owner(database_, "SELECT patient_id FROM limbs WHERE id = ?");
  limb_owner.bind_all(session.limb_id);
  if (!limb_owner.step()) throw StorageError(fmt::format("unknown limb id {}", session.limb_id));
  if (limb_owner.int64(0) != session.patient_id) {
    throw StorageError(fmt::format("limb {} belongs to patient {}, not to patient {}",
                                   session.limb_id, limb_owner.int64(0), session.patient_id));
  }

  if (session.lop_measurement_id) {
    // LOP differs between limbs, so a target derived from another limb's LOP
    // would be wrong.
    Statement measured_limb(database_, "SELECT limb_id FROM lop_measurements WHERE id = ?");
    measured_limb.bind_all(*session.lop_measurement_id);
    if (!measured_limb.step()) {
      throw StorageError(fmt::format("unknown LOP measurement id {}", *session.lop_measurement_id));
    }
    if (measured_limb.int64(0) != session.limb_id) {
      throw StorageError(fmt::format("LOP measurement {} was taken on limb {}, not on limb {}",
                                     *session.lop_measurement_id, measured_limb.int64(0),
                                     session.limb_id));
    }
  }
  if (session.trace_id) require_row("traces", "trace", *session.trace_id);
  if (session.programme_assignment_id) {
    Statement owner(database_, "SELECT patient_id FROM programme_assignments WHERE id = ?");
    owner.bind_all(*session.programme_assignment_id);
    if (!owner.step()) {
      throw StorageError(
          fmt::format("unknown programme assignment id {}", *session.programme_assignment_id));
    }
    if (owner.int64(0) != session.patient_id) {
      throw StorageError(fmt::format("programme assignment {} belongs to patient {}, not to {}",
                                     *session.programme_assignment_id, owner.int64(0),
                                     session.patient_id));
    }
  }

  Statement insert(database_,
                   "INSERT INTO sessions (patient_id, limb_id, lop_measurement_id, started_at, "
                   "exercise, device, target_fraction, target_mmhg, rest_s, "
                   "total_restriction_s, trace_id, programme_assignment_id, phase_index) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind_all(session.patient_id, session.limb_id, session.lop_measurement_id,
                  utc_timestamp_or_now(session.started_at), session.exercise, session.device,
                  session.target_fraction, session.target_mmhg, session.rest_s,
                  session.total_restriction_s, session.trace_id, session.programme_assignment_id,
                  session.phase_index);
  insert.run();
  const std::int64_t id = database_.last_insert_id();
  transaction.commit();
  return id;
}

void SqliteRepository::finish_session(const SessionRecord& session) {
  validate_session_finish(session);
  Transaction transaction(database_);
  Statement stored(database_, "SELECT started_at, ended_at FROM sessions WHERE id = ?");
  stored.bind_all(session.id);
  if (!stored.step()) throw StorageError(fmt::format("unknown session id {}", session.id));
  const std::string started_at = stored.text(0);
  if (!stored.is_null(1)) {
    throw StorageError(
        fmt::format("session {} already finished at {}", session.id, stored.text(1)));
  }
  const std::string ended_at = utc_timestamp_or_now(session.ended_at);
  if (ended_at < started_at) {
    throw StorageError(fmt::format("session {}: ended_at {} is before started_at {}", session.id,
                                   ended_at, started_at));
  }
  if (session.trace_id) require_row("traces", "trace", *session.trace_id);

  Statement update(database_,
                   "UPDATE sessions SET ended_at = ?, total_restriction_s = ?, stop_reason = ?, "
                   "trace_id = coalesce(?, trace_id) WHERE id = ?");
  update.bind_all(ended_at, session.total_restriction_s, session.stop_reason, session.trace_id,
                  session.id);
  update.run();
  transaction.commit();
}

std::optional<SessionRecord> SqliteRepository::get_session(std::int64_t id) {
  Statement select(database_, fmt::format("SELECT {} FROM sessions WHERE id = ?", kSessionColumns));
  select.bind_all(id);
  if (!select.step()) return std::nullopt;
  return read_session(select);
}

std::vector<SessionRecord> SqliteRepository::sessions_of(std::int64_t patient_id) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("patients", "patient", patient_id);
  Statement select(database_, fmt::format("SELECT {} FROM sessions WHERE patient_id = ? "
                                          "ORDER BY started_at, id",
                                          kSessionColumns));
  select.bind_all(patient_id);
  std::vector<SessionRecord> sessions;
  while (select.step()) sessions.push_back(read_session(select));
  return sessions;
}

std::int64_t SqliteRepository::add_set(const SetRecord& set) {
  validate_new_set(set);
  Transaction transaction(database_);
  require_row("sessions", "session", set.session_id);
  Statement duplicate(database_,
                      "SELECT 1 FROM session_sets WHERE session_id = ? AND set_index = ?");
  duplicate.bind_all(set.session_id, set.set_index);
  if (duplicate.step()) {
    throw StorageError(fmt::format("session {} already has a set with set_index {}", set.session_id,
                                   set.set_index));
  }
  Statement insert(database_,
                   "INSERT INTO session_sets (session_id, set_index, target_reps, actual_reps, "
                   "started_s, duration_s, rest_after_s, time_in_band_fraction, peak_mmhg, "
                   "mean_mmhg, min_mmhg, load_kg, rpe_cr10, pain_0_10) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind_all(set.session_id, set.set_index, set.target_reps, set.actual_reps, set.started_s,
                  set.duration_s, set.rest_after_s, set.time_in_band_fraction, set.peak_mmhg,
                  set.mean_mmhg, set.min_mmhg, set.load_kg, set.rpe_cr10, set.pain_0_10);
  insert.run();
  const std::int64_t id = database_.last_insert_id();
  transaction.commit();
  return id;
}

std::vector<SetRecord> SqliteRepository::sets_of(std::int64_t session_id) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("sessions", "session", session_id);
  Statement select(database_, fmt::format("SELECT {} FROM session_sets WHERE session_id = ? "
                                          "ORDER BY set_index",
                                          kSetColumns));
  select.bind_all(session_id);
  std::vector<SetRecord> sets;
  while (select.step()) sets.push_back(read_set(select));
  return sets;
}

void SqliteRepository::add_events(std::int64_t session_id, std::span<const EventRecord> events) {
  validate_events(events);
  Transaction transaction(database_);
  require_row("sessions", "session", session_id);
  Statement insert(database_,
                   "INSERT INTO session_events (session_id, t_s, kind, detail) "
                   "VALUES (?, ?, ?, ?)");
  for (const EventRecord& event : events) {
    insert.bind_all(session_id, event.t_s, event.kind, event.detail);
    insert.run();
    insert.reset();
  }
  transaction.commit();
}

std::vector<EventRecord> SqliteRepository::events_of(std::int64_t session_id) {
  Transaction snapshot(database_, Transaction::Mode::kRead);
  require_row("sessions", "session", session_id);
  Statement select(database_, fmt::format("SELECT {} FROM session_events WHERE session_id = ? "
                                          "ORDER BY t_s, id",
                                          kEventColumns));
  select.bind_all(session_id);
  std::vector<EventRecord> events;
  while (select.step()) events.push_back(read_event(select));
  return events;
}

std::string SqliteRepository::location() const {
  return database_.path();
}

}  // namespace bfr::clinic

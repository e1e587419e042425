#include "clinic/postgres_repository.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

#include <fmt/format.h>

#include "clinic/enum_text.hpp"
#include "clinic/postgres_migrations.hpp"
#include "clinic/record_rows.hpp"
#include "clinic/record_validation.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::clinic {

namespace {

using postgres::inserted_id;
using postgres::kLockRow;
using postgres::require_row;
using postgres::Rows;
using postgres::Value;
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

// The schema's trigger uses EXECUTE FUNCTION, new in PostgreSQL 11.
constexpr int kMinimumServerVersion = 110000;
// Rows per multi-row INSERT: one round trip per batch instead of per row, and
// far below PostgreSQL's limit of 65535 parameters per statement.
constexpr std::size_t kRowsPerInsert = 1000;

void require_server_version(const postgres::Connection& connection) {
  if (connection.server_version() < kMinimumServerVersion) {
    throw StorageError(fmt::format("OpenBFR needs PostgreSQL 11 or newer (database {} runs {})",
                                   connection.location(), connection.server_version()));
  }
}

// "($1, $2), ($3, $4)" for `rows` rows of `columns` parameters.
std::string placeholders(std::size_t rows, std::size_t columns) {
  std::string text;
  std::size_t parameter = 1;
  for (std::size_t row = 0; row < rows; ++row) {
    text += row == 0 ? "(" : ", (";
    for (std::size_t column = 0; column < columns; ++column) {
      if (column > 0) text += ", ";
      text += fmt::format("${}", parameter++);
    }
    text += ')';
  }
  return text;
}

// Inserts one row per item with `insert_into` ("INSERT INTO t (a, b)"), in
// batches of kRowsPerInsert; `append_values(item, values)` adds the item's
// `columns` values. Rows go in in the order of `items`.
template <typename Item, typename AppendValues>
void insert_rows(postgres::Transaction& transaction, std::string_view insert_into,
                 std::span<const Item> items, std::size_t columns, AppendValues append_values) {
  std::vector<Value> values;
  for (std::size_t first = 0; first < items.size(); first += kRowsPerInsert) {
    const std::size_t count = std::min(kRowsPerInsert, items.size() - first);
    values.clear();
    values.reserve(count * columns);
    for (const Item& item : items.subspan(first, count)) append_values(item, values);
    transaction.query_with(fmt::format("{} VALUES {}", insert_into, placeholders(count, columns)),
                           values);
  }
}

// `Source` is the Connection (a single read) or an open postgres::Transaction.
template <typename Source>
std::optional<Patient> patient_named(Source& source, std::string_view display_name) {
  const Rows rows =
      source.query(fmt::format("SELECT {} FROM patients WHERE display_name = $1", kPatientColumns),
                   display_name);
  if (rows.empty()) return std::nullopt;
  return read_patient(rows.front());
}

}  // namespace

PostgresRepository::PostgresRepository(const std::string& url, Open open) : connection_(url) {
  require_server_version(connection_);
  if (open == Open::kExistingOnly && !has_schema_migrations(connection_)) {
    throw StorageError(fmt::format("no OpenBFR database at {}: it has no schema_migrations table",
                                   connection_.location()));
  }
  migrate_to_latest(connection_);
}

std::int64_t PostgresRepository::add_patient(const Patient& patient) {
  validate_new_patient(patient);
  postgres::Transaction transaction(connection_);
  if (const std::optional<Patient> existing = patient_named(transaction, patient.display_name)) {
    throw StorageError(fmt::format("a patient named '{}' already exists (id {})",
                                   patient.display_name, existing->id));
  }
  const std::int64_t id = inserted_id(transaction.query(
      "INSERT INTO patients (display_name, birth_year, sex, resting_sbp_mmhg, resting_dbp_mmhg, "
      "resting_hr_bpm, notes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      patient.display_name, patient.birth_year, to_text(patient.sex), patient.resting_sbp_mmhg,
      patient.resting_dbp_mmhg, patient.resting_hr_bpm, patient.notes,
      utc_timestamp_or_now(patient.created_at)));
  transaction.commit();
  return id;
}

std::optional<Patient> PostgresRepository::get_patient(std::int64_t id) {
  const Rows rows =
      connection_.query(fmt::format("SELECT {} FROM patients WHERE id = $1", kPatientColumns), id);
  if (rows.empty()) return std::nullopt;
  return read_patient(rows.front());
}

std::optional<Patient> PostgresRepository::find_patient_by_name(std::string_view display_name) {
  return patient_named(connection_, display_name);
}

std::int64_t PostgresRepository::add_limb(const Limb& limb) {
  validate_new_limb(limb);
  postgres::Transaction transaction(connection_);
  require_row(transaction, "patients", "patient", limb.patient_id);
  const std::int64_t id = inserted_id(transaction.query(
      "INSERT INTO limbs (patient_id, side, segment, circumference_cm) VALUES ($1, $2, $3, $4) "
      "RETURNING id",
      limb.patient_id, to_text(limb.side), to_text(limb.segment), limb.circumference_cm));
  transaction.commit();
  return id;
}

std::vector<Limb> PostgresRepository::limbs_of(std::int64_t patient_id) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "patients", "patient", patient_id);
  const Rows rows = snapshot.query(
      fmt::format("SELECT {} FROM limbs WHERE patient_id = $1 ORDER BY id", kLimbColumns),
      patient_id);
  std::vector<Limb> limbs;
  limbs.reserve(rows.size());
  for (const postgres::Row& row : rows) limbs.push_back(read_limb(row));
  return limbs;
}

std::int64_t PostgresRepository::create_trace(std::string_view kind, double sample_rate_hz) {
  validate_new_trace(kind, sample_rate_hz);
  postgres::Transaction transaction(connection_);
  const std::int64_t id = inserted_id(transaction.query(
      "INSERT INTO traces (kind, sample_rate_hz, created_at) VALUES ($1, $2, $3) RETURNING id",
      kind, sample_rate_hz, utc_timestamp_now()));
  transaction.commit();
  return id;
}

void PostgresRepository::append_trace(std::int64_t trace_id, std::span<const TraceSample> samples) {
  postgres::Transaction transaction(connection_);
  // Concurrent appends to one trace take turns here, so each sees the other's
  // last sample.
  require_row(transaction, "traces", "trace", trace_id, kLockRow);
  const Rows last_time =
      transaction.query("SELECT max(t_s) FROM trace_samples WHERE trace_id = $1", trace_id);
  validate_trace_samples(samples, last_time.at(0).optional_real(0));

  insert_rows(transaction,
              "INSERT INTO trace_samples (trace_id, t_s, cuff_mmhg, target_mmhg, phase, set_index)",
              samples, 6, [trace_id](const TraceSample& sample, std::vector<Value>& values) {
                values.push_back(postgres::to_value(trace_id));
                values.push_back(postgres::to_value(sample.t_s));
                values.push_back(postgres::to_value(sample.cuff_mmhg));
                values.push_back(postgres::to_value(sample.target_mmhg));
                values.push_back(postgres::to_value(sample.phase));
                values.push_back(postgres::to_value(sample.set_index));
              });
  transaction.commit();
}

std::vector<TraceSample> PostgresRepository::load_trace(std::int64_t trace_id) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "traces", "trace", trace_id);
  const Rows rows =
      snapshot.query(fmt::format("SELECT {} FROM trace_samples WHERE trace_id = $1 ORDER BY t_s",
                                 kTraceSampleColumns),
                     trace_id);
  std::vector<TraceSample> samples;
  samples.reserve(rows.size());
  for (const postgres::Row& row : rows) samples.push_back(read_trace_sample(row));
  return samples;
}

std::int64_t PostgresRepository::add_lop_measurement(const LopMeasurement& measurement) {
  validate_new_lop_measurement(measurement);
  postgres::Transaction transaction(connection_);
  require_row(transaction, "limbs", "limb", measurement.limb_id);
  if (measurement.trace_id) require_row(transaction, "traces", "trace", *measurement.trace_id);
  const std::int64_t id = inserted_id(transaction.query(
      "INSERT INTO lop_measurements (limb_id, measured_at, method, lop_mmhg, quality, posture, "
      "cuff_width_cm, heart_rate_bpm, sim_true_lop_mmhg, abort_reason, trace_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
      measurement.limb_id, utc_timestamp_or_now(measurement.measured_at),
      to_text(measurement.method), measurement.lop_mmhg, measurement.quality,
      to_text(measurement.posture), measurement.cuff_width_cm, measurement.heart_rate_bpm,
      measurement.sim_true_lop_mmhg, measurement.abort_reason, measurement.trace_id));
  transaction.commit();
  return id;
}

std::optional<LopMeasurement> PostgresRepository::get_lop_measurement(std::int64_t id) {
  const Rows rows = connection_.query(
      fmt::format("SELECT {} FROM lop_measurements WHERE id = $1", kLopColumns), id);
  if (rows.empty()) return std::nullopt;
  return read_lop_measurement(rows.front());
}

std::int64_t PostgresRepository::begin_session(const SessionRecord& session) {
  validate_session_start(session);
  postgres::Transaction transaction(connection_);
  require_row(transaction, "patients", "patient", session.patient_id);

  const Rows limb_owner =
      transaction.query("SELECT patient_id FROM limbs WHERE id = $1", session.limb_id);
  if (limb_owner.empty()) throw StorageError(fmt::format("unknown limb id {}", session.limb_id));
  if (limb_owner.front().int64(0) != session.patient_id) {
    throw StorageError(fmt::format("limb {} belongs to patient {}, not to patient {}",
                                   session.limb_id, limb_owner.front().int64(0),
                                   session.patient_id));
  }

  if (session.lop_measurement_id) {
    // LOP differs between limbs, so a target derived from another limb's LOP
    // would be wrong.
    const Rows measured_limb = transaction.query(
        "SELECT limb_id FROM lop_measurements WHERE id = $1", *session.lop_measurement_id);
    if (measured_limb.empty()) {
      throw StorageError(fmt::format("unknown LOP measurement id {}", *session.lop_measurement_id));
    }
    if (measured_limb.front().int64(0) != session.limb_id) {
      throw StorageError(fmt::format("LOP measurement {} was taken on limb {}, not on limb {}",
                                     *session.lop_measurement_id, measured_limb.front().int64(0),
                                     session.limb_id));
    }
  }
  if (session.trace_id) require_row(transaction, "traces", "trace", *session.trace_id);
  if (session.programme_assignment_id) {
    const Rows owner =
        transaction.query("SELECT patient_id FROM programme_assignments WHERE id = $1",
                          *session.programme_assignment_id);
    if (owner.empty()) {
      throw StorageError(
          fmt::format("unknown programme assignment id {}", *session.programme_assignment_id));
    }
    if (owner.front().int64(0) != session.patient_id) {
      throw StorageError(fmt::format("programme assignment {} belongs to patient {}, not to {}",
                                     *session.programme_assignment_id, owner.front().int64(0),
                                     session.patient_id));
    }
  }

  const std::int64_t id = inserted_id(transaction.query(
      "INSERT INTO sessions (patient_id, limb_id, lop_measurement_id, started_at, exercise, "
      "device, target_fraction, target_mmhg, rest_s, total_restriction_s, trace_id, "
      "programme_assignment_id, phase_index) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
      session.patient_id, session.limb_id, session.lop_measurement_id,
      utc_timestamp_or_now(session.started_at), session.exercise, session.device,
      session.target_fraction, session.target_mmhg, session.rest_s, session.total_restriction_s,
      session.trace_id, session.programme_assignment_id, session.phase_index));
  transaction.commit();
  return id;
}

void PostgresRepository::finish_session(const SessionRecord& session) {
  validate_session_finish(session);
  postgres::Transaction transaction(connection_);
  // Locked, so that two processes cannot both finish the session.
  const Rows stored = transaction.query(
      fmt::format("SELECT started_at, ended_at FROM sessions WHERE id = $1{}", kLockRow),
      session.id);
  if (stored.empty()) throw StorageError(fmt::format("unknown session id {}", session.id));
  const std::string started_at = stored.front().text(0);
  if (!stored.front().is_null(1)) {
    throw StorageError(
        fmt::format("session {} already finished at {}", session.id, stored.front().text(1)));
  }
  const std::string ended_at = utc_timestamp_or_now(session.ended_at);
  if (ended_at < started_at) {
    throw StorageError(fmt::format("session {}: ended_at {} is before started_at {}", session.id,
                                   ended_at, started_at));
  }
  if (session.trace_id) require_row(transaction, "traces", "trace", *session.trace_id);

  transaction.query(
      "UPDATE sessions SET ended_at = $1, total_restriction_s = $2, stop_reason = $3, "
      "trace_id = coalesce($4::bigint, trace_id) WHERE id = $5",
      ended_at, session.total_restriction_s, session.stop_reason, session.trace_id, session.id);
  transaction.commit();
}

std::optional<SessionRecord> PostgresRepository::get_session(std::int64_t id) {
  const Rows rows =
      connection_.query(fmt::format("SELECT {} FROM sessions WHERE id = $1", kSessionColumns), id);
  if (rows.empty()) return std::nullopt;
  return read_session(rows.front());
}

std::vector<SessionRecord> PostgresRepository::sessions_of(std::int64_t patient_id) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "patients", "patient", patient_id);
  const Rows rows = snapshot.query(
      fmt::format("SELECT {} FROM sessions WHERE patient_id = $1 ORDER BY started_at, id",
                  kSessionColumns),
      patient_id);
  std::vector<SessionRecord> sessions;
  sessions.reserve(rows.size());
  for (const postgres::Row& row : rows) sessions.push_back(read_session(row));
  return sessions;
}

std::int64_t PostgresRepository::add_set(const SetRecord& set) {
  validate_new_set(set);
  postgres::Transaction transaction(connection_);
  // Locked, so that the duplicate check below holds until the commit.
  require_row(transaction, "sessions", "session", set.session_id, kLockRow);
  const Rows duplicate =
      transaction.query("SELECT 1 FROM session_sets WHERE session_id = $1 AND set_index = $2",
                        set.session_id, set.set_index);
  if (!duplicate.empty()) {
    throw StorageError(fmt::format("session {} already has a set with set_index {}", set.session_id,
                                   set.set_index));
  }
  const std::int64_t id = inserted_id(transaction.query(
      "INSERT INTO session_sets (session_id, set_index, target_reps, actual_reps, started_s, "
      "duration_s, rest_after_s, time_in_band_fraction, peak_mmhg, mean_mmhg, min_mmhg, "
      "load_kg, rpe_cr10, pain_0_10) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
      set.session_id, set.set_index, set.target_reps, set.actual_reps, set.started_s,
      set.duration_s, set.rest_after_s, set.time_in_band_fraction, set.peak_mmhg, set.mean_mmhg,
      set.min_mmhg, set.load_kg, set.rpe_cr10, set.pain_0_10));
  transaction.commit();
  return id;
}

std::vector<SetRecord> PostgresRepository::sets_of(std::int64_t session_id) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "sessions", "session", session_id);
  const Rows rows = snapshot.query(
      fmt::format("SELECT {} FROM session_sets WHERE session_id = $1 ORDER BY set_index",
                  kSetColumns),
      session_id);
  std::vector<SetRecord> sets;
  sets.reserve(rows.size());
  for (const postgres::Row& row : rows) sets.push_back(read_set(row));
  return sets;
}

void PostgresRepository::add_events(std::int64_t session_id, std::span<const EventRecord> events) {
  validate_events(events);
  postgres::Transaction transaction(connection_);
  require_row(transaction, "sessions", "session", session_id);
  // Ids follow the order of `events`, which keeps events at equal times in
  // the order they were added.
  insert_rows(transaction, "INSERT INTO session_events (session_id, t_s, kind, detail)", events, 4,
              [session_id](const EventRecord& event, std::vector<Value>& values) {
                values.push_back(postgres::to_value(session_id));
                values.push_back(postgres::to_value(event.t_s));
                values.push_back(postgres::to_value(event.kind));
                values.push_back(postgres::to_value(event.detail));
              });
  transaction.commit();
}

std::vector<EventRecord> PostgresRepository::events_of(std::int64_t session_id) {
  postgres::Transaction snapshot(connection_, postgres::Transaction::Mode::kRead);
  require_row(snapshot, "sessions", "session", session_id);
  const Rows rows = snapshot.query(
      fmt::format("SELECT {} FROM session_events WHERE session_id = $1 ORDER BY t_s, id",
                  kEventColumns),
      session_id);
  std::vector<EventRecord> events;
  events.reserve(rows.size());
  for (const postgres::Row& row : rows) events.push_back(read_event(row));
  return events;
}

std::string PostgresRepository::location() const {
  return connection_.location();
}

}  // namespace bfr::clinic

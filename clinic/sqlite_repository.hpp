#pragma once
// The SQLite backend of the clinic Repository: one database file, opened in
// WAL mode with foreign keys enforced, migrated to the latest schema on open.
//
// Semantics beyond the interface comments:
// - Ids are assigned here; a record passed to an add_* call must have id 0.
// - Empty created_at / measured_at / started_at / ended_at are set to the
//   current UTC time; given ones must be "YYYY-MM-DDTHH:MM:SSZ".
// - Display names are unique, so find_patient_by_name() is unambiguous.
// - begin_session() needs ended_at and stop_reason empty; finish_session()
//   records only the outcome (ended_at, total_restriction_s, stop_reason and
//   trace_id when given) of a running session.
// - Listing calls (limbs_of, sessions_of, ...) raise StorageError for an
//   unknown parent id rather than returning an empty list.
//
// Not thread-safe: use one instance per thread. Several processes may share
// the file; writers wait up to the busy timeout for each other.

#include <filesystem>

#include "clinic/repository.hpp"
#include "clinic/sqlite_handle.hpp"

namespace bfr::clinic {

class SqliteRepository final : public Repository {
 public:
  // Opens or creates the database file (its directory must exist).
  explicit SqliteRepository(const std::filesystem::path& database_file);

  std::int64_t add_patient(const Patient& patient) override;
  std::optional<Patient> get_patient(std::int64_t id) override;
  std::optional<Patient> find_patient_by_name(std::string_view display_name) override;

  std::int64_t add_limb(const Limb& limb) override;
  std::vector<Limb> limbs_of(std::int64_t patient_id) override;

  std::int64_t create_trace(std::string_view kind, double sample_rate_hz) override;
  void append_trace(std::int64_t trace_id, std::span<const TraceSample> samples) override;
  std::vector<TraceSample> load_trace(std::int64_t trace_id) override;

  std::int64_t add_lop_measurement(const LopMeasurement& measurement) override;
  std::optional<LopMeasurement> get_lop_measurement(std::int64_t id) override;

  std::int64_t begin_session(const SessionRecord& session) override;
  void finish_session(const SessionRecord& session) override;
  std::optional<SessionRecord> get_session(std::int64_t id) override;
  std::vector<SessionRecord> sessions_of(std::int64_t patient_id) override;

  std::int64_t add_set(const SetRecord& set) override;
  std::vector<SetRecord> sets_of(std::int64_t session_id) override;

  void add_events(std::int64_t session_id, std::span<const EventRecord> events) override;
  std::vector<EventRecord> events_of(std::int64_t session_id) override;

  std::string location() const override;

 private:
  // Raises "unknown <what> id <id>" unless `table` has a row with that id.
  void require_row(std::string_view table, std::string_view what, std::int64_t id);

  sqlite::Database database_;
};

}  // namespace bfr::clinic

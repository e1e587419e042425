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
  void update_patient(const Patient& patient) override;
  std::vector<Patient> list_patients() override;

  std::int64_t add_limb(const Limb& limb) override;
  std::vector<Limb> limbs_of(std::int64_t patient_id) override;

  std::int64_t create_trace(std::string_view kind, double sample_rate_hz) override;
  void append_trace(std::int64_t trace_id, std::span<const TraceSample> samples) override;
  std::vector<TraceSample> load_trace(std::int64_t trace_id) override;

  std::int64_t add_lop_measurement(const LopMeasurement& measurement) override;
  std::optional<LopMeasurement> get_lop_measurement(std::int64_t id) override;
  std::vector<LopMeasurement> lop_measurements_of(std::int64_t limb_id) override;
  std::optional<LopMeasurement> latest_lop(std::int64_t limb_id, Posture posture,
                                           double cuff_width_cm) override;

  std::int64_t begin_session(const SessionRecord& session) override;
  void finish_session(const SessionRecord& session) override;
  std::optional<SessionRecord> get_session(std::int64_t id) override;
  std::vector<SessionRecord> sessions_of(std::int64_t patient_id) override;

  std::int64_t add_set(const SetRecord& set) override;
  std::vector<SetRecord> sets_of(std::int64_t session_id) override;
  void record_set_feedback(std::int64_t session_id, int set_index,
                           const SetFeedback& feedback) override;

  std::int64_t add_symptom(const SymptomRecord& symptom) override;
  std::vector<SymptomRecord> symptoms_of(std::int64_t session_id) override;

  std::int64_t add_screening(const ScreeningRecord& screening) override;
  std::optional<ScreeningRecord> latest_screening(std::int64_t patient_id) override;
  std::int64_t add_screening_override(const ScreeningOverrideRecord& given) override;
  std::vector<ScreeningOverrideRecord> overrides_of(std::int64_t screening_id) override;

  std::int64_t add_one_rep_max(const OneRepMaxRecord& record) override;
  std::vector<std::int64_t> add_one_rep_maxes(const std::vector<OneRepMaxRecord>& records) override;
  std::vector<OneRepMaxRecord> one_rep_maxes_of(std::int64_t patient_id) override;

  std::int64_t assign_programme(const ProgrammeAssignment& assignment) override;
  std::optional<ProgrammeAssignment> current_programme(std::int64_t patient_id) override;
  std::optional<ProgrammeAssignment> get_programme_assignment(std::int64_t id) override;
  void set_programme_phase(std::int64_t assignment_id, int phase,
                           const std::string& phase_started_at) override;

  void add_events(std::int64_t session_id, std::span<const EventRecord> events) override;
  std::vector<EventRecord> events_of(std::int64_t session_id) override;

  std::string location() const override;

 private:
  // Raises "unknown <what> id <id>" unless `table` has a row with that id.
  void require_row(std::string_view table, std::string_view what, std::int64_t id);

  sqlite::Database database_;
};

}  // namespace bfr::clinic

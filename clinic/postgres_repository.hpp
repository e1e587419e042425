#pragma once
// The PostgreSQL backend of the clinic Repository: one database on a server,
// named by a libpq URL ("postgresql://user@host:5432/openbfr"), migrated to
// the latest schema on open. Its records, checks and messages are those of the
// SQLite backend (see sqlite_repository.hpp for the semantics beyond the
// interface); the schema is the same in PostgreSQL's types
// (postgres_schema_v1.hpp).
//
// Writes run in READ COMMITTED transactions; the ones that read before they
// write (appending to a trace, adding a set, finishing a session) lock the row
// they depend on, so concurrent writers from several processes take turns
// there instead of both passing the check. Multi-query reads run in one
// REPEATABLE READ snapshot.
//
// Not thread-safe: use one instance per thread.

#include <string>

#include "clinic/postgres_handle.hpp"
#include "clinic/repository.hpp"

namespace bfr::clinic {

class PostgresRepository final : public Repository {
 public:
  enum class Open {
    kCreateOrMigrate,  // an empty database gets the schema
    kExistingOnly,     // the database must already hold OpenBFR's schema
  };

  explicit PostgresRepository(const std::string& url, Open open = Open::kCreateOrMigrate);

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

  // The URL without its password.
  std::string location() const override;

 private:
  postgres::Connection connection_;
};

}  // namespace bfr::clinic

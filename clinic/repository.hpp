#pragma once
// The one storage interface of the clinic. Backends are chosen by URL:
// "sqlite:///path/to.db" or a plain file path for SQLite (the default), and
// "postgresql://user@host:5432/database" (or "postgres://...") for PostgreSQL.
// Every write either completes or changes nothing; bad input raises
// StorageError with a message a user can act on.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/records.hpp"

namespace bfr::clinic {

class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Repository {
 public:
  virtual ~Repository() = default;

  virtual std::int64_t add_patient(const Patient& patient) = 0;
  virtual std::optional<Patient> get_patient(std::int64_t id) = 0;
  virtual std::optional<Patient> find_patient_by_name(std::string_view display_name) = 0;
  // Replaces name, demographics, resting BP/HR and notes of patient
  // `patient.id`; created_at stays as it was.
  virtual void update_patient(const Patient& patient) = 0;
  // Every patient, by id.
  virtual std::vector<Patient> list_patients() = 0;

  virtual std::int64_t add_limb(const Limb& limb) = 0;
  virtual std::vector<Limb> limbs_of(std::int64_t patient_id) = 0;

  virtual std::int64_t create_trace(std::string_view kind, double sample_rate_hz) = 0;
  // Appends in one transaction: either all samples land or none.
  virtual void append_trace(std::int64_t trace_id, std::span<const TraceSample> samples) = 0;
  virtual std::vector<TraceSample> load_trace(std::int64_t trace_id) = 0;

  virtual std::int64_t add_lop_measurement(const LopMeasurement& measurement) = 0;
  virtual std::optional<LopMeasurement> get_lop_measurement(std::int64_t id) = 0;
  // Every measurement on the limb, oldest first.
  virtual std::vector<LopMeasurement> lop_measurements_of(std::int64_t limb_id) = 0;
  // The newest measurement with a value (measured or estimated) on the limb
  // in that posture with a cuff of that width (within 0.05 cm), if any.
  virtual std::optional<LopMeasurement> latest_lop(std::int64_t limb_id, Posture posture,
                                                   double cuff_width_cm) = 0;

  // Sessions are opened first (so that a crash leaves a record of what ran)
  // and finished when the cuff is down.
  virtual std::int64_t begin_session(const SessionRecord& session) = 0;
  virtual void finish_session(const SessionRecord& session) = 0;
  virtual std::optional<SessionRecord> get_session(std::int64_t id) = 0;
  virtual std::vector<SessionRecord> sessions_of(std::int64_t patient_id) = 0;

  virtual std::int64_t add_set(const SetRecord& set) = 0;
  virtual std::vector<SetRecord> sets_of(std::int64_t session_id) = 0;
  // Sets the given fields of set `set_index` of the session.
  virtual void record_set_feedback(std::int64_t session_id, int set_index,
                                   const SetFeedback& feedback) = 0;

  virtual std::int64_t add_symptom(const SymptomRecord& symptom) = 0;
  virtual std::vector<SymptomRecord> symptoms_of(std::int64_t session_id) = 0;

  // A screening with its limbs and reasons, in one transaction.
  virtual std::int64_t add_screening(const ScreeningRecord& screening) = 0;
  // The patient's newest screening (by taken_at, then id).
  virtual std::optional<ScreeningRecord> latest_screening(std::int64_t patient_id) = 0;
  // The limb must be one the screening judged.
  virtual std::int64_t add_screening_override(const ScreeningOverrideRecord& given) = 0;
  virtual std::vector<ScreeningOverrideRecord> overrides_of(std::int64_t screening_id) = 0;

  virtual std::int64_t add_one_rep_max(const OneRepMaxRecord& record) = 0;
  // Several records in one transaction (an imported history): every record
  // is checked, and one refused, by the rules or by the store, stores none.
  // The new ids, in the order given.
  virtual std::vector<std::int64_t> add_one_rep_maxes(
      const std::vector<OneRepMaxRecord>& records) = 0;
  // The patient's records, oldest first.
  virtual std::vector<OneRepMaxRecord> one_rep_maxes_of(std::int64_t patient_id) = 0;

  virtual std::int64_t assign_programme(const ProgrammeAssignment& assignment) = 0;
  // The newest assignment of the patient: the programme in force.
  virtual std::optional<ProgrammeAssignment> current_programme(std::int64_t patient_id) = 0;
  virtual std::optional<ProgrammeAssignment> get_programme_assignment(std::int64_t id) = 0;
  // Moves an assignment to `phase` (from 0), started at `phase_started_at`
  // (now when empty).
  virtual void set_programme_phase(std::int64_t assignment_id, int phase,
                                   const std::string& phase_started_at) = 0;

  virtual void add_events(std::int64_t session_id, std::span<const EventRecord> events) = 0;
  virtual std::vector<EventRecord> events_of(std::int64_t session_id) = 0;

  // Where the data lives, for messages ("stored in /home/x/.local/..."): a
  // file path, or a database URL without its password.
  virtual std::string location() const = 0;
};

// Opens (and creates or migrates) the store named by `url`. A PostgreSQL
// database must exist on the server; its tables are created here.
std::unique_ptr<Repository> open_repository(const std::string& url);
// Opens a store that must already exist: commands that only read use this so
// that a mistyped path is an error rather than a new empty database. A
// PostgreSQL database must already hold OpenBFR's schema.
std::unique_ptr<Repository> open_existing_repository(const std::string& url);

// The default database path: $XDG_DATA_HOME/openbfr/openbfr.db, else
// ~/.local/share/openbfr/openbfr.db.
std::string default_database_path();

}  // namespace bfr::clinic

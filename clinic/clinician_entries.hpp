#pragma once
// What a clinician enters outside the screening form, turned into records
// with every clinical rule checked before anything is written: a 1RM
// (entered or from a submaximal test), a screening override for a limb the
// screening did not clear, and a programme assignment. `bfr patient
// one-rep-max`, `bfr screen override`, `bfr program assign` and the web app
// all call these, so the shell and the browser refuse the same things with
// the same words. The store's own field checks (record_validation) still
// run on the write.

#include <cstdint>
#include <optional>
#include <string>

#include "clinic/one_rep_max.hpp"
#include "clinic/programme.hpp"
#include "clinic/records.hpp"
#include "clinic/repository.hpp"
#include "clinic/rule_result.hpp"
#include "clinic/screening.hpp"

namespace bfr::clinic {

// Either `one_rep_max_kg` (measured or known) or `test_load_kg` with
// `test_reps` (a submaximal test, estimated by `equation`).
struct OneRepMaxEntry {
  std::int64_t patient_id = 0;
  std::string exercise;
  std::optional<double> one_rep_max_kg;
  std::optional<double> test_load_kg;
  std::optional<int> test_reps;
  OneRmEquation equation = OneRmEquation::kEpley;
  std::string recorded_at;  // ISO 8601 UTC
};

std::string_view equation_name(OneRmEquation equation);
std::optional<OneRmEquation> parse_equation(std::string_view name);  // "epley", "brzycki"

Result<OneRepMaxRecord> one_rep_max_record(const OneRepMaxEntry& entry);

// An override of `limb` on the patient's newest screening. Refused when
// there is no screening, when that screening did not judge the limb, or
// when it cleared the limb (nothing to override).
Result<ScreeningOverrideRecord> screening_override_record(
    const std::optional<ScreeningRecord>& newest_screening, const std::string& patient_name,
    const LimbKey& limb, std::string clinician, std::string reason, std::string given_at);

// An override is read with the screening it was given for (screening_gate):
// it lapses when that screening does. The end of its validity, ISO 8601 UTC.
std::optional<std::string> override_expires_at(const ScreeningRecord& screening);

// `programme` from `phase_number` (from 1; a clinician may start a patient
// further on) at `started_at`. Refuses a phase the programme does not have.
Result<ProgrammeAssignment> programme_assignment(std::int64_t patient_id,
                                                 const Programme& programme, std::string source,
                                                 const std::string& started_at, int phase_number);

// Moves the patient's programme in force to `phase_number` (from 1) from
// `at`, and returns the stored assignment. Refused, with nothing written,
// when the patient has no programme or the programme has no such phase.
Result<ProgrammeAssignment> change_programme_phase(Repository& repository, const Patient& patient,
                                                   int phase_number, const std::string& at);

}  // namespace bfr::clinic

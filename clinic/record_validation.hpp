#pragma once
// Input checks run before anything is written, so that bad input is reported
// with the field name and the accepted range instead of a bare SQL constraint
// name. The schema repeats the same limits as CHECK constraints (see
// schema_v1.hpp); keep the two in step when a limit changes.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "clinic/records.hpp"

namespace bfr::clinic {

// Each raises StorageError naming the first offending field.
void validate_new_patient(const Patient& patient);
void validate_new_limb(const Limb& limb);
void validate_new_trace(std::string_view kind, double sample_rate_hz);
// `last_stored_t_s` is the time of the trace's last stored sample, if any:
// samples must continue strictly after it.
void validate_trace_samples(std::span<const TraceSample> samples,
                            std::optional<double> last_stored_t_s);
void validate_new_lop_measurement(const LopMeasurement& measurement);
void validate_session_start(const SessionRecord& session);
void validate_session_finish(const SessionRecord& session);
void validate_new_set(const SetRecord& set);
void validate_events(std::span<const EventRecord> events);

// Schema v2.
// An existing patient's new values: as a new patient, but with its id.
void validate_patient_update(const Patient& patient);
void validate_set_feedback(const SetFeedback& feedback);
void validate_new_symptom(const SymptomRecord& symptom);
void validate_new_screening(const ScreeningRecord& screening);
void validate_new_override(const ScreeningOverrideRecord& given);
void validate_new_one_rep_max(const OneRepMaxRecord& record);
void validate_new_assignment(const ProgrammeAssignment& assignment);
void validate_phase_change(int phase, const std::string& phase_started_at);

}  // namespace bfr::clinic

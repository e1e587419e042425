#pragma once
// The column lists and row readers that both SQL backends share, so that they
// select the same columns in the same order and map them to records the same
// way. `Row` is sqlite::Statement or postgres::Row: both read a column by
// number with int64(), int32(), real(), text(), optional_int64() and
// optional_real().

#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "clinic/enum_text.hpp"
#include "clinic/records.hpp"
#include "clinic/repository.hpp"

namespace bfr::clinic::record_rows {

// Cuff widths are typed in by hand ("11.5"); within this they are the same
// cuff when a LOP measurement is looked up.
inline constexpr double kCuffWidthToleranceCm = 0.05;

// "left thigh", for messages about one limb.
inline std::string limb_words(LimbSide side, LimbSegment segment) {
  return fmt::format("{} {}", to_text(side), to_text(segment));
}

// Enum text in the database is guarded by CHECK constraints, so an unknown
// value means the database was changed by something else.
template <typename Enum>
Enum parse_stored(std::optional<Enum> (*parse)(std::string_view), const std::string& text,
                  std::string_view column) {
  const std::optional<Enum> value = parse(text);
  if (!value) throw StorageError(fmt::format("database holds an unknown {} '{}'", column, text));
  return *value;
}

// A nullable INTEGER column holding an int (the schema's CHECKs bound it).
template <typename Row>
std::optional<int> optional_int(const Row& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return row.int32(column);
}

inline constexpr std::string_view kPatientColumns =
    "id, display_name, birth_year, sex, resting_sbp_mmhg, resting_dbp_mmhg, resting_hr_bpm, "
    "notes, created_at";

template <typename Row>
Patient read_patient(const Row& row) {
  Patient patient;
  patient.id = row.int64(0);
  patient.display_name = row.text(1);
  patient.birth_year = row.int32(2);
  patient.sex = parse_stored(parse_sex, row.text(3), "sex");
  patient.resting_sbp_mmhg = row.real(4);
  patient.resting_dbp_mmhg = row.real(5);
  patient.resting_hr_bpm = row.real(6);
  patient.notes = row.text(7);
  patient.created_at = row.text(8);
  return patient;
}

inline constexpr std::string_view kLimbColumns = "id, patient_id, side, segment, circumference_cm";

template <typename Row>
Limb read_limb(const Row& row) {
  Limb limb;
  limb.id = row.int64(0);
  limb.patient_id = row.int64(1);
  limb.side = parse_stored(parse_limb_side, row.text(2), "limb side");
  limb.segment = parse_stored(parse_limb_segment, row.text(3), "limb segment");
  limb.circumference_cm = row.real(4);
  return limb;
}

inline constexpr std::string_view kTraceSampleColumns =
    "t_s, cuff_mmhg, target_mmhg, phase, set_index";

template <typename Row>
TraceSample read_trace_sample(const Row& row) {
  return TraceSample{.t_s = row.real(0),
                     .cuff_mmhg = row.real(1),
                     .target_mmhg = row.real(2),
                     .phase = row.int32(3),
                     .set_index = row.int32(4)};
}

inline constexpr std::string_view kLopColumns =
    "id, limb_id, measured_at, method, lop_mmhg, quality, posture, cuff_width_cm, "
    "heart_rate_bpm, sim_true_lop_mmhg, abort_reason, trace_id";

template <typename Row>
LopMeasurement read_lop_measurement(const Row& row) {
  LopMeasurement measurement;
  measurement.id = row.int64(0);
  measurement.limb_id = row.int64(1);
  measurement.measured_at = row.text(2);
  measurement.method = parse_stored(parse_lop_method, row.text(3), "LOP method");
  measurement.lop_mmhg = row.optional_real(4);
  measurement.quality = row.real(5);
  measurement.posture = parse_stored(parse_posture, row.text(6), "posture");
  measurement.cuff_width_cm = row.real(7);
  measurement.heart_rate_bpm = row.optional_real(8);
  measurement.sim_true_lop_mmhg = row.optional_real(9);
  measurement.abort_reason = row.text(10);
  measurement.trace_id = row.optional_int64(11);
  return measurement;
}

inline constexpr std::string_view kSessionColumns =
    "id, patient_id, limb_id, lop_measurement_id, started_at, ended_at, exercise, device, "
    "target_fraction, target_mmhg, rest_s, total_restriction_s, stop_reason, trace_id, "
    "programme_assignment_id, phase_index";

template <typename Row>
SessionRecord read_session(const Row& row) {
  SessionRecord session;
  session.id = row.int64(0);
  session.patient_id = row.int64(1);
  session.limb_id = row.int64(2);
  session.lop_measurement_id = row.optional_int64(3);
  session.started_at = row.text(4);
  session.ended_at = row.text(5);  // NULL (running) reads as empty
  session.exercise = row.text(6);
  session.device = row.text(7);
  session.target_fraction = row.real(8);
  session.target_mmhg = row.real(9);
  session.rest_s = row.real(10);
  session.total_restriction_s = row.real(11);
  session.stop_reason = row.text(12);
  session.trace_id = row.optional_int64(13);
  session.programme_assignment_id = row.optional_int64(14);
  session.phase_index = optional_int(row, 15);
  return session;
}

inline constexpr std::string_view kSetColumns =
    "id, session_id, set_index, target_reps, actual_reps, started_s, duration_s, rest_after_s, "
    "time_in_band_fraction, peak_mmhg, mean_mmhg, min_mmhg, load_kg, rpe_cr10, pain_0_10";

template <typename Row>
SetRecord read_set(const Row& row) {
  SetRecord set;
  set.id = row.int64(0);
  set.session_id = row.int64(1);
  set.set_index = row.int32(2);
  set.target_reps = row.int32(3);
  set.actual_reps = row.int32(4);
  set.started_s = row.real(5);
  set.duration_s = row.real(6);
  set.rest_after_s = row.real(7);
  set.time_in_band_fraction = row.real(8);
  set.peak_mmhg = row.real(9);
  set.mean_mmhg = row.real(10);
  set.min_mmhg = row.real(11);
  set.load_kg = row.optional_real(12);
  set.rpe_cr10 = row.optional_real(13);
  set.pain_0_10 = optional_int(row, 14);
  return set;
}

inline constexpr std::string_view kEventColumns = "t_s, kind, detail";

template <typename Row>
EventRecord read_event(const Row& row) {
  return EventRecord{.t_s = row.real(0), .kind = row.text(1), .detail = row.text(2)};
}

inline constexpr std::string_view kSymptomColumns =
    "id, session_id, symptom, severity, noted_at, note";

template <typename Row>
SymptomRecord read_symptom(const Row& row) {
  return SymptomRecord{.id = row.int64(0),
                       .session_id = row.int64(1),
                       .symptom = row.text(2),
                       .severity = row.text(3),
                       .noted_at = row.text(4),
                       .note = row.text(5)};
}

inline constexpr std::string_view kScreeningColumns =
    "id, patient_id, taken_at, answers_text, answers_fingerprint, validity_days, age_years, "
    "dvt_risk_points";

// Without the limbs, which come from their own table.
template <typename Row>
ScreeningRecord read_screening(const Row& row) {
  ScreeningRecord screening;
  screening.id = row.int64(0);
  screening.patient_id = row.int64(1);
  screening.taken_at = row.text(2);
  screening.answers_text = row.text(3);
  screening.answers_fingerprint = row.text(4);
  screening.validity_days = row.int32(5);
  screening.age_years = row.int32(6);
  screening.dvt_risk_points = row.int32(7);
  return screening;
}

inline constexpr std::string_view kScreeningLimbColumns = "side, segment, outcome";

template <typename Row>
ScreeningLimbRecord read_screening_limb(const Row& row) {
  ScreeningLimbRecord limb;
  limb.side = parse_stored(parse_limb_side, row.text(0), "limb side");
  limb.segment = parse_stored(parse_limb_segment, row.text(1), "limb segment");
  limb.outcome = row.text(2);
  return limb;
}

// Reasons of every limb of one screening, with their limb first.
inline constexpr std::string_view kScreeningReasonColumns = "side, segment, level, text";

inline constexpr std::string_view kOverrideColumns =
    "id, screening_id, side, segment, clinician, reason, given_at";

template <typename Row>
ScreeningOverrideRecord read_override(const Row& row) {
  ScreeningOverrideRecord given;
  given.id = row.int64(0);
  given.screening_id = row.int64(1);
  given.side = parse_stored(parse_limb_side, row.text(2), "limb side");
  given.segment = parse_stored(parse_limb_segment, row.text(3), "limb segment");
  given.clinician = row.text(4);
  given.reason = row.text(5);
  given.given_at = row.text(6);
  return given;
}

inline constexpr std::string_view kOneRepMaxColumns =
    "id, patient_id, exercise, one_rep_max_kg, method, test_load_kg, test_reps, recorded_at";

template <typename Row>
OneRepMaxRecord read_one_rep_max(const Row& row) {
  OneRepMaxRecord record;
  record.id = row.int64(0);
  record.patient_id = row.int64(1);
  record.exercise = row.text(2);
  record.one_rep_max_kg = row.real(3);
  record.method = row.text(4);
  record.test_load_kg = row.optional_real(5);
  record.test_reps = optional_int(row, 6);
  record.recorded_at = row.text(7);
  return record;
}

inline constexpr std::string_view kAssignmentColumns =
    "id, patient_id, programme_name, source, programme_json, current_phase, started_at, "
    "phase_started_at";

template <typename Row>
ProgrammeAssignment read_assignment(const Row& row) {
  ProgrammeAssignment assignment;
  assignment.id = row.int64(0);
  assignment.patient_id = row.int64(1);
  assignment.programme_name = row.text(2);
  assignment.source = row.text(3);
  assignment.programme_json = row.text(4);
  assignment.current_phase = row.int32(5);
  assignment.started_at = row.text(6);
  assignment.phase_started_at = row.text(7);
  return assignment;
}

}  // namespace bfr::clinic::record_rows

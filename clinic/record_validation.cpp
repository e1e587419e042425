#include "clinic/record_validation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "clinic/enum_text.hpp"
#include "clinic/repository.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::clinic {

namespace {

struct Range {
  double low;
  double high;
};

// Plausibility limits: wide enough for any real patient or device, narrow
// enough to catch unit mix-ups (kPa for mmHg, mm for cm) and unset fields.
constexpr Range kBirthYear{1900, 2100};
constexpr Range kSystolicMmhg{60, 260};
constexpr Range kDiastolicMmhg{30, 160};
constexpr Range kHeartRateBpm{25, 220};
constexpr Range kCircumferenceCm{10, 120};
constexpr Range kLopMmhg{20, 400};
constexpr Range kCuffWidthCm{2, 50};
constexpr Range kFraction{0, 1};
constexpr Range kSampleRateHz{0.001, 100000};
// Targets are commands; measured pressures may dip slightly below zero
// through sensor offset and overshoot a target.
constexpr Range kTargetMmhg{0, 400};
constexpr Range kMeasuredMmhg{-50, 500};
// Schema v2: loads in kg (a unit mix-up beyond), Borg CR-10, pain 0-10.
constexpr Range kLoadKg{0, 1000};
constexpr Range kRpeCr10{0, 10};
constexpr int kMaxPain = 10;
constexpr Range kValidityDays{1, 365};
constexpr Range kAgeYears{0, 150};
// 1RM equations are trusted up to 12 reps (one_rep_max.hpp).
constexpr int kMaxTestReps = 12;

constexpr std::array<std::string_view, 5> kSymptomNames{
    "numbness", "dizziness_or_fainting", "bruising", "unusual_pain", "excessive_soreness"};
constexpr std::array<std::string_view, 3> kSeverityNames{"mild", "moderate", "severe"};
constexpr std::array<std::string_view, 3> kOutcomeNames{"cleared", "needs_clinician_clearance",
                                                        "contraindicated"};
constexpr std::array<std::string_view, 3> kOneRmMethods{"entered", "epley", "brzycki"};
constexpr std::array<std::string_view, 2> kProgrammeSources{"template", "custom"};

// Checks the fields of one record; every message starts with the record name.
class FieldChecker {
 public:
  explicit FieldChecker(std::string record) : record_(std::move(record)) {}

  [[noreturn]] void fail(std::string_view problem) const {
    throw StorageError(fmt::format("{}: {}", record_, problem));
  }

  void in_range(std::string_view field, double value, Range range) const {
    // Written so that NaN fails too.
    if (!(value >= range.low && value <= range.high)) {
      fail(fmt::format("{} must be between {} and {} (got {})", field, range.low, range.high,
                       value));
    }
  }

  void at_least(std::string_view field, double value, double low) const {
    if (!std::isfinite(value))
      fail(fmt::format("{} must be a finite number (got {})", field, value));
    if (value < low) fail(fmt::format("{} must be >= {} (got {})", field, low, value));
  }

  void at_least(std::string_view field, int value, int low) const {
    if (value < low) fail(fmt::format("{} must be >= {} (got {})", field, low, value));
  }

  void not_blank(std::string_view field, std::string_view value) const {
    const bool blank = std::all_of(value.begin(), value.end(), [](char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    });
    if (blank) fail(fmt::format("{} must not be empty", field));
  }

  void blank(std::string_view field, std::string_view value, std::string_view why) const {
    if (!value.empty()) fail(fmt::format("{} must be empty {} (got '{}')", field, why, value));
  }

  void timestamp_or_empty(std::string_view field, std::string_view value) const {
    if (!value.empty() && !is_utc_timestamp(value)) {
      fail(fmt::format("{} must look like 2024-05-31T14:03:00Z (UTC) or be empty (got '{}')", field,
                       value));
    }
  }

  // Ids are assigned by the repository; a set id on a new record usually
  // means the caller meant to update an existing one.
  void new_id(std::int64_t id) const {
    if (id != 0) fail(fmt::format("id must be 0 for a new record (got {})", id));
  }

  template <std::size_t kSize>
  void one_of(std::string_view field, std::string_view value,
              const std::array<std::string_view, kSize>& names) const {
    if (std::find(names.begin(), names.end(), value) != names.end()) return;
    std::string list;
    for (const std::string_view name : names)
      list += fmt::format("{}{}", list.empty() ? "" : ", ", name);
    fail(fmt::format("{} must be one of {} (got '{}')", field, list, value));
  }

  template <typename Enum>
  void known_enum(std::string_view field, Enum value) const {
    if (to_text(value) == "unknown") {
      fail(fmt::format("{} has an invalid value {}", field, static_cast<int>(value)));
    }
  }

 private:
  std::string record_;
};

}  // namespace

namespace {

void check_patient_fields(const FieldChecker& check, const Patient& patient) {
  check.not_blank("display_name", patient.display_name);
  check.in_range("birth_year", patient.birth_year, kBirthYear);
  check.known_enum("sex", patient.sex);
  check.in_range("resting_sbp_mmhg", patient.resting_sbp_mmhg, kSystolicMmhg);
  check.in_range("resting_dbp_mmhg", patient.resting_dbp_mmhg, kDiastolicMmhg);
  if (patient.resting_dbp_mmhg >= patient.resting_sbp_mmhg) {
    check.fail(fmt::format("resting_dbp_mmhg ({}) must be below resting_sbp_mmhg ({})",
                           patient.resting_dbp_mmhg, patient.resting_sbp_mmhg));
  }
  check.in_range("resting_hr_bpm", patient.resting_hr_bpm, kHeartRateBpm);
  check.timestamp_or_empty("created_at", patient.created_at);
}

}  // namespace

void validate_new_patient(const Patient& patient) {
  const FieldChecker check("patient");
  check.new_id(patient.id);
  check_patient_fields(check, patient);
}

void validate_patient_update(const Patient& patient) {
  const FieldChecker check(fmt::format("patient {}", patient.id));
  check_patient_fields(check, patient);
}

void validate_new_limb(const Limb& limb) {
  const FieldChecker check("limb");
  check.new_id(limb.id);
  check.known_enum("side", limb.side);
  check.known_enum("segment", limb.segment);
  check.in_range("circumference_cm", limb.circumference_cm, kCircumferenceCm);
}

void validate_new_trace(std::string_view kind, double sample_rate_hz) {
  const FieldChecker check("trace");
  check.not_blank("kind", kind);
  check.in_range("sample_rate_hz", sample_rate_hz, kSampleRateHz);
}

void validate_trace_samples(std::span<const TraceSample> samples,
                            std::optional<double> last_stored_t_s) {
  std::optional<double> previous_t_s = last_stored_t_s;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const TraceSample& sample = samples[i];
    const FieldChecker check(fmt::format("trace sample {}", i));
    check.at_least("t_s", sample.t_s, 0.0);
    if (previous_t_s && !(sample.t_s > *previous_t_s)) {
      check.fail(fmt::format("t_s must be strictly increasing: {} does not follow {}{}", sample.t_s,
                             *previous_t_s, i == 0 ? " (the last stored sample)" : ""));
    }
    check.in_range("cuff_mmhg", sample.cuff_mmhg, kMeasuredMmhg);
    check.in_range("target_mmhg", sample.target_mmhg, kTargetMmhg);
    check.at_least("phase", sample.phase, 0);
    check.at_least("set_index", sample.set_index, -1);
    previous_t_s = sample.t_s;
  }
}

void validate_new_lop_measurement(const LopMeasurement& measurement) {
  const FieldChecker check("LOP measurement");
  check.new_id(measurement.id);
  check.timestamp_or_empty("measured_at", measurement.measured_at);
  check.known_enum("method", measurement.method);
  if (measurement.lop_mmhg) {
    check.in_range("lop_mmhg", *measurement.lop_mmhg, kLopMmhg);
  } else {
    check.not_blank("abort_reason (required when lop_mmhg is empty)", measurement.abort_reason);
  }
  check.in_range("quality", measurement.quality, kFraction);
  check.known_enum("posture", measurement.posture);
  check.in_range("cuff_width_cm", measurement.cuff_width_cm, kCuffWidthCm);
  if (measurement.heart_rate_bpm) {
    check.in_range("heart_rate_bpm", *measurement.heart_rate_bpm, kHeartRateBpm);
  }
  if (measurement.sim_true_lop_mmhg) {
    check.in_range("sim_true_lop_mmhg", *measurement.sim_true_lop_mmhg, kLopMmhg);
  }
}

void validate_session_start(const SessionRecord& session) {
  const FieldChecker check("session");
  check.new_id(session.id);
  check.timestamp_or_empty("started_at", session.started_at);
  check.blank("ended_at", session.ended_at, "when a session begins");
  check.blank("stop_reason", session.stop_reason, "when a session begins");
  check.not_blank("exercise", session.exercise);
  check.not_blank("device", session.device);
  check.in_range("target_fraction", session.target_fraction, kFraction);
  check.in_range("target_mmhg", session.target_mmhg, kTargetMmhg);
  check.at_least("rest_s", session.rest_s, 0.0);
  check.at_least("total_restriction_s", session.total_restriction_s, 0.0);
  if (session.phase_index) check.at_least("phase_index", *session.phase_index, 0);
  if (session.phase_index && !session.programme_assignment_id) {
    check.fail("phase_index needs programme_assignment_id");
  }
}

void validate_session_finish(const SessionRecord& session) {
  const FieldChecker check(fmt::format("session {}", session.id));
  check.timestamp_or_empty("ended_at", session.ended_at);
  check.not_blank("stop_reason", session.stop_reason);
  check.at_least("total_restriction_s", session.total_restriction_s, 0.0);
}

namespace {

void check_set_feedback(const FieldChecker& check, const std::optional<double>& load_kg,
                        const std::optional<double>& rpe_cr10, const std::optional<int>& pain) {
  if (load_kg) check.in_range("load_kg", *load_kg, kLoadKg);
  if (rpe_cr10) check.in_range("rpe_cr10", *rpe_cr10, kRpeCr10);
  if (pain && (*pain < 0 || *pain > kMaxPain)) {
    check.fail(fmt::format("pain_0_10 must be between 0 and {} (got {})", kMaxPain, *pain));
  }
}

}  // namespace

void validate_new_set(const SetRecord& set) {
  const FieldChecker check("set");
  check.new_id(set.id);
  check.at_least("set_index", set.set_index, 0);
  check.at_least("target_reps", set.target_reps, 0);
  check.at_least("actual_reps", set.actual_reps, 0);
  check.at_least("started_s", set.started_s, 0.0);
  check.at_least("duration_s", set.duration_s, 0.0);
  check.at_least("rest_after_s", set.rest_after_s, 0.0);
  check.in_range("time_in_band_fraction", set.time_in_band_fraction, kFraction);
  check.in_range("peak_mmhg", set.peak_mmhg, kMeasuredMmhg);
  check.in_range("mean_mmhg", set.mean_mmhg, kMeasuredMmhg);
  check.in_range("min_mmhg", set.min_mmhg, kMeasuredMmhg);
  if (!(set.min_mmhg <= set.mean_mmhg && set.mean_mmhg <= set.peak_mmhg)) {
    check.fail(fmt::format("expected min_mmhg <= mean_mmhg <= peak_mmhg (got {}, {}, {})",
                           set.min_mmhg, set.mean_mmhg, set.peak_mmhg));
  }
  check_set_feedback(check, set.load_kg, set.rpe_cr10, set.pain_0_10);
}

void validate_set_feedback(const SetFeedback& feedback) {
  const FieldChecker check("set feedback");
  check_set_feedback(check, feedback.load_kg, feedback.rpe_cr10, feedback.pain_0_10);
  if (!feedback.load_kg && !feedback.rpe_cr10 && !feedback.pain_0_10) {
    check.fail("give at least one of load_kg, rpe_cr10 and pain_0_10");
  }
}

void validate_new_symptom(const SymptomRecord& symptom) {
  const FieldChecker check("symptom");
  check.new_id(symptom.id);
  check.one_of("symptom", symptom.symptom, kSymptomNames);
  check.one_of("severity", symptom.severity, kSeverityNames);
  check.timestamp_or_empty("noted_at", symptom.noted_at);
}

void validate_new_screening(const ScreeningRecord& screening) {
  const FieldChecker check("screening");
  check.new_id(screening.id);
  check.timestamp_or_empty("taken_at", screening.taken_at);
  check.not_blank("answers_text", screening.answers_text);
  if (screening.answers_fingerprint.size() != 16) {
    check.fail(fmt::format("answers_fingerprint must be 16 hex digits (got '{}')",
                           screening.answers_fingerprint));
  }
  check.in_range("validity_days", screening.validity_days, kValidityDays);
  check.in_range("age_years", screening.age_years, kAgeYears);
  check.at_least("dvt_risk_points", screening.dvt_risk_points, 0);
  if (screening.limbs.empty()) check.fail("at least one limb must be screened");
  for (std::size_t i = 0; i < screening.limbs.size(); ++i) {
    const ScreeningLimbRecord& limb = screening.limbs[i];
    const FieldChecker limb_check(
        fmt::format("screening limb {} {}", to_text(limb.side), to_text(limb.segment)));
    limb_check.known_enum("side", limb.side);
    limb_check.known_enum("segment", limb.segment);
    limb_check.one_of("outcome", limb.outcome, kOutcomeNames);
    for (const ScreeningReasonRecord& reason : limb.reasons) {
      limb_check.one_of("reason level", reason.level, kOutcomeNames);
      limb_check.not_blank("reason text", reason.text);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (screening.limbs[j].side == limb.side && screening.limbs[j].segment == limb.segment) {
        limb_check.fail("is screened twice");
      }
    }
  }
}

void validate_new_override(const ScreeningOverrideRecord& given) {
  const FieldChecker check("screening override");
  check.new_id(given.id);
  check.known_enum("side", given.side);
  check.known_enum("segment", given.segment);
  check.not_blank("clinician", given.clinician);
  check.not_blank("reason", given.reason);
  check.timestamp_or_empty("given_at", given.given_at);
}

void validate_new_one_rep_max(const OneRepMaxRecord& record) {
  const FieldChecker check("1RM record");
  check.new_id(record.id);
  check.not_blank("exercise", record.exercise);
  if (!(record.one_rep_max_kg > 0 && record.one_rep_max_kg <= kLoadKg.high)) {
    check.fail(fmt::format("one_rep_max_kg must be above 0 and at most {} (got {})", kLoadKg.high,
                           record.one_rep_max_kg));
  }
  check.one_of("method", record.method, kOneRmMethods);
  const bool entered = record.method == "entered";
  if (entered && (record.test_load_kg || record.test_reps)) {
    check.fail("an entered 1RM has no test load or reps");
  }
  if (!entered && (!record.test_load_kg || !record.test_reps)) {
    check.fail(fmt::format("a 1RM by {} needs the test's load and reps", record.method));
  }
  if (record.test_load_kg && !(*record.test_load_kg > 0 && *record.test_load_kg <= kLoadKg.high)) {
    check.fail(fmt::format("test_load_kg must be above 0 and at most {} (got {})", kLoadKg.high,
                           *record.test_load_kg));
  }
  if (record.test_reps && (*record.test_reps < 1 || *record.test_reps > kMaxTestReps)) {
    check.fail(fmt::format("test_reps must be between 1 and {} (got {})", kMaxTestReps,
                           *record.test_reps));
  }
  check.timestamp_or_empty("recorded_at", record.recorded_at);
}

void validate_new_assignment(const ProgrammeAssignment& assignment) {
  const FieldChecker check("programme assignment");
  check.new_id(assignment.id);
  check.not_blank("programme_name", assignment.programme_name);
  check.one_of("source", assignment.source, kProgrammeSources);
  check.not_blank("programme_json", assignment.programme_json);
  check.at_least("current_phase", assignment.current_phase, 0);
  check.timestamp_or_empty("started_at", assignment.started_at);
  check.timestamp_or_empty("phase_started_at", assignment.phase_started_at);
}

void validate_phase_change(int phase, const std::string& phase_started_at) {
  const FieldChecker check("programme phase");
  check.at_least("phase", phase, 0);
  check.timestamp_or_empty("phase_started_at", phase_started_at);
}

void validate_events(std::span<const EventRecord> events) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const FieldChecker check(fmt::format("event {}", i));
    check.at_least("t_s", events[i].t_s, 0.0);
    check.not_blank("kind", events[i].kind);
  }
}

}  // namespace bfr::clinic

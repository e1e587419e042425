#include "clinic/record_validation.hpp"

#include <algorithm>
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

void validate_new_patient(const Patient& patient) {
  const FieldChecker check("patient");
  check.new_id(patient.id);
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
}

void validate_session_finish(const SessionRecord& session) {
  const FieldChecker check(fmt::format("session {}", session.id));
  check.timestamp_or_empty("ended_at", session.ended_at);
  check.not_blank("stop_reason", session.stop_reason);
  check.at_least("total_restriction_s", session.total_restriction_s, 0.0);
}

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
}

void validate_events(std::span<const EventRecord> events) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const FieldChecker check(fmt::format("event {}", i));
    check.at_least("t_s", events[i].t_s, 0.0);
    check.not_blank("kind", events[i].kind);
  }
}

}  // namespace bfr::clinic

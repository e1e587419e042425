#pragma once
// Plain records that the clinic layer stores and reads back. They are host
// types (strings, optionals, doubles): the portable core never sees them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/limb_segment.hpp"

namespace bfr::clinic {

enum class Sex { kMale, kFemale };
enum class LimbSide { kLeft, kRight };
enum class LimbSegment { kThigh, kUpperArm };
// The same segment as the core names it (the LOP measurement's pace, the
// prediction equations).
inline core::LimbSegment core_segment(LimbSegment segment) {
  return segment == LimbSegment::kThigh ? core::LimbSegment::kThigh : core::LimbSegment::kUpperArm;
}
enum class Posture { kSupine, kSeated, kStanding };

// How a LOP value came about. Estimated values are never mixed with measured
// ones silently: every reader sees this field.
enum class LopMethod { kMeasured, kEstimated };

struct Patient {
  std::int64_t id = 0;
  std::string display_name;
  int birth_year = 0;
  Sex sex = Sex::kFemale;
  double resting_sbp_mmhg = 0;
  double resting_dbp_mmhg = 0;
  double resting_hr_bpm = 0;
  std::string notes;
  std::string created_at;  // ISO 8601 UTC, set by the repository
};

struct Limb {
  std::int64_t id = 0;
  std::int64_t patient_id = 0;
  LimbSide side = LimbSide::kRight;
  LimbSegment segment = LimbSegment::kThigh;
  double circumference_cm = 0;
};

// A pressure trace: a run of samples at a fixed rate, referenced by LOP
// measurements and sessions.
struct TraceSample {
  double t_s = 0;          // seconds since the trace started
  double cuff_mmhg = 0;    // measured cuff pressure
  double target_mmhg = 0;  // regulator target, 0 when none
  int phase = 0;           // core::Phase as its integer value
  int set_index = -1;      // -1 outside a set
};

struct LopMeasurement {
  std::int64_t id = 0;
  std::int64_t limb_id = 0;
  std::string measured_at;  // ISO 8601 UTC
  LopMethod method = LopMethod::kMeasured;
  std::optional<double> lop_mmhg;  // empty when the measurement failed
  double quality = 0;              // 0..1
  Posture posture = Posture::kSeated;
  double cuff_width_cm = 0;
  std::optional<double> heart_rate_bpm;
  std::optional<double> sim_true_lop_mmhg;  // only for simulated limbs
  std::string abort_reason;                 // empty on success
  std::optional<std::int64_t> trace_id;
};

struct SessionRecord {
  std::int64_t id = 0;
  std::int64_t patient_id = 0;
  std::int64_t limb_id = 0;
  std::optional<std::int64_t> lop_measurement_id;
  std::string started_at;  // ISO 8601 UTC
  std::string ended_at;    // empty while running
  std::string exercise;
  std::string device;          // "simulated" or a device address
  double target_fraction = 0;  // of LOP, 0..1
  double target_mmhg = 0;
  double rest_s = 0;
  double total_restriction_s = 0;
  std::string stop_reason;  // "completed", "stopped", an alarm name...
  std::optional<std::int64_t> trace_id;
  // The programme and phase the session belonged to (schema v2), if any.
  std::optional<std::int64_t> programme_assignment_id;
  std::optional<int> phase_index;
};

// One set, kept as target/actual pairs so that what was planned and what
// happened are always side by side.
struct SetRecord {
  std::int64_t id = 0;
  std::int64_t session_id = 0;
  int set_index = 0;  // from 0
  int target_reps = 0;
  int actual_reps = 0;
  double started_s = 0;  // since the session trace started
  double duration_s = 0;
  double rest_after_s = 0;
  double time_in_band_fraction = 0;  // share of the set within +-10 % of target
  double peak_mmhg = 0;
  double mean_mmhg = 0;
  double min_mmhg = 0;
  // What the patient lifted and reported (schema v2); empty when not entered.
  std::optional<double> load_kg;   // 0 for bodyweight
  std::optional<double> rpe_cr10;  // Borg CR-10, 0-10
  std::optional<int> pain_0_10;    // numeric rating scale
};

// Entered after a set: only the given fields change.
struct SetFeedback {
  std::optional<double> load_kg;
  std::optional<double> rpe_cr10;
  std::optional<int> pain_0_10;
};

struct EventRecord {
  double t_s = 0;
  std::string kind;
  std::string detail;
};

// A symptom reported during or after a session (bfr-facts §1, adverse
// events). Symptom and severity are the rules' names ("numbness", "mild"...).
struct SymptomRecord {
  std::int64_t id = 0;
  std::int64_t session_id = 0;
  std::string symptom;   // numbness, dizziness_or_fainting, bruising, unusual_pain,
                         // excessive_soreness
  std::string severity;  // mild, moderate, severe
  std::string noted_at;  // ISO 8601 UTC, set by the repository when empty
  std::string note;
};

// One limb's screening outcome with the reasons behind it. Outcomes and
// levels are the rules' names: "cleared", "needs_clinician_clearance",
// "contraindicated" (a reason at "cleared" is a note).
struct ScreeningReasonRecord {
  std::string level;
  std::string text;
};

struct ScreeningLimbRecord {
  LimbSide side = LimbSide::kRight;
  LimbSegment segment = LimbSegment::kThigh;
  std::string outcome;
  std::vector<ScreeningReasonRecord> reasons;
};

struct ScreeningRecord {
  std::int64_t id = 0;
  std::int64_t patient_id = 0;
  std::string taken_at;             // ISO 8601 UTC
  std::string answers_text;         // clinic::canonical_answers() of the answers judged
  std::string answers_fingerprint;  // clinic::answers_fingerprint() of the same
  int validity_days = 30;           // expiry rule: valid for this many days
  int age_years = 0;
  int dvt_risk_points = 0;
  std::vector<ScreeningLimbRecord> limbs;  // at least one
};

// A clinician lets a limb that was not cleared by `screening_id` train.
struct ScreeningOverrideRecord {
  std::int64_t id = 0;
  std::int64_t screening_id = 0;
  LimbSide side = LimbSide::kRight;
  LimbSegment segment = LimbSegment::kThigh;
  std::string clinician;
  std::string reason;
  std::string given_at;  // ISO 8601 UTC, set by the repository when empty
};

// A one-repetition maximum, entered directly (method "entered") or estimated
// from a submaximal test ("epley" or "brzycki", with the test's load and reps).
struct OneRepMaxRecord {
  std::int64_t id = 0;
  std::int64_t patient_id = 0;
  std::string exercise;
  double one_rep_max_kg = 0;
  std::string method = "entered";
  std::optional<double> test_load_kg;
  std::optional<int> test_reps;
  std::string recorded_at;  // ISO 8601 UTC, set by the repository when empty
};

// A programme given to a patient. The whole programme is kept (as JSON of
// clinic::Programme), so that a template changed later, or a custom
// programme, still reads back as it was assigned.
struct ProgrammeAssignment {
  std::int64_t id = 0;
  std::int64_t patient_id = 0;
  std::string programme_name;
  std::string source = "template";  // "template" or "custom"
  std::string programme_json;
  int current_phase = 0;         // from 0
  std::string started_at;        // ISO 8601 UTC, set by the repository when empty
  std::string phase_started_at;  // likewise
};

}  // namespace bfr::clinic

#pragma once
// What the session and progress reports show, gathered in one place. The
// loader (report_loader.hpp) fills it from the store; what the store does not
// hold for a session (no screening, no programme, no feedback entered) stays
// empty and prints as "not recorded".

#include <optional>
#include <string>
#include <vector>

#include "clinic/programme.hpp"
#include "clinic/progression.hpp"
#include "clinic/records.hpp"
#include "clinic/screening.hpp"

namespace bfr::report {

// The patient's newest screening as it concerns the limb the session used.
struct ScreeningSummary {
  std::string screened_at;  // ISO 8601 UTC
  // The limb's outcome and reasons; empty when the screening did not judge
  // this limb.
  std::optional<clinic::LimbScreening> limb;
  std::vector<clinic::LimbKey> screened_limbs;  // every limb it judged
  int dvt_risk_points = 0;
  // Clinicians' overrides given for this limb on this screening, oldest first.
  std::vector<clinic::ScreeningOverrideRecord> overrides;
};

// The programme the session belonged to, as assigned.
struct ProgrammeContext {
  std::string programme_name;
  int phase_index = 0;  // from 0
  std::string phase_name;
};

// What the patient entered for one set; each value may be missing.
struct SetFeedback {
  std::optional<double> load_kg;   // 0 for bodyweight
  std::optional<double> rpe_cr10;  // Borg CR-10
  std::optional<int> pain_0_10;
};

// A symptom as stored with the session (bfr-facts §1, adverse events).
struct SessionSymptom {
  clinic::SymptomReport report;
  std::string noted_at;  // ISO 8601 UTC; may be empty
  std::string note;
};

struct SessionSet {
  clinic::SetRecord record;
  SetFeedback feedback;
};

struct SessionReportData {
  clinic::Patient patient;
  clinic::Limb limb;
  std::optional<ScreeningSummary> screening;
  std::optional<clinic::LopMeasurement> lop;
  std::optional<ProgrammeContext> programme;
  // The programme's prescription for the session's exercise in that phase.
  std::optional<clinic::Prescription> prescription;
  clinic::SessionRecord session;
  std::vector<SessionSet> sets;  // by set index
  std::vector<clinic::TraceSample> trace;
  std::vector<clinic::EventRecord> events;
  // Empty optional: nothing recorded. An empty list: asked, none reported.
  std::optional<std::vector<SessionSymptom>> symptoms;
};

// One session as the progress charts see it.
struct ProgressSession {
  std::int64_t session_id = 0;
  std::string started_at;  // ISO 8601 UTC
  std::string exercise;
  std::string limb;  // "right thigh"
  int target_reps = 0;
  int actual_reps = 0;
  double restriction_s = 0;
  double target_mmhg = 0;
  std::string stop_reason;
  std::optional<double> load_kg;  // heaviest set load, when entered
};

struct ProgressLop {
  std::string measured_at;  // ISO 8601 UTC
  std::string limb;
  clinic::LopMeasurement measurement;  // with a value
};

struct ProgressReportData {
  clinic::Patient patient;
  std::vector<clinic::Limb> limbs;
  std::string period_start;  // ISO 8601 UTC, inclusive
  std::string period_end;    // ISO 8601 UTC, exclusive
  int weeks = 0;
  std::vector<ProgressSession> sessions;  // oldest first, inside the period
  std::vector<ProgressLop> lops;          // oldest first, inside the period
  // From the prescription in force, when known.
  std::optional<int> planned_sessions_per_week;
};

}  // namespace bfr::report

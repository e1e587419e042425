#pragma once
// A patient's history as trends: LOP per limb over time, each session's
// load, reps, pressure and time under restriction, and adherence to the
// programme's planned sessions per week.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "clinic/repository.hpp"

namespace bfr::clinic {

struct LopPoint {
  std::string measured_at;
  Limb limb;
  LopMeasurement measurement;  // with a value
};

struct SessionPoint {
  SessionRecord session;
  int target_reps = 0;  // over all sets
  int actual_reps = 0;
  std::optional<double> load_kg;  // heaviest set, when entered
  std::optional<double> max_rpe;
  std::optional<int> max_pain;
  int symptoms = 0;
  // Time in timed sets (aerobic bouts, passive cycles: no rep target).
  double timed_s = 0;
};

struct WeekAdherence {
  int week = 1;           // from the programme's start
  std::string starts_at;  // ISO 8601 UTC
  int planned = 0;        // sessions per week the programme asks for
  int done = 0;           // days with at least one programme session
};

struct PatientHistory {
  std::vector<LopPoint> lop;  // oldest first
  std::vector<SessionPoint> sessions;
  std::vector<OneRepMaxRecord> one_rep_maxes;
  std::vector<WeekAdherence> weeks;  // empty without a programme
  std::optional<double> adherence;   // done / planned over the weeks, each capped at planned
};

// `planned_per_week` is the programme's sessions per week (0 without one);
// `programme_start` its start.
PatientHistory patient_history(Repository& repository, const Patient& patient,
                               std::optional<std::int64_t> assignment_id, int planned_per_week,
                               std::optional<std::chrono::sys_seconds> programme_start,
                               std::chrono::sys_seconds now);

}  // namespace bfr::clinic

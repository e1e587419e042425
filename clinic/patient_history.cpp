#include "clinic/patient_history.hpp"

#include <algorithm>
#include <set>

#include "clinic/timestamp.hpp"

namespace bfr::clinic {

PatientHistory patient_history(Repository& repository, const Patient& patient,
                               std::optional<std::int64_t> assignment_id, int planned_per_week,
                               std::optional<std::chrono::sys_seconds> programme_start,
                               std::chrono::sys_seconds now) {
  PatientHistory history;
  for (const Limb& limb : repository.limbs_of(patient.id)) {
    for (const LopMeasurement& m : repository.lop_measurements_of(limb.id)) {
      if (m.lop_mmhg) history.lop.push_back({m.measured_at, limb, m});
    }
  }
  std::stable_sort(
      history.lop.begin(), history.lop.end(),
      [](const LopPoint& a, const LopPoint& b) { return a.measured_at < b.measured_at; });

  for (const SessionRecord& session : repository.sessions_of(patient.id)) {
    SessionPoint point{session, 0, 0, {}, {}, {}, 0, 0};
    for (const SetRecord& set : repository.sets_of(session.id)) {
      if (set.target_reps == 0) point.timed_s += set.duration_s;
      point.target_reps += set.target_reps;
      point.actual_reps += set.actual_reps;
      if (set.load_kg) point.load_kg = std::max(point.load_kg.value_or(0), *set.load_kg);
      if (set.rpe_cr10) point.max_rpe = std::max(point.max_rpe.value_or(0), *set.rpe_cr10);
      if (set.pain_0_10) point.max_pain = std::max(point.max_pain.value_or(0), *set.pain_0_10);
    }
    point.symptoms = static_cast<int>(repository.symptoms_of(session.id).size());
    history.sessions.push_back(std::move(point));
  }
  history.one_rep_maxes = repository.one_rep_maxes_of(patient.id);

  if (!assignment_id || !programme_start || planned_per_week <= 0 || now < *programme_start) {
    return history;
  }
  // Week n covers [start + (n-1) weeks, start + n weeks); the current week
  // counts although it is not over, since the plan is per week.
  const auto weeks = std::chrono::floor<std::chrono::weeks>(now - *programme_start).count() + 1;
  int planned_total = 0;
  int done_total = 0;
  for (long week = 0; week < weeks; ++week) {
    const std::chrono::sys_seconds from = *programme_start + std::chrono::weeks{week};
    const std::chrono::sys_seconds to = from + std::chrono::weeks{1};
    std::set<std::string> days;
    for (const SessionPoint& point : history.sessions) {
      if (point.session.programme_assignment_id != assignment_id) continue;
      const std::optional<std::chrono::sys_seconds> at =
          parse_utc_timestamp(point.session.started_at);
      if (at && *at >= from && *at < to) days.insert(point.session.started_at.substr(0, 10));
    }
    const int done = static_cast<int>(days.size());
    history.weeks.push_back(
        {static_cast<int>(week) + 1, format_utc_timestamp(from), planned_per_week, done});
    planned_total += planned_per_week;
    done_total += std::min(done, planned_per_week);
  }
  history.adherence = static_cast<double>(done_total) / planned_total;
  return history;
}

}  // namespace bfr::clinic

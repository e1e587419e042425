#include "report/report_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "clinic/timestamp.hpp"
#include "report/report_text.hpp"

namespace bfr::report {
namespace {

clinic::Patient patient_or_throw(clinic::Repository& repo, std::int64_t patient_id) {
  auto patient = repo.get_patient(patient_id);
  if (!patient) throw ReportError(fmt::format("no patient {} in {}", patient_id, repo.location()));
  return *patient;
}

}  // namespace

SessionReportData load_session_report(clinic::Repository& repo, std::int64_t session_id) {
  auto session = repo.get_session(session_id);
  if (!session) throw ReportError(fmt::format("no session {} in {}", session_id, repo.location()));
  SessionReportData data;
  data.session = *session;
  data.patient = patient_or_throw(repo, session->patient_id);
  const auto limbs = repo.limbs_of(session->patient_id);
  const auto limb = std::find_if(limbs.begin(), limbs.end(),
                                 [&](const clinic::Limb& l) { return l.id == session->limb_id; });
  if (limb == limbs.end()) {
    throw ReportError(fmt::format("session {} names limb {}, which patient {} does not have",
                                  session_id, session->limb_id, session->patient_id));
  }
  data.limb = *limb;
  if (session->lop_measurement_id)
    data.lop = repo.get_lop_measurement(*session->lop_measurement_id);
  for (const auto& set : repo.sets_of(session_id)) data.sets.push_back({set, {}});
  std::sort(data.sets.begin(), data.sets.end(), [](const SessionSet& a, const SessionSet& b) {
    return a.record.set_index < b.record.set_index;
  });
  if (session->trace_id) data.trace = repo.load_trace(*session->trace_id);
  data.events = repo.events_of(session_id);
  return data;
}

ProgressReportData load_progress_report(clinic::Repository& repo, std::int64_t patient_id,
                                        int weeks, std::chrono::sys_seconds end) {
  if (weeks < 1) throw ReportError(fmt::format("weeks must be at least 1, not {}", weeks));
  ProgressReportData data;
  data.patient = patient_or_throw(repo, patient_id);
  data.limbs = repo.limbs_of(patient_id);
  data.weeks = weeks;
  data.period_end = clinic::format_utc_timestamp(end);
  data.period_start = clinic::format_utc_timestamp(end - std::chrono::days{7 * weeks});

  auto limb_name = [&](std::int64_t limb_id) {
    for (const auto& l : data.limbs)
      if (l.id == limb_id) return limb_label(l);
    return fmt::format("limb {}", limb_id);
  };
  // The store's timestamps are fixed width, so text order is time order.
  auto in_period = [&](const std::string& at) {
    return at >= data.period_start && at < data.period_end;
  };

  std::set<std::int64_t> lop_ids;
  for (const auto& s : repo.sessions_of(patient_id)) {
    if (!in_period(s.started_at)) continue;
    ProgressSession row;
    row.session_id = s.id;
    row.started_at = s.started_at;
    row.exercise = s.exercise;
    row.limb = limb_name(s.limb_id);
    row.restriction_s = s.total_restriction_s;
    row.target_mmhg = s.target_mmhg;
    row.stop_reason = s.stop_reason;
    for (const auto& set : repo.sets_of(s.id)) {
      row.target_reps += set.target_reps;
      row.actual_reps += set.actual_reps;
    }
    data.sessions.push_back(row);
    if (s.lop_measurement_id) lop_ids.insert(*s.lop_measurement_id);
  }
  std::sort(data.sessions.begin(), data.sessions.end(),
            [](const ProgressSession& a, const ProgressSession& b) {
              return a.started_at < b.started_at;
            });

  // The store links LOP measurements to the sessions that used them; those
  // are the ones the progress report can reach.
  for (std::int64_t id : lop_ids) {
    auto m = repo.get_lop_measurement(id);
    if (!m || !m->lop_mmhg || !in_period(m->measured_at)) continue;
    data.lops.push_back({m->measured_at, limb_name(m->limb_id), *m});
  }
  std::sort(data.lops.begin(), data.lops.end(), [](const ProgressLop& a, const ProgressLop& b) {
    return a.measured_at < b.measured_at;
  });
  return data;
}

}  // namespace bfr::report

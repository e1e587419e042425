#include "report/report_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "clinic/programme_json.hpp"
#include "clinic/screening_store.hpp"
#include "clinic/session_plan.hpp"
#include "clinic/timestamp.hpp"
#include "report/report_text.hpp"

namespace bfr::report {
namespace {

clinic::Patient patient_or_throw(clinic::Repository& repo, std::int64_t patient_id) {
  auto patient = repo.get_patient(patient_id);
  if (!patient) throw ReportError(fmt::format("no patient {} in {}", patient_id, repo.location()));
  return *patient;
}

// The newest screening and what it says about `limb`. A stored screening
// that does not read back is a damaged store, reported rather than hidden.
std::optional<ScreeningSummary> screening_summary(clinic::Repository& repo,
                                                  const clinic::Limb& limb) {
  const auto record = repo.latest_screening(limb.patient_id);
  if (!record) return std::nullopt;
  const auto screening = clinic::screening_from_record(*record);
  if (!screening.ok()) throw ReportError(screening.error);
  const clinic::LimbKey key{limb.side, limb.segment};
  ScreeningSummary summary;
  summary.screened_at = record->taken_at;
  summary.dvt_risk_points = screening.value->dvt_risk_points;
  for (const auto& judged : screening.value->limbs) {
    summary.screened_limbs.push_back(judged.limb);
    if (judged.limb == key) summary.limb = judged;
  }
  for (const auto& given : repo.overrides_of(record->id)) {
    if (given.side == limb.side && given.segment == limb.segment) {
      summary.overrides.push_back(given);
    }
  }
  std::stable_sort(summary.overrides.begin(), summary.overrides.end(),
                   [](const auto& a, const auto& b) { return a.given_at < b.given_at; });
  return summary;
}

// The programme and phase the session was recorded under, and that phase's
// prescription for the session's exercise. Sessions outside a programme (the
// demo, a custom run) have none.
void fill_programme(clinic::Repository& repo, SessionReportData& data) {
  const auto& s = data.session;
  if (!s.programme_assignment_id) return;
  const auto assignment = repo.get_programme_assignment(*s.programme_assignment_id);
  if (!assignment) {
    throw ReportError(fmt::format("session {} names programme assignment {}, which is not stored",
                                  s.id, *s.programme_assignment_id));
  }
  const auto programme = clinic::programme_from_json_text(assignment->programme_json);
  if (!programme.ok()) {
    throw ReportError(
        fmt::format("programme assignment {} cannot be read: {}", assignment->id, programme.error));
  }
  const int phase_index = s.phase_index.value_or(assignment->current_phase);
  ProgrammeContext context{assignment->programme_name, phase_index, ""};
  const auto& phases = programme.value->phases;
  if (phase_index >= 0 && static_cast<std::size_t>(phase_index) < phases.size()) {
    const auto& phase = phases[static_cast<std::size_t>(phase_index)];
    context.phase_name = phase.name;
    for (const auto& exercise : phase.exercises) {
      if (exercise.name == s.exercise) data.prescription = exercise.prescription;
    }
  }
  data.programme = context;
}

// Stored symptoms; when none are stored, "asked, none reported" only if the
// patient entered feedback for a set (the symptoms are asked with it),
// otherwise nothing is known.
std::optional<std::vector<SessionSymptom>> session_symptoms(clinic::Repository& repo,
                                                            const SessionReportData& data) {
  std::vector<SessionSymptom> out;
  for (const auto& stored : repo.symptoms_of(data.session.id)) {
    const auto symptom = clinic::parse_symptom(stored.symptom);
    const auto severity = clinic::parse_severity(stored.severity);
    if (!symptom || !severity) {
      throw ReportError(fmt::format("session {} holds an unknown symptom '{}' ({})",
                                    data.session.id, stored.symptom, stored.severity));
    }
    out.push_back({{*symptom, *severity}, stored.noted_at, stored.note});
  }
  if (!out.empty()) return out;
  const bool feedback_entered = std::any_of(data.sets.begin(), data.sets.end(), [](const auto& s) {
    return s.feedback.rpe_cr10.has_value() || s.feedback.pain_0_10.has_value();
  });
  if (feedback_entered) return out;
  return std::nullopt;
}

// The plan of the programme in force: the most sessions per week any
// exercise of its current phase asks for (the exercises of one phase are done
// in the same sessions).
std::optional<int> planned_sessions_per_week(clinic::Repository& repo, std::int64_t patient_id) {
  const auto assignment = repo.current_programme(patient_id);
  if (!assignment) return std::nullopt;
  const auto programme = clinic::programme_from_json_text(assignment->programme_json);
  if (!programme.ok()) {
    throw ReportError(
        fmt::format("programme assignment {} cannot be read: {}", assignment->id, programme.error));
  }
  const auto& phases = programme.value->phases;
  if (assignment->current_phase < 0 ||
      static_cast<std::size_t>(assignment->current_phase) >= phases.size()) {
    return std::nullopt;
  }
  std::optional<int> planned;
  for (const auto& e : phases[static_cast<std::size_t>(assignment->current_phase)].exercises) {
    planned = std::max(planned.value_or(0), e.prescription.sessions_per_week);
  }
  return planned;
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
  for (const auto& set : repo.sets_of(session_id)) {
    data.sets.push_back({set, {set.load_kg, set.rpe_cr10, set.pain_0_10}});
  }
  std::sort(data.sets.begin(), data.sets.end(), [](const SessionSet& a, const SessionSet& b) {
    return a.record.set_index < b.record.set_index;
  });
  if (session->trace_id) data.trace = repo.load_trace(*session->trace_id);
  data.events = repo.events_of(session_id);
  data.screening = screening_summary(repo, data.limb);
  fill_programme(repo, data);
  data.symptoms = session_symptoms(repo, data);
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
      if (set.load_kg) row.load_kg = std::max(row.load_kg.value_or(0), *set.load_kg);
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
  data.planned_sessions_per_week = planned_sessions_per_week(repo, patient_id);
  return data;
}

std::chrono::sys_seconds progress_period_end_now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
         std::chrono::seconds{1};
}

}  // namespace bfr::report

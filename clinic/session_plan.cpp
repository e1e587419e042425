#include "clinic/session_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "clinic/enum_text.hpp"
#include "clinic/one_rep_max.hpp"
#include "clinic/programme_json.hpp"
#include "clinic/screening_store.hpp"
#include "clinic/timestamp.hpp"
#include "clinic/work_schedule.hpp"

namespace bfr::clinic {

namespace {

using std::chrono::sys_seconds;

// Plates and pin stacks: loads are rounded down to half a kilogram.
constexpr double kLoadIncrementKg = 0.5;

std::optional<Limb> limb_for(Repository& repository, const Patient& patient, LimbSegment segment,
                             const std::optional<LimbSide>& side, std::string& problem) {
  std::vector<Limb> matching;
  for (const Limb& limb : repository.limbs_of(patient.id)) {
    if (limb.segment == segment && (!side || limb.side == *side)) matching.push_back(limb);
  }
  if (matching.size() == 1) return matching.front();
  if (matching.empty()) {
    problem = fmt::format("{} has no {}{} limb on record: add it with bfr patient edit --limb",
                          patient.display_name, side ? fmt::format("{} ", to_text(*side)) : "",
                          to_text(segment));
  } else {
    problem = fmt::format("{} has both {} limbs: choose one with --side", patient.display_name,
                          to_text(segment));
  }
  return std::nullopt;
}

std::optional<double> newest_one_rep_max(const std::vector<OneRepMaxRecord>& records,
                                         const std::string& exercise) {
  std::optional<double> newest;
  for (const OneRepMaxRecord& r : records) {  // oldest first
    if (r.exercise == exercise) newest = r.one_rep_max_kg;
  }
  return newest;
}

int whole_weeks(sys_seconds from, sys_seconds to) {
  if (to <= from) return 0;
  return static_cast<int>(std::chrono::floor<std::chrono::weeks>(to - from).count());
}

}  // namespace

std::string_view suggestion_kind_name(SuggestionKind kind) {
  switch (kind) {
    case SuggestionKind::kRaiseLoad:
      return "raise load";
    case SuggestionKind::kLowerLoad:
      return "lower load";
    case SuggestionKind::kLowerPressure:
      return "lower pressure";
    case SuggestionKind::kClinicianReview:
      return "clinician review";
    case SuggestionKind::kAdvancePhase:
      return "advance phase";
    case SuggestionKind::kHold:
      return "hold";
  }
  return "unknown";
}

std::optional<Symptom> parse_symptom(std::string_view name) {
  if (name == "numbness") return Symptom::kNumbness;
  if (name == "dizziness_or_fainting") return Symptom::kDizzinessOrFainting;
  if (name == "bruising") return Symptom::kBruising;
  if (name == "unusual_pain") return Symptom::kUnusualPain;
  if (name == "excessive_soreness") return Symptom::kExcessiveSoreness;
  return std::nullopt;
}

std::optional<Severity> parse_severity(std::string_view name) {
  if (name == "mild") return Severity::kMild;
  if (name == "moderate") return Severity::kModerate;
  if (name == "severe") return Severity::kSevere;
  return std::nullopt;
}

SessionSummary session_summary(Repository& repository, const SessionRecord& session) {
  SessionSummary summary;
  const std::vector<SetRecord> sets = repository.sets_of(session.id);
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const SetRecord& set = sets[i];
    SetSummary s{set.target_reps, set.actual_reps, set.load_kg.value_or(0),
                 set.rpe_cr10.value_or(0), set.pain_0_10.value_or(0)};
    if (set.target_reps == 0) {
      // A timed bout or cycle has no reps: the rules see a target of one,
      // reached unless the session stopped early in this, its last stored set.
      const bool cut_short = i + 1 == sets.size() && session.stop_reason != "completed";
      s.target_reps = 1;
      s.actual_reps = cut_short ? 0 : 1;
    }
    summary.sets.push_back(s);
  }
  for (const SymptomRecord& symptom : repository.symptoms_of(session.id)) {
    const std::optional<Symptom> kind = parse_symptom(symptom.symptom);
    const std::optional<Severity> severity = parse_severity(symptom.severity);
    if (kind && severity) summary.symptoms.push_back({*kind, *severity});
  }
  return summary;
}

Result<SessionPlan> plan_session(Repository& repository, const Patient& patient,
                                 const PlanOptions& options) {
  const std::optional<ProgrammeAssignment> assignment = repository.current_programme(patient.id);
  if (!assignment) {
    return Result<SessionPlan>::failure(fmt::format(
        "{} has no programme: assign one with bfr program assign", patient.display_name));
  }
  Result<Programme> programme = programme_from_json_text(assignment->programme_json);
  if (!programme.ok()) {
    return Result<SessionPlan>::failure(
        fmt::format("the stored programme {} cannot be used: {}", assignment->id, programme.error));
  }
  SessionPlan plan;
  plan.assignment = *assignment;
  plan.programme = std::move(*programme.value);
  plan.phase = assignment->current_phase;
  if (plan.phase >= static_cast<int>(plan.programme.phases.size())) {
    return Result<SessionPlan>::failure(fmt::format(
        "programme assignment {} is at phase {}, but '{}' has {} phases", assignment->id,
        plan.phase + 1, plan.programme.name, plan.programme.phases.size()));
  }
  const Phase& phase = plan.programme.phases[static_cast<std::size_t>(plan.phase)];
  const std::optional<sys_seconds> phase_start = parse_utc_timestamp(assignment->phase_started_at);
  plan.weeks_in_phase = phase_start ? whole_weeks(*phase_start, options.now) : 0;

  const std::vector<OneRepMaxRecord> one_rep_maxes = repository.one_rep_maxes_of(patient.id);
  std::vector<SessionRecord> in_phase;
  for (const SessionRecord& s : repository.sessions_of(patient.id)) {
    if (s.programme_assignment_id == assignment->id && s.phase_index == plan.phase) {
      in_phase.push_back(s);
    }
  }

  for (const Exercise& exercise : phase.exercises) {
    PlannedExercise planned;
    planned.exercise = exercise;
    const Prescription& prescription = exercise.prescription;
    const auto* resistance = std::get_if<ResistanceWork>(&prescription.work);
    planned.resistance = resistance != nullptr;
    if (Result<WorkSchedule> schedule = work_schedule(prescription); !schedule.ok()) {
      planned.blockers.push_back(schedule.error);
    }

    std::string limb_problem;
    planned.limb = limb_for(repository, patient, prescription.segment, options.side, limb_problem);
    if (!planned.limb) planned.blockers.push_back(limb_problem);

    if (planned.limb) {
      planned.screening = screening_gate(repository, patient,
                                         {planned.limb->side, planned.limb->segment}, options.now);
      if (!planned.screening.allowed) planned.blockers.push_back(planned.screening.reason);
      planned.lop = repository.latest_lop(planned.limb->id, options.posture, options.cuff_width_cm);
      const sys_seconds measured_at =
          planned.lop ? parse_utc_timestamp(planned.lop->measured_at).value_or(sys_seconds{})
                      : sys_seconds{};
      planned.lop_check = check_lop_current(planned.lop, measured_at, options.posture,
                                            options.cuff_width_cm, options.now);
      if (!planned.lop_check.current) planned.blockers.push_back(planned.lop_check.why);
      if (planned.lop && planned.lop->lop_mmhg) {
        planned.target_mmhg = *planned.lop->lop_mmhg * prescription.target_fraction_of_lop;
      }
    }

    if (resistance && resistance->load.kind == LoadKind::kBodyweight) {
      planned.load_kg = 0;
      planned.load_text = "bodyweight";
    } else if (resistance) {
      const double fraction = resistance->load.fraction_of_one_rm;
      planned.one_rep_max_kg = newest_one_rep_max(one_rep_maxes, exercise.name);
      if (!planned.one_rep_max_kg) {
        planned.load_text = fmt::format("{:.0f} % of 1RM (no 1RM on record)", fraction * 100);
        planned.blockers.push_back(
            fmt::format("no 1RM for '{}': enter one with bfr patient one-rep-max", exercise.name));
      } else {
        Result<double> kg = working_load_kg(*planned.one_rep_max_kg, fraction, kLoadIncrementKg);
        if (kg.ok()) {
          planned.load_kg = *kg.value;
          planned.load_text = fmt::format("{:.0f} % of 1RM {:.1f} kg = {:.1f} kg", fraction * 100,
                                          *planned.one_rep_max_kg, *kg.value);
        } else {
          planned.blockers.push_back(kg.error);
        }
      }
    }

    ProgressionInput input;
    for (const SessionRecord& s : in_phase) {
      if (s.exercise == exercise.name) input.sessions.push_back(session_summary(repository, s));
    }
    planned.sessions_in_phase = static_cast<int>(input.sessions.size());
    if (resistance) input.load = resistance->load;
    input.one_rep_max_kg = planned.one_rep_max_kg;
    input.target_pressure_mmhg = planned.target_mmhg.value_or(0);
    if (planned.lop) input.lop_mmhg = planned.lop->lop_mmhg;
    input.weeks_in_phase = plan.weeks_in_phase;
    input.advance = phase.advance;
    if (planned.target_mmhg && !input.sessions.empty()) {
      Result<std::vector<Suggestion>> suggestions = suggest_progression(input);
      if (suggestions.ok()) {
        planned.suggestions = std::move(*suggestions.value);
      } else {
        planned.suggestions.push_back(
            Suggestion{SuggestionKind::kHold, {}, {}, {}, "no suggestion: " + suggestions.error});
      }
      if (!plan.advance) {
        Result<AdvanceAssessment> advance =
            assess_phase_advance(phase.advance, plan.weeks_in_phase, input.sessions);
        if (advance.ok()) plan.advance = *advance.value;
      }
    }
    plan.exercises.push_back(std::move(planned));
  }
  return Result<SessionPlan>::success(std::move(plan));
}

}  // namespace bfr::clinic

#pragma once
// Today's session for a patient: the assigned programme's current phase,
// each exercise with its limb, the current LOP and the pressure from it, the
// load from the newest 1RM, the screening gate, and the progression
// suggestions (with their reasons) from this phase's recorded sessions.
// Nothing here writes; `bfr session plan` prints it and `bfr session run`
// runs the exercises it marks ready.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "clinic/lop_currency.hpp"
#include "clinic/programme.hpp"
#include "clinic/progression.hpp"
#include "clinic/repository.hpp"
#include "clinic/screening.hpp"

namespace bfr::clinic {

struct PlanOptions {
  Posture posture = Posture::kSeated;
  double cuff_width_cm = 11.5;   // the Delfi thigh cuff (bfr-facts §3, Hughes 2018)
  std::optional<LimbSide> side;  // needed when the patient has both limbs of a segment
  std::chrono::sys_seconds now{};
};

struct PlannedExercise {
  Exercise exercise;
  bool resistance = false;  // resistance work: load from the 1RM, sets ended by reps
  std::optional<Limb> limb;
  std::optional<LopMeasurement> lop;
  LopCurrency lop_check;
  SessionDecision screening;
  std::optional<double> target_mmhg;
  std::optional<double> one_rep_max_kg;
  std::optional<double> load_kg;  // 0 for bodyweight
  std::string load_text;          // "20 % of 1RM 46.7 kg = 9.0 kg", "bodyweight"...
  std::vector<Suggestion> suggestions;
  int sessions_in_phase = 0;
  // Empty when the exercise may run today; else every reason it may not.
  std::vector<std::string> blockers;
};

struct SessionPlan {
  ProgrammeAssignment assignment;
  Programme programme;
  int phase = 0;
  int weeks_in_phase = 0;
  std::vector<PlannedExercise> exercises;
  std::optional<AdvanceAssessment> advance;  // from the first exercise with sessions
};

// Fails (a message for the user) when the patient has no programme, or the
// stored programme cannot be read.
Result<SessionPlan> plan_session(Repository& repository, const Patient& patient,
                                 const PlanOptions& options);

std::string_view suggestion_kind_name(SuggestionKind kind);
// The stored symptom names ("numbness", ...) as the rules' values.
std::optional<Symptom> parse_symptom(std::string_view name);
std::optional<Severity> parse_severity(std::string_view name);

// A stored session as the progression rules see it (RPE and pain 0 when not
// entered). A timed set (aerobic bout, passive cycle: no rep target) counts
// as a target of 1 rep, done unless the session stopped during it.
SessionSummary session_summary(Repository& repository, const SessionRecord& session);

}  // namespace bfr::clinic

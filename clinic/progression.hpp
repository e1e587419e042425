#pragma once
// Progression between sessions, and the stop/lower-pressure rule inside one.
// Every suggestion carries a `why` that names the rule and the numbers that
// triggered it, so that a clinician can check it at a glance. Safety comes
// first: after pain above 7/10 or any symptom nothing is raised.
//
// Rules, in order:
//  (b) pain > 7/10 (a stop criterion) or a symptom in the last session:
//      lower pressure one step (bfr-facts §1 (Smart Cuffs manual): 10 mmHg
//      steps), lower the load too after pain > 7 or a moderate/severe symptom,
//      and ask for clinician review after pain > 7 or a severe symptom;
//  (c) advance when the phase's AdvanceCriteria are all met;
//  (a) raise the load one step when every set reached its target (30-15-15-15
//      by default: set 1 >= 30, later sets >= 15) in the last two sessions at
//      the same load, pain-free enough and without symptoms (bfr-facts §1
//      (seed Hevy Coach): raise once 30+ reps on set 1 come consistently);
//  (d) otherwise hold, saying which condition is missing.

#include <optional>
#include <string>
#include <vector>

#include "clinic/programme.hpp"
#include "clinic/rule_result.hpp"

namespace bfr::clinic {

// The adverse events of bfr-facts §1 (Patterson & Brandner survey), with
// unusual pain as the catch-all the Smart Cuffs manual asks about.
enum class Symptom { kNumbness, kDizzinessOrFainting, kBruising, kUnusualPain, kExcessiveSoreness };
enum class Severity { kMild, kModerate, kSevere };

struct SymptomReport {
  Symptom symptom = Symptom::kNumbness;
  Severity severity = Severity::kMild;
};

struct SetSummary {
  int target_reps = 0;
  int actual_reps = 0;
  double load_kg = 0;   // 0 for bodyweight
  double rpe_cr10 = 0;  // Borg CR-10, 0-10
  int pain_0_10 = 0;    // numeric rating scale
};

// One exercise in one session.
struct SessionSummary {
  std::vector<SetSummary> sets;  // empty for passive work
  std::vector<SymptomReport> symptoms;
};

struct ProgressionRules {
  // Project choice: one step of 5 % 1RM takes 20 % to 40 % in four steps.
  double load_step_fraction = 0.05;
  double pressure_step_mmhg = 10;  // bfr-facts §1 (Smart Cuffs manual)
  int stop_pain_above = 7;         // bfr-facts §1 (Smart Cuffs manual)
  // Project choice: the facts give no pain ceiling for a raise; 3/10 is the
  // top of "mild" on the numeric rating scale.
  int raise_max_pain = 3;
  int sessions_for_raise = 2;
};

struct ProgressionInput {
  // This exercise's sessions in the current phase, oldest first.
  std::vector<SessionSummary> sessions;
  // The current load; empty for aerobic and passive work, which progress by
  // phase only.
  std::optional<Load> load;
  std::optional<double> one_rep_max_kg;  // turns load shares into kg
  double target_pressure_mmhg = 0;
  std::optional<double> lop_mmhg;  // to warn when lowering leaves the 40-80 % band
  int weeks_in_phase = 0;
  AdvanceCriteria advance;
};

enum class SuggestionKind {
  kRaiseLoad,
  kLowerLoad,
  kLowerPressure,
  kClinicianReview,
  kAdvancePhase,
  kHold,
};

struct Suggestion {
  SuggestionKind kind = SuggestionKind::kHold;
  std::optional<double> new_load_fraction;
  std::optional<double> new_load_kg;
  std::optional<double> new_target_mmhg;
  std::string why;
};

Result<std::vector<Suggestion>> suggest_progression(const ProgressionInput& input,
                                                    const ProgressionRules& rules = {});

struct AdvanceAssessment {
  bool ready = false;
  std::string why;
};

// Rule (c) on its own: whether `sessions_in_phase` (oldest first) meet the
// phase's criteria after `weeks_in_phase` weeks.
Result<AdvanceAssessment> assess_phase_advance(
    const AdvanceCriteria& criteria, int weeks_in_phase,
    const std::vector<SessionSummary>& sessions_in_phase);

enum class InSessionAction { kContinue, kLowerPressure, kStop };

struct InSessionAdvice {
  InSessionAction action = InSessionAction::kContinue;
  double pressure_change_mmhg = 0;  // negative when lowering
  std::string why;
};

// During a set or rest: pain above 7/10 stops (bfr-facts §1 (Smart Cuffs
// manual)); a severe symptom stops too (project choice: fainting or severe
// numbness is no time to adjust); any other symptom lowers the pressure one
// step.
Result<InSessionAdvice> check_in_session(int pain_0_10, const std::vector<SymptomReport>& symptoms,
                                         const ProgressionRules& rules = {});

}  // namespace bfr::clinic

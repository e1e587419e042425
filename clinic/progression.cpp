#include "clinic/progression.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace bfr::clinic {

namespace {

// Shares of 1RM or LOP computed from sums of steps land a hair off the
// range ends; that must not read as out of range.
constexpr double kShareTolerance = 1e-9;
// Loads recorded within this are the same load (scales and plates round).
constexpr double kSameLoadKg = 0.01;

std::string_view symptom_name(Symptom s) {
  switch (s) {
    case Symptom::kNumbness:
      return "numbness";
    case Symptom::kDizzinessOrFainting:
      return "dizziness or fainting";
    case Symptom::kBruising:
      return "bruising";
    case Symptom::kUnusualPain:
      return "unusual pain";
    case Symptom::kExcessiveSoreness:
      return "excessive soreness";
  }
  return "unknown symptom";
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kMild:
      return "mild";
    case Severity::kModerate:
      return "moderate";
    case Severity::kSevere:
      return "severe";
  }
  return "unknown";
}

bool valid_symptom(const SymptomReport& r) {
  const int s = static_cast<int>(r.symptom);
  const int v = static_cast<int>(r.severity);
  return s >= static_cast<int>(Symptom::kNumbness) &&
         s <= static_cast<int>(Symptom::kExcessiveSoreness) &&
         v >= static_cast<int>(Severity::kMild) && v <= static_cast<int>(Severity::kSevere);
}

std::string describe(const std::vector<SymptomReport>& symptoms) {
  std::vector<std::string> parts;
  for (const SymptomReport& r : symptoms) {
    parts.push_back(fmt::format("{} {}", severity_name(r.severity), symptom_name(r.symptom)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

// Shares as whole-looking percentages: 0.3 + 0.05 prints as 35, not
// 35.00000000000001.
std::string percent(double fraction) {
  return fmt::format("{:g}", fraction * 100);
}

// "the last session", "the session before last", "3 sessions ago".
std::string session_label(std::size_t back) {
  if (back == 0) return "the last session";
  if (back == 1) return "the session before last";
  return fmt::format("{} sessions ago", back);
}

Check check_symptoms(const std::vector<SymptomReport>& symptoms) {
  for (const SymptomReport& r : symptoms) {
    if (!valid_symptom(r)) return check_failed("a symptom has an invalid kind or severity");
  }
  return check_passed();
}

Check check_sessions(const std::vector<SessionSummary>& sessions) {
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const std::string at = fmt::format("session {}", i + 1);
    for (std::size_t j = 0; j < sessions[i].sets.size(); ++j) {
      const SetSummary& s = sessions[i].sets[j];
      const std::string set_at = fmt::format("{} set {}: ", at, j + 1);
      if (s.target_reps < 1) {
        return check_failed(
            fmt::format("{}target_reps must be 1 or more (got {})", set_at, s.target_reps));
      }
      if (s.actual_reps < 0) {
        return check_failed(
            fmt::format("{}actual_reps must be 0 or more (got {})", set_at, s.actual_reps));
      }
      if (!(s.load_kg >= 0 && s.load_kg <= kMaxPlausibleLoadKg)) {
        return check_failed(fmt::format("{}load_kg must be between 0 and {} (got {})", set_at,
                                        kMaxPlausibleLoadKg, s.load_kg));
      }
      if (!(s.rpe_cr10 >= 0 && s.rpe_cr10 <= 10)) {
        return check_failed(
            fmt::format("{}rpe_cr10 must be between 0 and 10 (got {})", set_at, s.rpe_cr10));
      }
      if (s.pain_0_10 < 0 || s.pain_0_10 > 10) {
        return check_failed(
            fmt::format("{}pain_0_10 must be between 0 and 10 (got {})", set_at, s.pain_0_10));
      }
    }
    if (Check c = check_symptoms(sessions[i].symptoms); !c.ok()) {
      return check_failed(fmt::format("{}: {}", at, c.error));
    }
  }
  return check_passed();
}

Check check_rules(const ProgressionRules& r) {
  if (!(r.load_step_fraction > 0 && r.load_step_fraction <= kMaxLoadFraction - kMinLoadFraction)) {
    return check_failed(fmt::format("load_step_fraction must be above 0 and at most {} (got {})",
                                    kMaxLoadFraction - kMinLoadFraction, r.load_step_fraction));
  }
  if (!(r.pressure_step_mmhg > 0 && r.pressure_step_mmhg <= 50)) {
    return check_failed(fmt::format("pressure_step_mmhg must be above 0 and at most 50 (got {})",
                                    r.pressure_step_mmhg));
  }
  if (r.stop_pain_above < 0 || r.stop_pain_above > 10 || r.raise_max_pain < 0 ||
      r.raise_max_pain > r.stop_pain_above) {
    return check_failed("pain limits must satisfy 0 <= raise_max_pain <= stop_pain_above <= 10");
  }
  if (r.sessions_for_raise < 1) return check_failed("sessions_for_raise must be 1 or more");
  return check_passed();
}

Check check_input(const ProgressionInput& in) {
  if (in.load && in.load->kind == LoadKind::kFractionOfOneRm &&
      !(in.load->fraction_of_one_rm >= kMinLoadFraction - kShareTolerance &&
        in.load->fraction_of_one_rm <= kMaxLoadFraction + kShareTolerance)) {
    return check_failed(fmt::format("load.fraction_of_one_rm must be between {} and {} (got {})",
                                    kMinLoadFraction, kMaxLoadFraction,
                                    in.load->fraction_of_one_rm));
  }
  if (in.one_rep_max_kg) {
    if (Result<double> r = validate_one_rep_max(*in.one_rep_max_kg); !r.ok()) {
      return check_failed(r.error);
    }
  }
  if (!(in.target_pressure_mmhg > 0 && in.target_pressure_mmhg <= 300)) {
    return check_failed(fmt::format("target_pressure_mmhg must be above 0 and at most 300 (got {})",
                                    in.target_pressure_mmhg));
  }
  if (in.lop_mmhg && !(*in.lop_mmhg > 0 && std::isfinite(*in.lop_mmhg))) {
    return check_failed(fmt::format("lop_mmhg must be above 0 (got {})", *in.lop_mmhg));
  }
  if (in.weeks_in_phase < 0) {
    return check_failed(
        fmt::format("weeks_in_phase must be 0 or more (got {})", in.weeks_in_phase));
  }
  if (Check c = validate_advance_criteria(in.advance); !c.ok()) {
    return check_failed("advance." + c.error);
  }
  return check_sessions(in.sessions);
}

int max_pain(const SessionSummary& s) {
  int pain = 0;
  for (const SetSummary& set : s.sets) pain = std::max(pain, set.pain_0_10);
  return pain;
}

double session_load_kg(const SessionSummary& s) {
  double load = 0;
  for (const SetSummary& set : s.sets) load = std::max(load, set.load_kg);
  return load;
}

// Empty when every set reached its target, else the first shortfall.
std::string shortfall(const SessionSummary& s) {
  for (std::size_t i = 0; i < s.sets.size(); ++i) {
    if (s.sets[i].actual_reps < s.sets[i].target_reps) {
      return fmt::format("set {} reached {} of {} reps", i + 1, s.sets[i].actual_reps,
                         s.sets[i].target_reps);
    }
  }
  return {};
}

std::string rpe_list(const std::vector<SessionSummary>& recent) {
  std::vector<std::string> parts;
  for (const SessionSummary& s : recent) {
    double rpe = 0;
    for (const SetSummary& set : s.sets) rpe = std::max(rpe, set.rpe_cr10);
    parts.push_back(fmt::format("{}", rpe));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::optional<double> load_kg_for(const ProgressionInput& in, double fraction) {
  if (!in.one_rep_max_kg) return std::nullopt;
  Result<double> kg = working_load_kg(*in.one_rep_max_kg, fraction);
  return kg.value;
}

// Rule (b). Empty when the last session was pain-tolerable and symptom-free.
std::vector<Suggestion> safety_suggestions(const ProgressionInput& in,
                                           const ProgressionRules& rules) {
  const SessionSummary& last = in.sessions.back();
  const int pain = max_pain(last);
  const bool pain_stop = pain > rules.stop_pain_above;
  Severity worst = Severity::kMild;
  for (const SymptomReport& r : last.symptoms) worst = std::max(worst, r.severity);
  const bool symptoms = !last.symptoms.empty();
  if (!pain_stop && !symptoms) return {};

  std::vector<std::string> causes;
  if (pain_stop) {
    causes.push_back(fmt::format("pain {}/10 in the last session is above {}/10, a stop criterion",
                                 pain, rules.stop_pain_above));
  }
  if (symptoms)
    causes.push_back(fmt::format("symptoms in the last session: {}", describe(last.symptoms)));
  const std::string cause = fmt::format("{}", fmt::join(causes, "; "));

  std::vector<Suggestion> out;
  const double new_target = in.target_pressure_mmhg - rules.pressure_step_mmhg;
  if (new_target <= 0) {
    // A target this low is no restriction at all; lowering is not the answer.
    out.push_back({SuggestionKind::kClinicianReview, std::nullopt, std::nullopt, std::nullopt,
                   fmt::format("{}: the {:g} mmHg target cannot be lowered by {:g} mmHg", cause,
                               in.target_pressure_mmhg, rules.pressure_step_mmhg)});
  } else {
    out.push_back({SuggestionKind::kLowerPressure, std::nullopt, std::nullopt, new_target,
                   fmt::format("{}: lower the pressure by {:g} mmHg to {:g} mmHg", cause,
                               rules.pressure_step_mmhg, new_target)});
  }
  if (new_target > 0 && in.lop_mmhg &&
      new_target < kMinLopFraction * *in.lop_mmhg - kShareTolerance) {
    out.push_back(
        {SuggestionKind::kClinicianReview, std::nullopt, std::nullopt, std::nullopt,
         fmt::format("{:g} mmHg is below {} % of LOP ({:g} mmHg), the bottom of the BFR "
                     "range: review whether BFR should continue",
                     new_target, percent(kMinLopFraction), kMinLopFraction * *in.lop_mmhg)});
  }

  const bool lower_load = pain_stop || (symptoms && worst >= Severity::kModerate);
  if (lower_load && in.load) {
    if (in.load->kind == LoadKind::kBodyweight) {
      out.push_back({SuggestionKind::kLowerLoad, std::nullopt, std::nullopt, std::nullopt,
                     cause + ": use an easier variant (assisted, shorter range)"});
    } else if (in.load->fraction_of_one_rm <= kMinLoadFraction + kShareTolerance) {
      out.push_back({SuggestionKind::kHold, std::nullopt, std::nullopt, std::nullopt,
                     fmt::format("{}: the load is already at the {} % 1RM floor; keep it", cause,
                                 percent(kMinLoadFraction))});
    } else {
      const double f =
          std::max(in.load->fraction_of_one_rm - rules.load_step_fraction, kMinLoadFraction);
      out.push_back({SuggestionKind::kLowerLoad, f, load_kg_for(in, f), std::nullopt,
                     fmt::format("{}: lower the load to {} % 1RM", cause, percent(f))});
    }
  }
  if (pain_stop || (symptoms && worst == Severity::kSevere)) {
    out.push_back({SuggestionKind::kClinicianReview, std::nullopt, std::nullopt, std::nullopt,
                   cause + ": a clinician should review before the next session"});
  }
  return out;
}

// Rule (a): empty when the raise is earned, else why not.
std::string raise_blocker(const ProgressionInput& in, const ProgressionRules& rules) {
  const auto k = static_cast<std::size_t>(rules.sessions_for_raise);
  if (in.sessions.size() < k) {
    return fmt::format("{} session(s) recorded; a raise needs {} in a row at target",
                       in.sessions.size(), k);
  }
  const double load = session_load_kg(in.sessions.back());
  for (std::size_t back = 0; back < k; ++back) {
    const SessionSummary& s = in.sessions[in.sessions.size() - 1 - back];
    const std::string label = session_label(back);
    if (std::string miss = shortfall(s); !miss.empty()) return fmt::format("in {} {}", label, miss);
    if (s.sets.empty()) return fmt::format("{} has no sets recorded", label);
    if (!s.symptoms.empty()) return fmt::format("{} had symptoms: {}", label, describe(s.symptoms));
    if (max_pain(s) > rules.raise_max_pain) {
      return fmt::format("pain {}/10 in {} is above the {}/10 allowed for a raise", max_pain(s),
                         label, rules.raise_max_pain);
    }
    if (std::abs(session_load_kg(s) - load) > kSameLoadKg) {
      return fmt::format("{} was at {} kg, not the current {} kg", label, session_load_kg(s), load);
    }
  }
  return {};
}

std::vector<Suggestion> raise_or_hold(const ProgressionInput& in, const ProgressionRules& rules,
                                      const std::string& advance_why) {
  const auto hold = [&](const std::string& why) {
    return std::vector<Suggestion>{{SuggestionKind::kHold, std::nullopt, std::nullopt, std::nullopt,
                                    fmt::format("hold: {}; phase: {}", why, advance_why)}};
  };
  if (!in.load) return hold("aerobic and passive work progress by phase only");
  if (std::string blocker = raise_blocker(in, rules); !blocker.empty()) return hold(blocker);

  const std::vector<SessionSummary> recent(
      in.sessions.end() - static_cast<std::ptrdiff_t>(rules.sessions_for_raise), in.sessions.end());
  const std::string earned = fmt::format(
      "every set reached its target in the last {} sessions at the same load, pain at most "
      "{}/10, no symptoms (peak RPE {})",
      rules.sessions_for_raise, rules.raise_max_pain, rpe_list(recent));
  if (in.load->kind == LoadKind::kBodyweight) {
    return {
        {SuggestionKind::kRaiseLoad, kMinLoadFraction, load_kg_for(in, kMinLoadFraction),
         std::nullopt,
         fmt::format("{}: add an external load of {} % 1RM", earned, percent(kMinLoadFraction))}};
  }
  const double current = in.load->fraction_of_one_rm;
  if (current >= kMaxLoadFraction - kShareTolerance) {
    return hold(fmt::format("{}, but the load is at the {} % 1RM ceiling for BFR", earned,
                            percent(kMaxLoadFraction)));
  }
  const double f = std::min(current + rules.load_step_fraction, kMaxLoadFraction);
  return {{SuggestionKind::kRaiseLoad, f, load_kg_for(in, f), std::nullopt,
           fmt::format("{}: raise the load from {} % to {} % 1RM", earned, percent(current),
                       percent(f))}};
}

}  // namespace

Result<AdvanceAssessment> assess_phase_advance(const AdvanceCriteria& c, int weeks_in_phase,
                                               const std::vector<SessionSummary>& sessions) {
  using R = Result<AdvanceAssessment>;
  if (Check v = validate_advance_criteria(c); !v.ok()) return R::failure(v.error);
  if (weeks_in_phase < 0) {
    return R::failure(fmt::format("weeks_in_phase must be 0 or more (got {})", weeks_in_phase));
  }
  if (Check v = check_sessions(sessions); !v.ok()) return R::failure(v.error);
  const auto not_yet = [](std::string why) {
    return R::success({false, fmt::format("not ready to advance: {}", why)});
  };
  if (weeks_in_phase < c.min_weeks_in_phase) {
    return not_yet(
        fmt::format("{} of {} weeks in the phase", weeks_in_phase, c.min_weeks_in_phase));
  }
  if (sessions.size() < static_cast<std::size_t>(c.min_sessions_in_phase)) {
    return not_yet(
        fmt::format("{} of {} sessions in the phase", sessions.size(), c.min_sessions_in_phase));
  }
  const auto k = static_cast<std::size_t>(c.consecutive_sessions_at_target);
  if (sessions.size() < k) {
    return not_yet(
        fmt::format("{} session(s) recorded; {} in a row at target needed", sessions.size(), k));
  }
  for (std::size_t back = 0; back < k; ++back) {
    const SessionSummary& s = sessions[sessions.size() - 1 - back];
    const std::string label = session_label(back);
    if (std::string miss = shortfall(s); !miss.empty()) {
      return not_yet(fmt::format("in {} {}", label, miss));
    }
    if (max_pain(s) > c.max_pain_0_10) {
      return not_yet(fmt::format("pain {}/10 in {} is above the phase's {}/10", max_pain(s), label,
                                 c.max_pain_0_10));
    }
    if (c.require_symptom_free && !s.symptoms.empty()) {
      return not_yet(fmt::format("{} had symptoms: {}", label, describe(s.symptoms)));
    }
  }
  std::string why = fmt::format(
      "criteria met: {} weeks and {} sessions in the phase, the last {} at target with pain at "
      "most {}/10{}",
      weeks_in_phase, sessions.size(), k, c.max_pain_0_10,
      c.require_symptom_free ? " and no symptoms" : "");
  if (!c.clinician_check.empty()) why += fmt::format("; confirm first: {}", c.clinician_check);
  return R::success({true, std::move(why)});
}

Result<std::vector<Suggestion>> suggest_progression(const ProgressionInput& in,
                                                    const ProgressionRules& rules) {
  using R = Result<std::vector<Suggestion>>;
  if (Check c = check_rules(rules); !c.ok()) return R::failure(c.error);
  if (Check c = check_input(in); !c.ok()) return R::failure(c.error);
  if (in.sessions.empty()) {
    return R::success({{SuggestionKind::kHold, std::nullopt, std::nullopt, std::nullopt,
                        "hold: no sessions recorded in this phase yet"}});
  }
  if (std::vector<Suggestion> safety = safety_suggestions(in, rules); !safety.empty()) {
    return R::success(std::move(safety));
  }
  Result<AdvanceAssessment> advance =
      assess_phase_advance(in.advance, in.weeks_in_phase, in.sessions);
  if (!advance.ok()) return R::failure(advance.error);
  if (advance.value->ready) {
    return R::success({{SuggestionKind::kAdvancePhase, std::nullopt, std::nullopt, std::nullopt,
                        advance.value->why}});
  }
  return R::success(raise_or_hold(in, rules, advance.value->why));
}

Result<InSessionAdvice> check_in_session(int pain_0_10, const std::vector<SymptomReport>& symptoms,
                                         const ProgressionRules& rules) {
  using R = Result<InSessionAdvice>;
  if (Check c = check_rules(rules); !c.ok()) return R::failure(c.error);
  if (pain_0_10 < 0 || pain_0_10 > 10) {
    return R::failure(fmt::format("pain_0_10 must be between 0 and 10 (got {})", pain_0_10));
  }
  if (Check c = check_symptoms(symptoms); !c.ok()) return R::failure(c.error);
  if (pain_0_10 > rules.stop_pain_above) {
    return R::success({InSessionAction::kStop, 0,
                       fmt::format("pain {}/10 is above {}/10: stop and deflate", pain_0_10,
                                   rules.stop_pain_above)});
  }
  const bool severe = std::any_of(symptoms.begin(), symptoms.end(), [](const SymptomReport& r) {
    return r.severity == Severity::kSevere;
  });
  if (severe) {
    return R::success({InSessionAction::kStop, 0,
                       fmt::format("severe symptom ({}): stop and deflate", describe(symptoms))});
  }
  if (!symptoms.empty()) {
    return R::success({InSessionAction::kLowerPressure, -rules.pressure_step_mmhg,
                       fmt::format("symptoms ({}): lower the pressure by {:g} mmHg",
                                   describe(symptoms), rules.pressure_step_mmhg)});
  }
  return R::success({InSessionAction::kContinue, 0, "no stop criterion met"});
}

}  // namespace bfr::clinic

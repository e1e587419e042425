#include "clinic/programme.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string_view>
#include <variant>

#include <fmt/format.h>

namespace bfr::clinic {

namespace {

// Shares computed from sums of steps (0.3 + 0.05 + 0.05) land a hair off the
// range ends; that must not read as out of range.
constexpr double kTolerance = 1e-9;

// Project choices where bfr-facts §1 is silent.
constexpr double kMinPhaseS = 0.5;  // per concentric or eccentric phase
constexpr double kMaxPhaseS = 10;
constexpr double kMaxIsometricHoldS = 60;
constexpr int kMaxBouts = 10;
constexpr double kMaxAerobicRestS = 10 * 60;
constexpr int kMaxPassiveCycles = 10;
constexpr double kMaxDeflatedS = 60 * 60;
constexpr int kMaxWeeksInPhase = 52;
constexpr int kMaxConsecutiveSessions = 10;

bool between(double value, double low, double high) {
  // Written so that NaN fails too.
  return value >= low - kTolerance && value <= high + kTolerance;
}

std::string_view segment_name(LimbSegment segment) {
  return segment == LimbSegment::kThigh ? "thigh" : "upper arm";
}

Check range_error(std::string_view field, double low, double high, double got,
                  std::string_view unit = "") {
  return check_failed(fmt::format("{} must be between {}{} and {}{} (got {}{})", field, low, unit,
                                  high, unit, got, unit));
}

Check check_work(const ResistanceWork& w) {
  if (w.load.kind != LoadKind::kFractionOfOneRm && w.load.kind != LoadKind::kBodyweight) {
    return check_failed("load.kind has an invalid value");
  }
  if (w.load.kind == LoadKind::kFractionOfOneRm &&
      !between(w.load.fraction_of_one_rm, kMinLoadFraction, kMaxLoadFraction)) {
    return range_error("load.fraction_of_one_rm", kMinLoadFraction, kMaxLoadFraction,
                       w.load.fraction_of_one_rm);
  }
  if (w.reps_per_set.empty()) return check_failed("reps_per_set must list at least one set");
  if (w.reps_per_set.size() > static_cast<std::size_t>(kMaxSets)) {
    return check_failed(
        fmt::format("reps_per_set has {} sets; at most {}", w.reps_per_set.size(), kMaxSets));
  }
  for (std::size_t i = 0; i < w.reps_per_set.size(); ++i) {
    const int reps = w.reps_per_set[i];
    if (reps < 1 || reps > kMaxRepsPerSet) {
      return check_failed(fmt::format("reps_per_set[{}] must be between 1 and {} (got {})", i,
                                      kMaxRepsPerSet, reps));
    }
  }
  if (w.custom_rest) {
    if (!between(w.rest_between_sets_s, 0, kMaxCustomRestS)) {
      return range_error("rest_between_sets_s (custom)", 0, kMaxCustomRestS, w.rest_between_sets_s,
                         " s");
    }
  } else if (!between(w.rest_between_sets_s, kMinRestS, kMaxRestS)) {
    return range_error("rest_between_sets_s", kMinRestS, kMaxRestS, w.rest_between_sets_s, " s");
  }
  if (w.cadence.isometric_hold_s) {
    const double hold = *w.cadence.isometric_hold_s;
    if (!(hold > 0 && hold <= kMaxIsometricHoldS)) {
      return check_failed(
          fmt::format("cadence.isometric_hold_s must be above 0 and at most {} s (got {} s)",
                      kMaxIsometricHoldS, hold));
    }
  } else {
    if (!between(w.cadence.concentric_s, kMinPhaseS, kMaxPhaseS)) {
      return range_error("cadence.concentric_s", kMinPhaseS, kMaxPhaseS, w.cadence.concentric_s,
                         " s");
    }
    if (!between(w.cadence.eccentric_s, kMinPhaseS, kMaxPhaseS)) {
      return range_error("cadence.eccentric_s", kMinPhaseS, kMaxPhaseS, w.cadence.eccentric_s,
                         " s");
    }
  }
  return check_passed();
}

Check check_work(const AerobicWork& w) {
  if (w.mode != AerobicMode::kWalking && w.mode != AerobicMode::kCycling) {
    return check_failed("mode has an invalid value");
  }
  if (!(w.bout_s > 0 && std::isfinite(w.bout_s))) {
    return check_failed(fmt::format("bout_s must be above 0 s (got {} s)", w.bout_s));
  }
  if (w.bouts < 1 || w.bouts > kMaxBouts) {
    return check_failed(fmt::format("bouts must be between 1 and {} (got {})", kMaxBouts, w.bouts));
  }
  if (!between(w.rest_between_bouts_s, 0, kMaxAerobicRestS)) {
    return range_error("rest_between_bouts_s", 0, kMaxAerobicRestS, w.rest_between_bouts_s, " s");
  }
  if (w.fraction_of_vo2max) {
    const double f = *w.fraction_of_vo2max;
    if (!(f > 0 && f < kMaxAerobicVo2maxFraction)) {
      return check_failed(
          fmt::format("fraction_of_vo2max must be above 0 and below {} for aerobic BFR (got {})",
                      kMaxAerobicVo2maxFraction, f));
    }
  }
  return check_passed();
}

Check check_work(const PassiveWork& w) {
  if (!(w.inflated_s > 0 && std::isfinite(w.inflated_s))) {
    return check_failed(fmt::format("inflated_s must be above 0 s (got {} s)", w.inflated_s));
  }
  if (!between(w.deflated_s, kMinReperfusionS, kMaxDeflatedS)) {
    return range_error("deflated_s (reperfusion)", kMinReperfusionS, kMaxDeflatedS, w.deflated_s,
                       " s");
  }
  if (w.cycles < 1 || w.cycles > kMaxPassiveCycles) {
    return check_failed(
        fmt::format("cycles must be between 1 and {} (got {})", kMaxPassiveCycles, w.cycles));
  }
  return check_passed();
}

Check with_prefix(Check check, const std::string& prefix) {
  if (!check.ok()) check.error = prefix + check.error;
  return check;
}

}  // namespace

double restriction_cap_s(LimbSegment segment) {
  return segment == LimbSegment::kUpperArm ? kUpperLimbRestrictionCapS : kLowerLimbRestrictionCapS;
}

double default_lop_fraction(LimbSegment segment) {
  return segment == LimbSegment::kUpperArm ? kDefaultUpperLimbLopFraction
                                           : kDefaultLowerLimbLopFraction;
}

Prescription resistance_prescription(LimbSegment segment) {
  Prescription p;
  p.segment = segment;
  p.target_fraction_of_lop = default_lop_fraction(segment);
  p.work = ResistanceWork{};
  return p;
}

Prescription aerobic_prescription(LimbSegment segment, AerobicWork work) {
  Prescription p;
  p.segment = segment;
  p.target_fraction_of_lop = segment == LimbSegment::kUpperArm
                                 ? kDefaultUpperLimbLopFraction
                                 : kDefaultLowerLimbAerobicLopFraction;
  p.work = work;
  // The whole bout series is one inflation when rests keep the cuff up, so
  // the limit is the segment's cap rather than the 10 min exercise default.
  p.restriction_limit_s = restriction_cap_s(segment);
  return p;
}

Prescription passive_prescription(LimbSegment segment) {
  Prescription p;
  p.segment = segment;
  p.target_fraction_of_lop = segment == LimbSegment::kUpperArm
                                 ? kDefaultUpperLimbLopFraction
                                 : kDefaultLowerLimbAerobicLopFraction;
  p.work = PassiveWork{};
  // bfr-facts §1 (Patterson 2019): 1-2 sessions a day for short periods;
  // project choice: one a day.
  p.sessions_per_week = 7;
  return p;
}

double restriction_needed_s(const Prescription& prescription) {
  if (const auto* r = std::get_if<ResistanceWork>(&prescription.work)) {
    const double per_rep = r->cadence.isometric_hold_s
                               ? *r->cadence.isometric_hold_s
                               : r->cadence.concentric_s + r->cadence.eccentric_s;
    const int reps = std::accumulate(r->reps_per_set.begin(), r->reps_per_set.end(), 0);
    const double rests =
        r->reps_per_set.empty() ? 0.0 : static_cast<double>(r->reps_per_set.size() - 1);
    return static_cast<double>(reps) * per_rep + rests * r->rest_between_sets_s;
  }
  if (const auto* a = std::get_if<AerobicWork>(&prescription.work)) {
    if (!a->cuff_inflated_during_rests) return a->bout_s;
    return static_cast<double>(a->bouts) * a->bout_s +
           static_cast<double>(std::max(a->bouts - 1, 0)) * a->rest_between_bouts_s;
  }
  return std::get<PassiveWork>(prescription.work).inflated_s;
}

Check validate_prescription(const Prescription& p) {
  if (p.segment != LimbSegment::kThigh && p.segment != LimbSegment::kUpperArm) {
    return check_failed("segment has an invalid value");
  }
  if (!between(p.target_fraction_of_lop, kMinLopFraction, kMaxLopFraction)) {
    return range_error("target_fraction_of_lop", kMinLopFraction, kMaxLopFraction,
                       p.target_fraction_of_lop);
  }
  const double cap = restriction_cap_s(p.segment);
  if (!(p.restriction_limit_s > 0 && p.restriction_limit_s <= cap)) {
    return check_failed(
        fmt::format("restriction_limit_s must be above 0 and at most {} s on the {} (got {} s)",
                    cap, segment_name(p.segment), p.restriction_limit_s));
  }
  if (p.sessions_per_week < 1 || p.sessions_per_week > kMaxSessionsPerWeek) {
    return check_failed(fmt::format("sessions_per_week must be between 1 and {} (got {})",
                                    kMaxSessionsPerWeek, p.sessions_per_week));
  }
  Check work = std::visit([](const auto& w) { return check_work(w); }, p.work);
  if (!work.ok()) return work;
  const double needed = restriction_needed_s(p);
  if (needed > p.restriction_limit_s + kTolerance) {
    return check_failed(fmt::format(
        "the prescription needs {} s of continuous restriction but restriction_limit_s is {} s",
        needed, p.restriction_limit_s));
  }
  return check_passed();
}

Check validate_advance_criteria(const AdvanceCriteria& c) {
  if (c.min_weeks_in_phase < 0 || c.min_weeks_in_phase > kMaxWeeksInPhase) {
    return check_failed(fmt::format("min_weeks_in_phase must be between 0 and {} (got {})",
                                    kMaxWeeksInPhase, c.min_weeks_in_phase));
  }
  if (c.min_sessions_in_phase < 0) {
    return check_failed(
        fmt::format("min_sessions_in_phase must be 0 or more (got {})", c.min_sessions_in_phase));
  }
  if (c.consecutive_sessions_at_target < 1 ||
      c.consecutive_sessions_at_target > kMaxConsecutiveSessions) {
    return check_failed(
        fmt::format("consecutive_sessions_at_target must be between 1 and {} (got {})",
                    kMaxConsecutiveSessions, c.consecutive_sessions_at_target));
  }
  if (c.max_pain_0_10 < 0 || c.max_pain_0_10 > 10) {
    return check_failed(
        fmt::format("max_pain_0_10 must be between 0 and 10 (got {})", c.max_pain_0_10));
  }
  return check_passed();
}

Check validate_programme(const Programme& programme) {
  const auto is_blank = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
  };
  if (is_blank(programme.name)) return check_failed("programme name must not be empty");
  if (programme.phases.empty()) return check_failed("programme must have at least one phase");
  for (std::size_t i = 0; i < programme.phases.size(); ++i) {
    const Phase& phase = programme.phases[i];
    const std::string where = fmt::format("phase {} '{}'", i + 1, phase.name);
    if (is_blank(phase.name)) return check_failed(where + ": phase name must not be empty");
    if (phase.exercises.empty()) return check_failed(where + ": phase has no exercises");
    if (Check c = with_prefix(validate_advance_criteria(phase.advance), where + ": advance.");
        !c.ok()) {
      return c;
    }
    for (std::size_t j = 0; j < phase.exercises.size(); ++j) {
      const Exercise& exercise = phase.exercises[j];
      const std::string at = fmt::format("{}, exercise {} '{}': ", where, j + 1, exercise.name);
      if (is_blank(exercise.name)) return check_failed(at + "exercise name must not be empty");
      if (Check c = with_prefix(validate_prescription(exercise.prescription), at); !c.ok()) {
        return c;
      }
    }
  }
  return check_passed();
}

}  // namespace bfr::clinic

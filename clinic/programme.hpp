#pragma once
// A BFR programme as data: phases of exercises, each with its prescription
// (cuff, pressure, load, reps, rests, cadence, time limit, frequency) and the
// criteria for moving on. Templates (programme_templates.hpp) and custom
// programmes pass the same validator before anyone trains on them.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "clinic/one_rep_max.hpp"
#include "clinic/records.hpp"
#include "clinic/rule_result.hpp"

namespace bfr::clinic {

// Restriction pressure as a share of LOP, bfr-facts §1 (Patterson 2019):
// 40-80 % overall, upper limb 40-50 %, lower limb 60-80 %. Defaults take the
// top of each limb's band, as the seed programmes do (80 % on the thigh).
inline constexpr double kMinLopFraction = 0.40;
inline constexpr double kMaxLopFraction = 0.80;
inline constexpr double kDefaultUpperLimbLopFraction = 0.50;
inline constexpr double kDefaultLowerLimbLopFraction = 0.80;
// Project choice for aerobic and passive work on the thigh: mid-band, since
// bfr-facts §1 (VALD guidance) only gives 40-80 % LOP for aerobic BFR and the
// bouts last far longer than a resistance set.
inline constexpr double kDefaultLowerLimbAerobicLopFraction = 0.60;

// Longest continuous restriction per exercise, bfr-facts §1 (AIS): under
// 20 min on the lower limb, under 15 min on the upper limb. 20 min is also the
// supervisor's max_inflation. A limit equal to the cap is accepted.
inline constexpr double kLowerLimbRestrictionCapS = 20 * 60;
inline constexpr double kUpperLimbRestrictionCapS = 15 * 60;
// Default limit: the top of the usual 5-10 min per exercise, bfr-facts §1
// (Patterson 2019).
inline constexpr double kDefaultRestrictionLimitS = 10 * 60;

// Rests between sets, cuff inflated, bfr-facts §1 (seeds; Patterson 2019).
inline constexpr double kMinRestS = 30;
inline constexpr double kMaxRestS = 60;
// Project choice: the widest rest a custom prescription may set; the
// restriction-time check still applies since the cuff stays up.
inline constexpr double kMaxCustomRestS = 300;

// Sets per exercise: the controller's core::kMaxSets.
inline constexpr int kMaxSets = 8;
// Project choice: no BFR set plausibly goes beyond 50 reps (the first set of
// 30-15-15-15 aims at 30).
inline constexpr int kMaxRepsPerSet = 50;
// bfr-facts §1 (Patterson 2019): 2-3/week or 1-2/day, so at most 14/week.
inline constexpr int kMaxSessionsPerWeek = 14;
// bfr-facts §1 (AIS): 3 min reperfusion; passive BFR deflates 3-5 min (VALD).
inline constexpr double kMinReperfusionS = 3 * 60;
// bfr-facts §1 (VALD guidance): aerobic BFR below 50 % VO2max.
inline constexpr double kMaxAerobicVo2maxFraction = 0.50;

enum class LoadKind { kFractionOfOneRm, kBodyweight };

struct Load {
  LoadKind kind = LoadKind::kFractionOfOneRm;
  double fraction_of_one_rm = kDefaultLoadFraction;  // ignored for bodyweight
};

// Seconds per repetition: concentric and eccentric (bfr-facts §1 (HSS): 2 s /
// 2 s), or a static hold for isometric work (5 s for quad sets).
struct Cadence {
  double concentric_s = 2;
  double eccentric_s = 2;
  std::optional<double> isometric_hold_s;  // set for isometric exercises
};

struct ResistanceWork {
  Load load;
  std::vector<int> reps_per_set{30, 15, 15, 15};  // bfr-facts §1 (seeds)
  double rest_between_sets_s = 30;
  bool custom_rest = false;  // allows rests outside 30-60 s, up to kMaxCustomRestS
  Cadence cadence;
};

enum class AerobicMode { kWalking, kCycling };

struct AerobicWork {
  AerobicMode mode = AerobicMode::kWalking;
  double bout_s = 180;
  double rest_between_bouts_s = 60;
  int bouts = 5;
  bool cuff_inflated_during_rests = true;
  std::optional<double> fraction_of_vo2max;  // below 0.50 when given
};

// No load: cycles of inflation and reperfusion while the limb is immobilised.
struct PassiveWork {
  double inflated_s = 5 * 60;
  double deflated_s = 3 * 60;
  int cycles = 5;
};

using Work = std::variant<ResistanceWork, AerobicWork, PassiveWork>;

struct Prescription {
  LimbSegment segment = LimbSegment::kThigh;
  double target_fraction_of_lop = kDefaultLowerLimbLopFraction;
  // Longest continuous inflation allowed for this exercise; the cuff is
  // deflated between exercises (bfr-facts §1 (seeds)).
  double restriction_limit_s = kDefaultRestrictionLimitS;
  int sessions_per_week = 3;
  Work work = ResistanceWork{};
};

struct Exercise {
  std::string name;
  Prescription prescription;
  std::string notes;
};

// When a phase may end. Checked by progression.hpp against recorded sessions;
// `clinician_check` is what software cannot see (a surgeon's go-ahead) and is
// passed on with the suggestion.
struct AdvanceCriteria {
  int min_weeks_in_phase = 0;
  int min_sessions_in_phase = 0;
  // The last this-many sessions all had every target rep done (>= 1).
  int consecutive_sessions_at_target = 2;
  // Pain in those sessions at or below this (0 = pain-free).
  int max_pain_0_10 = 2;
  bool require_symptom_free = true;
  std::string clinician_check;
};

struct Phase {
  std::string name;
  std::string goal;
  std::vector<Exercise> exercises;
  AdvanceCriteria advance;
};

struct Programme {
  std::string name;
  std::string indication;
  std::vector<std::string> sources;
  std::vector<Phase> phases;
};

double restriction_cap_s(LimbSegment segment);
double default_lop_fraction(LimbSegment segment);

// Defaults for each kind of work on a segment (see the constants above).
Prescription resistance_prescription(LimbSegment segment);
Prescription aerobic_prescription(LimbSegment segment, AerobicWork work);
Prescription passive_prescription(LimbSegment segment);

// Longest continuous inflation the prescription needs: all sets and the
// rests between them; the bouts and inflated rests; one passive cycle.
double restriction_needed_s(const Prescription& prescription);

// Every message names the offending field and the accepted range.
Check validate_prescription(const Prescription& prescription);
Check validate_advance_criteria(const AdvanceCriteria& criteria);
// Fails on the first problem, prefixed with where it is ("phase 2 'Late',
// exercise 1 'Leg press': ...").
Check validate_programme(const Programme& programme);

}  // namespace bfr::clinic

// Prescription defaults, the programme validator and the templates
// (clinic/programme.hpp, clinic/programme_templates.hpp).

#include "clinic/programme.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "clinic/programme_templates.hpp"

namespace bfr::clinic {
namespace {

ResistanceWork& resistance(Prescription& p) {
  return std::get<ResistanceWork>(p.work);
}

// Applies `spoil` to a default thigh prescription and returns the error.
std::string error_after(const std::function<void(Prescription&)>& spoil,
                        LimbSegment segment = LimbSegment::kThigh) {
  Prescription p = resistance_prescription(segment);
  spoil(p);
  return validate_prescription(p).error;
}

bool accepted(const std::function<void(Prescription&)>& change,
              LimbSegment segment = LimbSegment::kThigh) {
  return error_after(change, segment).empty();
}

std::vector<std::string> exercise_names(const Phase& phase) {
  std::vector<std::string> names;
  for (const Exercise& e : phase.exercises) names.push_back(e.name);
  return names;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Programme one_exercise_programme() {
  return Programme{"Custom",
                   "test",
                   {"none"},
                   {Phase{"Only",
                          "test",
                          {Exercise{"Leg press", resistance_prescription(LimbSegment::kThigh), ""}},
                          {}}}};
}

TEST(PrescriptionDefaultsTest, ThighResistanceDefaults) {
  const Prescription p = resistance_prescription(LimbSegment::kThigh);
  EXPECT_DOUBLE_EQ(p.target_fraction_of_lop, 0.80);
  EXPECT_DOUBLE_EQ(p.restriction_limit_s, 600);
  EXPECT_EQ(p.sessions_per_week, 3);
  const auto& w = std::get<ResistanceWork>(p.work);
  EXPECT_EQ(w.reps_per_set, (std::vector<int>{30, 15, 15, 15}));
  EXPECT_DOUBLE_EQ(w.rest_between_sets_s, 30);
  EXPECT_DOUBLE_EQ(w.cadence.concentric_s, 2);
  EXPECT_DOUBLE_EQ(w.cadence.eccentric_s, 2);
  EXPECT_FALSE(w.cadence.isometric_hold_s.has_value());
  EXPECT_EQ(w.load.kind, LoadKind::kFractionOfOneRm);
  EXPECT_DOUBLE_EQ(w.load.fraction_of_one_rm, 0.30);
  EXPECT_TRUE(validate_prescription(p).ok());
}

TEST(PrescriptionDefaultsTest, UpperArmTakesFiftyPercentLop) {
  const Prescription p = resistance_prescription(LimbSegment::kUpperArm);
  EXPECT_DOUBLE_EQ(p.target_fraction_of_lop, 0.50);
  EXPECT_TRUE(validate_prescription(p).ok());
}

TEST(PrescriptionDefaultsTest, RestrictionCapsPerSegment) {
  EXPECT_DOUBLE_EQ(restriction_cap_s(LimbSegment::kThigh), 20 * 60);
  EXPECT_DOUBLE_EQ(restriction_cap_s(LimbSegment::kUpperArm), 15 * 60);
}

TEST(RestrictionNeededTest, ResistanceCountsRepsAndInflatedRests) {
  Prescription p = resistance_prescription(LimbSegment::kThigh);
  EXPECT_DOUBLE_EQ(restriction_needed_s(p), 75 * 4 + 3 * 30);
  resistance(p).cadence.isometric_hold_s = 5;
  EXPECT_DOUBLE_EQ(restriction_needed_s(p), 75 * 5 + 3 * 30);
}

TEST(RestrictionNeededTest, AerobicCountsRestsOnlyWhenTheCuffStaysUp) {
  AerobicWork w;  // 5 x 180 s with 60 s rests
  Prescription p = aerobic_prescription(LimbSegment::kThigh, w);
  EXPECT_DOUBLE_EQ(restriction_needed_s(p), 5 * 180 + 4 * 60);
  w.cuff_inflated_during_rests = false;
  p.work = w;
  EXPECT_DOUBLE_EQ(restriction_needed_s(p), 180);
}

TEST(RestrictionNeededTest, PassiveCountsOneInflation) {
  EXPECT_DOUBLE_EQ(restriction_needed_s(passive_prescription(LimbSegment::kThigh)), 300);
}

TEST(PrescriptionValidationTest, LopShareMustStayWithinFortyToEightyPercent) {
  EXPECT_EQ(error_after([](Prescription& p) { p.target_fraction_of_lop = 0.81; }),
            "target_fraction_of_lop must be between 0.4 and 0.8 (got 0.81)");
  EXPECT_EQ(error_after([](Prescription& p) { p.target_fraction_of_lop = 0.39; }),
            "target_fraction_of_lop must be between 0.4 and 0.8 (got 0.39)");
  EXPECT_TRUE(accepted([](Prescription& p) { p.target_fraction_of_lop = 0.40; }));
  EXPECT_TRUE(accepted([](Prescription& p) { p.target_fraction_of_lop = 0.80; }));
}

TEST(PrescriptionValidationTest, AerobicLopShareHasTheSameRange) {
  Prescription p = aerobic_prescription(LimbSegment::kThigh, AerobicWork{});
  p.target_fraction_of_lop = 0.85;
  EXPECT_NE(validate_prescription(p).error.find("target_fraction_of_lop"), std::string::npos);
  p.target_fraction_of_lop = 0.40;
  EXPECT_TRUE(validate_prescription(p).ok());
}

TEST(PrescriptionValidationTest, RepsMustBePositiveAndBounded) {
  EXPECT_EQ(error_after([](Prescription& p) {
              resistance(p).reps_per_set = {30, -15, 15, 15};
            }),
            "reps_per_set[1] must be between 1 and 50 (got -15)");
  EXPECT_EQ(error_after([](Prescription& p) { resistance(p).reps_per_set = {0}; }),
            "reps_per_set[0] must be between 1 and 50 (got 0)");
  EXPECT_EQ(error_after([](Prescription& p) { resistance(p).reps_per_set = {51}; }),
            "reps_per_set[0] must be between 1 and 50 (got 51)");
  EXPECT_TRUE(accepted([](Prescription& p) { resistance(p).reps_per_set = {50}; }));
}

TEST(PrescriptionValidationTest, SetCountMustBeOneToEight) {
  EXPECT_EQ(error_after([](Prescription& p) { resistance(p).reps_per_set.clear(); }),
            "reps_per_set must list at least one set");
  EXPECT_EQ(error_after([](Prescription& p) { resistance(p).reps_per_set.assign(9, 5); }),
            "reps_per_set has 9 sets; at most 8");
  EXPECT_TRUE(accepted([](Prescription& p) { resistance(p).reps_per_set.assign(8, 5); }));
}

TEST(PrescriptionValidationTest, LoadShareMustBeTwentyToFortyPercent) {
  EXPECT_EQ(error_after([](Prescription& p) { resistance(p).load.fraction_of_one_rm = 0.41; }),
            "load.fraction_of_one_rm must be between 0.2 and 0.4 (got 0.41)");
  EXPECT_FALSE(accepted([](Prescription& p) { resistance(p).load.fraction_of_one_rm = 0.19; }));
  EXPECT_TRUE(accepted([](Prescription& p) { resistance(p).load.fraction_of_one_rm = 0.20; }));
  EXPECT_TRUE(accepted([](Prescription& p) { resistance(p).load.fraction_of_one_rm = 0.40; }));
}

TEST(PrescriptionValidationTest, BodyweightIgnoresTheLoadShare) {
  EXPECT_TRUE(accepted([](Prescription& p) {
    resistance(p).load = Load{LoadKind::kBodyweight, 0};
  }));
}

TEST(PrescriptionValidationTest, RestMustBeThirtyToSixtySecondsUnlessCustom) {
  EXPECT_EQ(error_after([](Prescription& p) { resistance(p).rest_between_sets_s = 29; }),
            "rest_between_sets_s must be between 30 s and 60 s (got 29 s)");
  EXPECT_FALSE(accepted([](Prescription& p) { resistance(p).rest_between_sets_s = 61; }));
  EXPECT_TRUE(accepted([](Prescription& p) { resistance(p).rest_between_sets_s = 60; }));
}

TEST(PrescriptionValidationTest, CustomRestAllowsZeroToThreeHundredSeconds) {
  EXPECT_TRUE(accepted([](Prescription& p) {
    resistance(p).custom_rest = true;
    resistance(p).rest_between_sets_s = 90;
  }));
  EXPECT_EQ(error_after([](Prescription& p) {
              resistance(p).custom_rest = true;
              resistance(p).rest_between_sets_s = 301;
            }),
            "rest_between_sets_s (custom) must be between 0 s and 300 s (got 301 s)");
  EXPECT_FALSE(accepted([](Prescription& p) {
    resistance(p).custom_rest = true;
    resistance(p).rest_between_sets_s = -1;
  }));
}

TEST(PrescriptionValidationTest, CadenceMustBePlausible) {
  EXPECT_EQ(error_after([](Prescription& p) { resistance(p).cadence.concentric_s = 0.4; }),
            "cadence.concentric_s must be between 0.5 s and 10 s (got 0.4 s)");
  EXPECT_FALSE(accepted([](Prescription& p) { resistance(p).cadence.eccentric_s = 11; }));
  EXPECT_EQ(error_after([](Prescription& p) { resistance(p).cadence.isometric_hold_s = 0; }),
            "cadence.isometric_hold_s must be above 0 and at most 60 s (got 0 s)");
  EXPECT_FALSE(accepted([](Prescription& p) { resistance(p).cadence.isometric_hold_s = 61; }));
  EXPECT_TRUE(accepted([](Prescription& p) { resistance(p).cadence.isometric_hold_s = 5; }));
}

TEST(PrescriptionValidationTest, RestrictionLimitMustNotExceedTheSegmentCap) {
  EXPECT_EQ(error_after([](Prescription& p) { p.restriction_limit_s = 1201; }),
            "restriction_limit_s must be above 0 and at most 1200 s on the thigh (got 1201 s)");
  EXPECT_TRUE(accepted([](Prescription& p) { p.restriction_limit_s = 1200; }));
  EXPECT_EQ(
      error_after([](Prescription& p) { p.restriction_limit_s = 901; }, LimbSegment::kUpperArm),
      "restriction_limit_s must be above 0 and at most 900 s on the upper arm (got 901 s)");
  EXPECT_TRUE(
      accepted([](Prescription& p) { p.restriction_limit_s = 900; }, LimbSegment::kUpperArm));
  EXPECT_FALSE(accepted([](Prescription& p) { p.restriction_limit_s = 0; }));
}

TEST(PrescriptionValidationTest, WorkMustFitTheRestrictionLimit) {
  EXPECT_EQ(error_after([](Prescription& p) { p.restriction_limit_s = 389; }),
            "the prescription needs 390 s of continuous restriction but restriction_limit_s is "
            "389 s");
  EXPECT_TRUE(accepted([](Prescription& p) { p.restriction_limit_s = 390; }));
}

TEST(PrescriptionValidationTest, SessionsPerWeekMustBeOneToFourteen) {
  EXPECT_EQ(error_after([](Prescription& p) { p.sessions_per_week = 0; }),
            "sessions_per_week must be between 1 and 14 (got 0)");
  EXPECT_FALSE(accepted([](Prescription& p) { p.sessions_per_week = 15; }));
  EXPECT_TRUE(accepted([](Prescription& p) { p.sessions_per_week = 14; }));
}

TEST(PrescriptionValidationTest, AerobicIntensityMustStayBelowHalfVo2max) {
  AerobicWork w{AerobicMode::kCycling, 900, 0, 1, true, 0.50};
  EXPECT_EQ(validate_prescription(aerobic_prescription(LimbSegment::kThigh, w)).error,
            "fraction_of_vo2max must be above 0 and below 0.5 for aerobic BFR (got 0.5)");
  w.fraction_of_vo2max = 0.49;
  EXPECT_TRUE(validate_prescription(aerobic_prescription(LimbSegment::kThigh, w)).ok());
}

TEST(PrescriptionValidationTest, AerobicBoutsMustBePositive) {
  AerobicWork w;
  w.bouts = 0;
  EXPECT_EQ(validate_prescription(aerobic_prescription(LimbSegment::kThigh, w)).error,
            "bouts must be between 1 and 10 (got 0)");
  w = AerobicWork{};
  w.bout_s = 0;
  EXPECT_EQ(validate_prescription(aerobic_prescription(LimbSegment::kThigh, w)).error,
            "bout_s must be above 0 s (got 0 s)");
}

TEST(PrescriptionValidationTest, AerobicSeriesMustFitTheCap) {
  AerobicWork w;
  w.bouts = 6;  // 6 x 180 + 5 x 60 = 1380 s > 1200 s
  EXPECT_NE(validate_prescription(aerobic_prescription(LimbSegment::kThigh, w))
                .error.find("needs 1380 s"),
            std::string::npos);
  w.cuff_inflated_during_rests = false;  // each bout alone is short
  EXPECT_TRUE(validate_prescription(aerobic_prescription(LimbSegment::kThigh, w)).ok());
}

TEST(PrescriptionValidationTest, PassiveNeedsThreeMinutesOfReperfusion) {
  Prescription p = passive_prescription(LimbSegment::kThigh);
  std::get<PassiveWork>(p.work).deflated_s = 179;
  EXPECT_EQ(validate_prescription(p).error,
            "deflated_s (reperfusion) must be between 180 s and 3600 s (got 179 s)");
  std::get<PassiveWork>(p.work).deflated_s = 180;
  EXPECT_TRUE(validate_prescription(p).ok());
}

TEST(PrescriptionValidationTest, PassiveCyclesAndInflationMustBeSensible) {
  Prescription p = passive_prescription(LimbSegment::kThigh);
  std::get<PassiveWork>(p.work).cycles = 0;
  EXPECT_EQ(validate_prescription(p).error, "cycles must be between 1 and 10 (got 0)");
  p = passive_prescription(LimbSegment::kThigh);
  std::get<PassiveWork>(p.work).inflated_s = 0;
  EXPECT_EQ(validate_prescription(p).error, "inflated_s must be above 0 s (got 0 s)");
  p = passive_prescription(LimbSegment::kThigh);
  std::get<PassiveWork>(p.work).inflated_s = 601;  // over the 600 s default limit
  EXPECT_NE(validate_prescription(p).error.find("needs 601 s"), std::string::npos);
}

TEST(AdvanceCriteriaValidationTest, RefusesOutOfRangeValues) {
  AdvanceCriteria c;
  EXPECT_TRUE(validate_advance_criteria(c).ok());
  c.min_weeks_in_phase = -1;
  EXPECT_EQ(validate_advance_criteria(c).error,
            "min_weeks_in_phase must be between 0 and 52 (got -1)");
  c = AdvanceCriteria{};
  c.consecutive_sessions_at_target = 0;
  EXPECT_FALSE(validate_advance_criteria(c).ok());
  c = AdvanceCriteria{};
  c.max_pain_0_10 = 11;
  EXPECT_EQ(validate_advance_criteria(c).error, "max_pain_0_10 must be between 0 and 10 (got 11)");
  c = AdvanceCriteria{};
  c.min_sessions_in_phase = -2;
  EXPECT_FALSE(validate_advance_criteria(c).ok());
}

TEST(ProgrammeValidationTest, AcceptsAMinimalProgramme) {
  EXPECT_TRUE(validate_programme(one_exercise_programme()).ok());
}

TEST(ProgrammeValidationTest, RefusesEmptyPhases) {
  Programme p = one_exercise_programme();
  p.phases.clear();
  EXPECT_EQ(validate_programme(p).error, "programme must have at least one phase");
}

TEST(ProgrammeValidationTest, RefusesAPhaseWithoutExercises) {
  Programme p = one_exercise_programme();
  p.phases[0].exercises.clear();
  EXPECT_EQ(validate_programme(p).error, "phase 1 'Only': phase has no exercises");
}

TEST(ProgrammeValidationTest, RefusesBlankNames) {
  Programme p = one_exercise_programme();
  p.name = " ";
  EXPECT_EQ(validate_programme(p).error, "programme name must not be empty");
  p = one_exercise_programme();
  p.phases[0].name = "";
  EXPECT_EQ(validate_programme(p).error, "phase 1 '': phase name must not be empty");
  p = one_exercise_programme();
  p.phases[0].exercises[0].name = "";
  EXPECT_EQ(validate_programme(p).error,
            "phase 1 'Only', exercise 1 '': exercise name must not be empty");
}

TEST(ProgrammeValidationTest, NamesWhereABadPrescriptionIs) {
  Programme p = one_exercise_programme();
  p.phases.push_back(p.phases[0]);
  p.phases[1].name = "Late";
  p.phases[1].exercises[0].prescription.target_fraction_of_lop = 0.9;
  EXPECT_EQ(validate_programme(p).error,
            "phase 2 'Late', exercise 1 'Leg press': target_fraction_of_lop must be between 0.4 "
            "and 0.8 (got 0.9)");
}

TEST(ProgrammeValidationTest, NamesWhereBadAdvanceCriteriaAre) {
  Programme p = one_exercise_programme();
  p.phases[0].advance.max_pain_0_10 = -1;
  EXPECT_EQ(validate_programme(p).error,
            "phase 1 'Only': advance.max_pain_0_10 must be between 0 and 10 (got -1)");
}

TEST(ProgrammeTemplatesTest, EveryTemplateValidatesAndNamesItsSources) {
  const std::vector<Programme> all = all_programme_templates();
  EXPECT_EQ(all.size(), 7u);
  for (const Programme& p : all) {
    const Check c = validate_programme(p);
    EXPECT_TRUE(c.ok()) << p.name << ": " << c.error;
    EXPECT_FALSE(p.sources.empty()) << p.name;
  }
}

TEST(ProgrammeTemplatesTest, AchillesFollowsTheSeedPhases) {
  const Programme p = achilles_rupture_programme();
  ASSERT_TRUE(validate_programme(p).ok()) << validate_programme(p).error;
  ASSERT_EQ(p.phases.size(), 2u);
  const auto early = exercise_names(p.phases[0]);
  for (const char* name :
       {"Seated calf raise", "Leg press", "Hip extension", "Hip abduction", "BFR walking"}) {
    EXPECT_TRUE(contains(early, name)) << name;
  }
  EXPECT_TRUE(contains(exercise_names(p.phases[1]), "Standing calf raise"));
  for (const Phase& phase : p.phases) {
    EXPECT_FALSE(phase.advance.clinician_check.empty());
    for (const Exercise& e : phase.exercises) {
      EXPECT_EQ(e.prescription.segment, LimbSegment::kThigh) << e.name;  // proximal thigh
      EXPECT_GE(e.prescription.sessions_per_week, 2) << e.name;
      EXPECT_LE(e.prescription.sessions_per_week, 3) << e.name;
    }
  }
}

TEST(ProgrammeTemplatesTest, AclStartsWithFiveSecondQuadSets) {
  const Programme p = acl_reconstruction_programme();
  ASSERT_TRUE(validate_programme(p).ok()) << validate_programme(p).error;
  const Exercise& quad = p.phases[0].exercises[0];
  EXPECT_EQ(quad.name, "Isometric quad set");
  EXPECT_EQ(std::get<ResistanceWork>(quad.prescription.work).cadence.isometric_hold_s, 5.0);
}

TEST(ProgrammeTemplatesTest, KneeOsteoarthritisUsesMidBandPressure) {
  const Programme p = knee_osteoarthritis_programme();
  ASSERT_TRUE(validate_programme(p).ok()) << validate_programme(p).error;
  for (const Exercise& e : p.phases[0].exercises) {
    EXPECT_DOUBLE_EQ(e.prescription.target_fraction_of_lop, 0.70) << e.name;
  }
}

TEST(ProgrammeTemplatesTest, HypertrophyUsesEachSegmentsBand) {
  const Programme p = general_hypertrophy_programme();
  ASSERT_TRUE(validate_programme(p).ok()) << validate_programme(p).error;
  int arms = 0;
  for (const Exercise& e : p.phases[0].exercises) {
    const bool arm = e.prescription.segment == LimbSegment::kUpperArm;
    arms += arm ? 1 : 0;
    EXPECT_DOUBLE_EQ(e.prescription.target_fraction_of_lop, arm ? 0.50 : 0.80) << e.name;
  }
  EXPECT_GT(arms, 0);
}

TEST(ProgrammeTemplatesTest, WalkingIsFiveBoutsOfThreeMinutesTwiceDaily) {
  const Programme p = aerobic_walking_programme();
  ASSERT_TRUE(validate_programme(p).ok()) << validate_programme(p).error;
  const Prescription& rx = p.phases[0].exercises[0].prescription;
  const auto& w = std::get<AerobicWork>(rx.work);
  EXPECT_EQ(w.mode, AerobicMode::kWalking);
  EXPECT_DOUBLE_EQ(w.bout_s, 180);
  EXPECT_DOUBLE_EQ(w.rest_between_bouts_s, 60);
  EXPECT_EQ(w.bouts, 5);
  EXPECT_EQ(rx.sessions_per_week, 14);
}

TEST(ProgrammeTemplatesTest, CyclingIsFifteenMinutesAtFortyPercentVo2max) {
  const Programme p = aerobic_cycling_programme();
  ASSERT_TRUE(validate_programme(p).ok()) << validate_programme(p).error;
  const Prescription& rx = p.phases[0].exercises[0].prescription;
  const auto& w = std::get<AerobicWork>(rx.work);
  EXPECT_EQ(w.mode, AerobicMode::kCycling);
  EXPECT_DOUBLE_EQ(w.bout_s * w.bouts, 15 * 60);
  EXPECT_EQ(w.fraction_of_vo2max, 0.40);
  EXPECT_EQ(rx.sessions_per_week, 3);
  EXPECT_EQ(p.phases[0].advance.min_weeks_in_phase, 8);
}

TEST(ProgrammeTemplatesTest, PassiveCyclesFiveMinutesOnThreeOffWithoutLoad) {
  for (const LimbSegment segment : {LimbSegment::kThigh, LimbSegment::kUpperArm}) {
    const Programme p = passive_immobilisation_programme(segment);
    ASSERT_TRUE(validate_programme(p).ok()) << validate_programme(p).error;
    const Prescription& rx = p.phases[0].exercises[0].prescription;
    ASSERT_TRUE(std::holds_alternative<PassiveWork>(rx.work));  // no load by construction
    const auto& w = std::get<PassiveWork>(rx.work);
    EXPECT_DOUBLE_EQ(w.inflated_s, 300);
    EXPECT_DOUBLE_EQ(w.deflated_s, 180);
    EXPECT_EQ(rx.segment, segment);
  }
}

}  // namespace
}  // namespace bfr::clinic

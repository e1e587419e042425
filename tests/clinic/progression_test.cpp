// Progression suggestions and the in-session stop rule
// (clinic/progression.hpp).

#include "clinic/progression.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace bfr::clinic {
namespace {

using K = SuggestionKind;

// One session of 30-15-15-15 at `load_kg`, with the reps actually done.
SessionSummary session(std::vector<int> actual = {30, 15, 15, 15}, double load_kg = 30,
                       int pain = 1, std::vector<SymptomReport> symptoms = {}) {
  const std::vector<int> target{30, 15, 15, 15};
  SessionSummary s;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    s.sets.push_back(SetSummary{target[i], actual[i], load_kg, 6, pain});
  }
  s.symptoms = std::move(symptoms);
  return s;
}

// 30 % of a 100 kg 1RM at 160 mmHg (80 % of a 200 mmHg LOP), in week 2 of
// a phase that needs 6 weeks: no phase advance unless a test asks for it.
ProgressionInput input(std::vector<SessionSummary> sessions) {
  ProgressionInput in;
  in.sessions = std::move(sessions);
  in.load = Load{LoadKind::kFractionOfOneRm, 0.30};
  in.one_rep_max_kg = 100;
  in.target_pressure_mmhg = 160;
  in.lop_mmhg = 200;
  in.weeks_in_phase = 2;
  in.advance = AdvanceCriteria{6, 12, 2, 2, true, "surgeon agrees"};
  return in;
}

std::vector<Suggestion> suggest(const ProgressionInput& in, const ProgressionRules& rules = {}) {
  Result<std::vector<Suggestion>> r = suggest_progression(in, rules);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.ok() ? *r.value : std::vector<Suggestion>{};
}

const Suggestion* find(const std::vector<Suggestion>& all, K kind) {
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const Suggestion& s) { return s.kind == kind; });
  return it == all.end() ? nullptr : &*it;
}

bool mentions(const Suggestion* s, const std::string& part) {
  return s != nullptr && s->why.find(part) != std::string::npos;
}

// (a) Raising the load.

TEST(RaiseLoadTest, TwoFullSessionsRaiseByOneStep) {
  const auto out = suggest(input({session(), session()}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, K::kRaiseLoad);
  EXPECT_NEAR(*out[0].new_load_fraction, 0.35, 1e-9);
  EXPECT_NEAR(*out[0].new_load_kg, 35, 1e-9);
  EXPECT_TRUE(mentions(&out[0], "raise the load from 30 % to 35 % 1RM")) << out[0].why;
}

TEST(RaiseLoadTest, SetOneOneRepShortHolds) {
  const auto out = suggest(input({session(), session({29, 15, 15, 15})}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, K::kHold);
  EXPECT_TRUE(mentions(&out[0], "in the last session set 1 reached 29 of 30 reps")) << out[0].why;
}

TEST(RaiseLoadTest, ALaterSetOneRepShortHolds) {
  const auto out = suggest(input({session({30, 15, 15, 14}), session()}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, K::kHold);
  EXPECT_TRUE(mentions(&out[0], "in the session before last set 4 reached 14 of 15 reps"))
      << out[0].why;
}

TEST(RaiseLoadTest, OneSessionIsNotEnough) {
  const auto out = suggest(input({session()}));
  EXPECT_EQ(out[0].kind, K::kHold);
  EXPECT_TRUE(mentions(&out[0], "1 session(s) recorded; a raise needs 2 in a row")) << out[0].why;
}

TEST(RaiseLoadTest, BothSessionsMustBeAtTheCurrentLoad) {
  const auto out = suggest(input({session({30, 15, 15, 15}, 25), session()}));
  EXPECT_EQ(out[0].kind, K::kHold);
  EXPECT_TRUE(mentions(&out[0], "the session before last was at 25 kg, not the current 30 kg"))
      << out[0].why;
}

TEST(RaiseLoadTest, PainAboveThreeHolds) {
  const auto held = suggest(input({session(), session({30, 15, 15, 15}, 30, 4)}));
  EXPECT_EQ(held[0].kind, K::kHold);
  EXPECT_TRUE(mentions(&held[0], "pain 4/10 in the last session is above the 3/10")) << held[0].why;
  const auto raised = suggest(input({session(), session({30, 15, 15, 15}, 30, 3)}));
  EXPECT_EQ(raised[0].kind, K::kRaiseLoad);
}

TEST(RaiseLoadTest, SymptomsInTheEarlierSessionHold) {
  const auto out = suggest(input(
      {session({30, 15, 15, 15}, 30, 1, {{Symptom::kBruising, Severity::kMild}}), session()}));
  EXPECT_EQ(out[0].kind, K::kHold);
  EXPECT_TRUE(mentions(&out[0], "the session before last had symptoms: mild bruising"))
      << out[0].why;
}

TEST(RaiseLoadTest, RaiseStopsAtTheFortyPercentCeiling) {
  ProgressionInput in = input({session({30, 15, 15, 15}, 38), session({30, 15, 15, 15}, 38)});
  in.load->fraction_of_one_rm = 0.38;
  const auto capped = suggest(in);
  EXPECT_EQ(capped[0].kind, K::kRaiseLoad);
  EXPECT_NEAR(*capped[0].new_load_fraction, 0.40, 1e-9);

  in.load->fraction_of_one_rm = 0.40;
  const auto held = suggest(in);
  EXPECT_EQ(held[0].kind, K::kHold);
  EXPECT_TRUE(mentions(&held[0], "40 % 1RM ceiling")) << held[0].why;
}

TEST(RaiseLoadTest, BodyweightProgressesToTwentyPercentLoad) {
  ProgressionInput in = input({session({30, 15, 15, 15}, 0), session({30, 15, 15, 15}, 0)});
  in.load = Load{LoadKind::kBodyweight, 0};
  const auto out = suggest(in);
  EXPECT_EQ(out[0].kind, K::kRaiseLoad);
  EXPECT_NEAR(*out[0].new_load_fraction, 0.20, 1e-9);
  EXPECT_NEAR(*out[0].new_load_kg, 20, 1e-9);
  EXPECT_TRUE(mentions(&out[0], "add an external load of 20 % 1RM")) << out[0].why;
}

TEST(RaiseLoadTest, WithoutOneRepMaxOnlyTheShareIsGiven) {
  ProgressionInput in = input({session(), session()});
  in.one_rep_max_kg.reset();
  const auto out = suggest(in);
  EXPECT_EQ(out[0].kind, K::kRaiseLoad);
  EXPECT_FALSE(out[0].new_load_kg.has_value());
}

TEST(RaiseLoadTest, LoadStepIsConfigurable) {
  ProgressionRules rules;
  rules.load_step_fraction = 0.025;
  const auto out = suggest(input({session(), session()}), rules);
  EXPECT_NEAR(*out[0].new_load_fraction, 0.325, 1e-9);
}

// (b) Pain and symptoms.

TEST(SafetyTest, PainAboveSevenLowersPressureAndLoadAndAsksForReview) {
  const auto out = suggest(input({session(), session({30, 15, 15, 15}, 30, 8)}));
  const Suggestion* pressure = find(out, K::kLowerPressure);
  ASSERT_NE(pressure, nullptr);
  EXPECT_DOUBLE_EQ(*pressure->new_target_mmhg, 150);
  EXPECT_TRUE(mentions(pressure, "pain 8/10 in the last session is above 7/10, a stop criterion"))
      << pressure->why;
  const Suggestion* load = find(out, K::kLowerLoad);
  ASSERT_NE(load, nullptr);
  EXPECT_NEAR(*load->new_load_fraction, 0.25, 1e-9);
  EXPECT_NE(find(out, K::kClinicianReview), nullptr);
  EXPECT_EQ(find(out, K::kRaiseLoad), nullptr);
}

TEST(SafetyTest, PainOfSevenIsNotAStopButBlocksARaise) {
  const auto out = suggest(input({session(), session({30, 15, 15, 15}, 30, 7)}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, K::kHold);
}

TEST(SafetyTest, MildSymptomLowersPressureOnly) {
  const auto out = suggest(input(
      {session(), session({30, 15, 15, 15}, 30, 1, {{Symptom::kNumbness, Severity::kMild}})}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, K::kLowerPressure);
  EXPECT_DOUBLE_EQ(*out[0].new_target_mmhg, 150);
  EXPECT_TRUE(mentions(&out[0], "symptoms in the last session: mild numbness")) << out[0].why;
}

TEST(SafetyTest, ModerateSymptomAlsoLowersTheLoad) {
  const auto out = suggest(input(
      {session({30, 15, 15, 15}, 30, 1, {{Symptom::kDizzinessOrFainting, Severity::kModerate}})}));
  EXPECT_NE(find(out, K::kLowerPressure), nullptr);
  EXPECT_NE(find(out, K::kLowerLoad), nullptr);
  EXPECT_EQ(find(out, K::kClinicianReview), nullptr);
}

TEST(SafetyTest, SevereSymptomAlsoAsksForReview) {
  const auto out = suggest(
      input({session({30, 15, 15, 15}, 30, 1, {{Symptom::kUnusualPain, Severity::kSevere}})}));
  EXPECT_NE(find(out, K::kLowerPressure), nullptr);
  EXPECT_NE(find(out, K::kLowerLoad), nullptr);
  const Suggestion* review = find(out, K::kClinicianReview);
  ASSERT_NE(review, nullptr);
  EXPECT_TRUE(mentions(review, "severe unusual pain")) << review->why;
}

TEST(SafetyTest, LoadAtTheFloorIsHeldNotLowered) {
  ProgressionInput in = input({session({30, 15, 15, 15}, 20, 9)});
  in.load->fraction_of_one_rm = 0.20;
  const auto out = suggest(in);
  EXPECT_EQ(find(out, K::kLowerLoad), nullptr);
  EXPECT_TRUE(mentions(find(out, K::kHold), "already at the 20 % 1RM floor"));
}

TEST(SafetyTest, BodyweightLowersToAnEasierVariant) {
  ProgressionInput in = input({session({30, 15, 15, 15}, 0, 9)});
  in.load = Load{LoadKind::kBodyweight, 0};
  const auto out = suggest(in);
  const Suggestion* load = find(out, K::kLowerLoad);
  ASSERT_NE(load, nullptr);
  EXPECT_FALSE(load->new_load_fraction.has_value());
  EXPECT_TRUE(mentions(load, "easier variant"));
}

TEST(SafetyTest, LoweringBelowFortyPercentLopAsksForReview) {
  ProgressionInput in =
      input({session({30, 15, 15, 15}, 30, 1, {{Symptom::kBruising, Severity::kMild}})});
  in.target_pressure_mmhg = 85;  // 75 after the step; 40 % of 200 is 80
  const auto low = suggest(in);
  EXPECT_TRUE(mentions(find(low, K::kClinicianReview), "75 mmHg is below 40 % of LOP (80 mmHg)"));
  in.target_pressure_mmhg = 90;  // 80 after the step: still in the band
  const auto in_band = suggest(in);
  EXPECT_EQ(find(in_band, K::kClinicianReview), nullptr);
}

TEST(SafetyTest, PressureThatCannotGoLowerAsksForReview) {
  ProgressionInput in =
      input({session({30, 15, 15, 15}, 30, 1, {{Symptom::kNumbness, Severity::kMild}})});
  in.target_pressure_mmhg = 10;
  in.lop_mmhg.reset();
  const auto out = suggest(in);
  EXPECT_EQ(find(out, K::kLowerPressure), nullptr);
  EXPECT_TRUE(mentions(find(out, K::kClinicianReview), "the 10 mmHg target cannot be lowered"));
}

TEST(SafetyTest, SafetyComesBeforeAPhaseAdvance) {
  ProgressionInput in =
      input({session(), session(),
             session({30, 15, 15, 15}, 30, 1, {{Symptom::kExcessiveSoreness, Severity::kMild}})});
  in.weeks_in_phase = 10;
  in.advance.min_sessions_in_phase = 0;
  const auto out = suggest(in);
  EXPECT_EQ(find(out, K::kAdvancePhase), nullptr);
  EXPECT_NE(find(out, K::kLowerPressure), nullptr);
}

TEST(SafetyTest, PressureStepIsConfigurable) {
  ProgressionRules rules;
  rules.pressure_step_mmhg = 5;
  const auto out = suggest(
      input({session({30, 15, 15, 15}, 30, 1, {{Symptom::kNumbness, Severity::kMild}})}), rules);
  EXPECT_DOUBLE_EQ(*out[0].new_target_mmhg, 155);
}

// (c) Phase advance.

TEST(PhaseAdvanceTest, MetCriteriaAdvanceInsteadOfRaising) {
  ProgressionInput in = input(std::vector<SessionSummary>(12, session()));
  in.weeks_in_phase = 6;
  const auto out = suggest(in);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, K::kAdvancePhase);
  EXPECT_TRUE(mentions(&out[0], "criteria met: 6 weeks and 12 sessions")) << out[0].why;
  EXPECT_TRUE(mentions(&out[0], "confirm first: surgeon agrees")) << out[0].why;
}

TEST(PhaseAdvanceTest, TooFewWeeksHolds) {
  const auto r =
      assess_phase_advance(AdvanceCriteria{6, 0, 2, 2, true, ""}, 5, {session(), session()});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_FALSE(r.value->ready);
  EXPECT_EQ(r.value->why, "not ready to advance: 5 of 6 weeks in the phase");
}

TEST(PhaseAdvanceTest, TooFewSessionsHolds) {
  const auto r =
      assess_phase_advance(AdvanceCriteria{0, 3, 2, 2, true, ""}, 1, {session(), session()});
  EXPECT_FALSE(r.value->ready);
  EXPECT_EQ(r.value->why, "not ready to advance: 2 of 3 sessions in the phase");
}

TEST(PhaseAdvanceTest, RepsMustBeAchievedInTheLastSessions) {
  const auto r = assess_phase_advance(AdvanceCriteria{0, 0, 2, 2, true, ""}, 1,
                                      {session({30, 15, 15, 12}), session()});
  EXPECT_FALSE(r.value->ready);
  EXPECT_EQ(r.value->why,
            "not ready to advance: in the session before last set 4 reached 12 of 15 reps");
}

TEST(PhaseAdvanceTest, PainMustStayAtOrBelowThePhaseLimit) {
  const AdvanceCriteria c{0, 0, 1, 2, true, ""};
  EXPECT_FALSE(assess_phase_advance(c, 1, {session({30, 15, 15, 15}, 30, 3)}).value->ready);
  EXPECT_TRUE(assess_phase_advance(c, 1, {session({30, 15, 15, 15}, 30, 2)}).value->ready);
}

TEST(PhaseAdvanceTest, SymptomsBlockOnlyWhenRequired) {
  AdvanceCriteria c{0, 0, 1, 2, true, ""};
  const std::vector<SessionSummary> sessions{
      session({30, 15, 15, 15}, 30, 1, {{Symptom::kBruising, Severity::kMild}})};
  EXPECT_FALSE(assess_phase_advance(c, 1, sessions).value->ready);
  c.require_symptom_free = false;
  EXPECT_TRUE(assess_phase_advance(c, 1, sessions).value->ready);
}

TEST(PhaseAdvanceTest, PassiveSessionsWithoutSetsCount) {
  const auto r = assess_phase_advance(AdvanceCriteria{0, 0, 1, 2, true, ""}, 0, {SessionSummary{}});
  EXPECT_TRUE(r.value->ready) << r.value->why;
}

TEST(PhaseAdvanceTest, InvalidCriteriaAreRefused) {
  const auto r = assess_phase_advance(AdvanceCriteria{-1, 0, 1, 2, true, ""}, 0, {});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("min_weeks_in_phase"), std::string::npos);
}

// (d) Hold.

TEST(HoldTest, NoSessionsHold) {
  const auto out = suggest(input({}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, K::kHold);
  EXPECT_EQ(out[0].why, "hold: no sessions recorded in this phase yet");
}

TEST(HoldTest, HoldSaysWhyAndWhereThePhaseStands) {
  const auto out = suggest(input({session(), session({25, 15, 15, 15})}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, K::kHold);
  EXPECT_TRUE(mentions(&out[0], "set 1 reached 25 of 30"));
  EXPECT_TRUE(mentions(&out[0], "phase: not ready to advance: 2 of 6 weeks"));
}

TEST(HoldTest, WorkWithoutLoadProgressesByPhaseOnly) {
  ProgressionInput in = input({SessionSummary{}, SessionSummary{}});
  in.load.reset();
  const auto out = suggest(in);
  EXPECT_EQ(out[0].kind, K::kHold);
  EXPECT_TRUE(mentions(&out[0], "progress by phase only"));
}

// Input checks.

TEST(ProgressionInputTest, ImplausibleSetValuesAreRefused) {
  const auto error_for = [](SetSummary set) {
    ProgressionInput in = input({session()});
    in.sessions[0].sets[2] = set;
    return suggest_progression(in).error;
  };
  EXPECT_EQ(error_for({15, 15, 30, 6, 11}),
            "session 1 set 3: pain_0_10 must be between 0 and 10 (got 11)");
  EXPECT_EQ(error_for({15, 15, 30, -1, 1}),
            "session 1 set 3: rpe_cr10 must be between 0 and 10 (got -1)");
  EXPECT_EQ(error_for({0, 15, 30, 6, 1}), "session 1 set 3: target_reps must be 1 or more (got 0)");
  EXPECT_EQ(error_for({15, -1, 30, 6, 1}),
            "session 1 set 3: actual_reps must be 0 or more (got -1)");
  EXPECT_NE(error_for({15, 15, -5, 6, 1}).find("load_kg"), std::string::npos);
}

TEST(ProgressionInputTest, ImplausibleCurrentValuesAreRefused) {
  ProgressionInput in = input({session()});
  in.target_pressure_mmhg = 0;
  EXPECT_NE(suggest_progression(in).error.find("target_pressure_mmhg"), std::string::npos);
  in = input({session()});
  in.load->fraction_of_one_rm = 0.5;
  EXPECT_NE(suggest_progression(in).error.find("load.fraction_of_one_rm"), std::string::npos);
  in = input({session()});
  in.weeks_in_phase = -1;
  EXPECT_NE(suggest_progression(in).error.find("weeks_in_phase"), std::string::npos);
  in = input({session()});
  in.one_rep_max_kg = 0;
  EXPECT_NE(suggest_progression(in).error.find("one_rep_max_kg"), std::string::npos);
  in = input({session()});
  in.sessions[0].symptoms.push_back({static_cast<Symptom>(42), Severity::kMild});
  EXPECT_NE(suggest_progression(in).error.find("invalid kind"), std::string::npos);
}

TEST(ProgressionInputTest, InconsistentRulesAreRefused) {
  ProgressionRules rules;
  rules.raise_max_pain = 8;  // above the stop limit
  EXPECT_FALSE(suggest_progression(input({session()}), rules).ok());
  rules = ProgressionRules{};
  rules.pressure_step_mmhg = 0;
  EXPECT_FALSE(suggest_progression(input({session()}), rules).ok());
}

// In-session rule.

TEST(InSessionTest, PainAboveSevenStops) {
  const auto stop = check_in_session(8, {});
  ASSERT_TRUE(stop.ok());
  EXPECT_EQ(stop.value->action, InSessionAction::kStop);
  EXPECT_EQ(stop.value->why, "pain 8/10 is above 7/10: stop and deflate");
  EXPECT_EQ(check_in_session(7, {}).value->action, InSessionAction::kContinue);
}

TEST(InSessionTest, SymptomLowersPressureByTenMmhg) {
  const auto r = check_in_session(2, {{Symptom::kNumbness, Severity::kModerate}});
  EXPECT_EQ(r.value->action, InSessionAction::kLowerPressure);
  EXPECT_DOUBLE_EQ(r.value->pressure_change_mmhg, -10);
}

TEST(InSessionTest, SevereSymptomStops) {
  const auto r = check_in_session(0, {{Symptom::kDizzinessOrFainting, Severity::kSevere}});
  EXPECT_EQ(r.value->action, InSessionAction::kStop);
}

TEST(InSessionTest, NothingWrongContinues) {
  const auto r = check_in_session(0, {});
  EXPECT_EQ(r.value->action, InSessionAction::kContinue);
  EXPECT_DOUBLE_EQ(r.value->pressure_change_mmhg, 0);
}

TEST(InSessionTest, PainOutsideTheScaleIsRefused) {
  EXPECT_EQ(check_in_session(11, {}).error, "pain_0_10 must be between 0 and 10 (got 11)");
  EXPECT_FALSE(check_in_session(-1, {}).ok());
}

}  // namespace
}  // namespace bfr::clinic

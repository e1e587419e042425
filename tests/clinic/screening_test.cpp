// Screening outcomes, DVT points, fingerprint, expiry and the session gate
// (clinic/screening.hpp).

#include "clinic/screening.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace bfr::clinic {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using std::chrono::sys_seconds;
using O = ScreeningOutcome;

const sys_seconds kScreenedAt = sys_days{std::chrono::year{2025} / 3 / 1} + 10h;
constexpr LimbKey kRightThigh{LimbSide::kRight, LimbSegment::kThigh};
constexpr LimbKey kLeftThigh{LimbSide::kLeft, LimbSegment::kThigh};
constexpr LimbKey kLeftArm{LimbSide::kLeft, LimbSegment::kUpperArm};

// Every person-wide question, listed here independently of the code's own
// table so that a question the code forgets shows up as a failure.
struct PatientCase {
  Answer PatientAnswers::*field;
  const char* key;
  O expected;
  const char* reason;  // a part of the expected reason text
};

const std::vector<PatientCase>& patient_cases() {
  static const std::vector<PatientCase> cases{
      {&PatientAnswers::current_dvt, "current_dvt", O::kContraindicated,
       "current deep vein thrombosis"},
      {&PatientAnswers::sickle_cell, "sickle_cell", O::kContraindicated, "sickle cell"},
      {&PatientAnswers::pregnant, "pregnant", O::kContraindicated, "pregnancy"},
      {&PatientAnswers::uncontrolled_hypertension, "uncontrolled_hypertension", O::kContraindicated,
       "uncontrolled hypertension"},
      {&PatientAnswers::cardiopulmonary_disease, "cardiopulmonary_disease",
       O::kNeedsClinicianClearance, "cardiopulmonary disease"},
      {&PatientAnswers::diabetes, "diabetes", O::kNeedsClinicianClearance, "diabetes"},
      {&PatientAnswers::poor_circulation, "poor_circulation", O::kNeedsClinicianClearance,
       "poor circulation"},
      {&PatientAnswers::infection, "infection", O::kNeedsClinicianClearance, "infection"},
      {&PatientAnswers::cancer, "cancer", O::kNeedsClinicianClearance, "cancer (caution)"},
      {&PatientAnswers::clotting_condition, "clotting_condition", O::kNeedsClinicianClearance,
       "blood-clotting condition"},
      {&PatientAnswers::hypertension, "hypertension", O::kNeedsClinicianClearance,
       "hypertension (raises clot concern)"},
      {&PatientAnswers::post_covid19, "post_covid19", O::kNeedsClinicianClearance, "COVID-19"},
      {&PatientAnswers::postpartum, "postpartum", O::kNeedsClinicianClearance, "postpartum"},
      {&PatientAnswers::oral_contraceptives, "oral_contraceptives", O::kNeedsClinicianClearance,
       "oral contraceptives"},
      {&PatientAnswers::rheumatoid_arthritis, "rheumatoid_arthritis", O::kNeedsClinicianClearance,
       "rheumatoid arthritis"},
      {&PatientAnswers::chronic_kidney_disease, "chronic_kidney_disease",
       O::kNeedsClinicianClearance, "chronic kidney disease"},
      {&PatientAnswers::orthopaedic_post_surgery, "orthopaedic_post_surgery",
       O::kNeedsClinicianClearance, "orthopaedic surgery"},
      {&PatientAnswers::anabolic_steroids, "anabolic_steroids", O::kNeedsClinicianClearance,
       "anabolic steroid"},
      {&PatientAnswers::previous_vte, "previous_vte", O::kContraindicated,
       "history of DVT or other venous thromboembolism"},
      {&PatientAnswers::known_thrombophilia, "known_thrombophilia", O::kNeedsClinicianClearance,
       "DVT risk score 2 (known thrombophilia 2)"},
      {&PatientAnswers::lower_limb_paralysis, "lower_limb_paralysis", O::kNeedsClinicianClearance,
       "DVT risk score 2 (lower-limb paralysis or paresis 2)"},
      {&PatientAnswers::cancer_last_5_years, "cancer_last_5_years", O::kNeedsClinicianClearance,
       "DVT risk score 2 (cancer in the last 5 years 2)"},
      {&PatientAnswers::icu_ccu_stay, "icu_ccu_stay", O::kCleared, "DVT risk score 1 (ICU/CCU"},
      {&PatientAnswers::immobilised_one_day_or_more, "immobilised_one_day_or_more", O::kCleared,
       "DVT risk score 1 (complete immobilisation"},
      {&PatientAnswers::acute_myocarditis, "acute_myocarditis", O::kContraindicated,
       "acute myocarditis"},
      {&PatientAnswers::angina_or_st_depression_below_6_mets,
       "angina_or_st_depression_below_6_mets", O::kContraindicated, "angina or ST depression"},
      {&PatientAnswers::ejection_fraction_below_30_percent, "ejection_fraction_below_30_percent",
       O::kContraindicated, "ejection fraction below 30 %"},
      {&PatientAnswers::heart_failure_class_3_or_4, "heart_failure_class_3_or_4",
       O::kContraindicated, "heart failure class III-IV"},
      {&PatientAnswers::uncontrolled_complex_arrhythmia, "uncontrolled_complex_arrhythmia",
       O::kContraindicated, "uncontrolled complex arrhythmia"},
      {&PatientAnswers::recent_revascularisation, "recent_revascularisation", O::kContraindicated,
       "recent revascularisation"},
      {&PatientAnswers::exercise_capacity_below_6_mets, "exercise_capacity_below_6_mets",
       O::kContraindicated, "exercise capacity below 6 METs"},
      {&PatientAnswers::bp_falls_below_rest_during_exercise, "bp_falls_below_rest_during_exercise",
       O::kContraindicated, "falls below rest during exercise"},
      {&PatientAnswers::peripheral_artery_disease, "peripheral_artery_disease", O::kContraindicated,
       "peripheral artery disease"},
      {&PatientAnswers::symptomatic_postural_hypotension, "symptomatic_postural_hypotension",
       O::kContraindicated, "postural hypotension"},
      {&PatientAnswers::abdominal_aortic_aneurysm, "abdominal_aortic_aneurysm", O::kContraindicated,
       "abdominal aortic aneurysm"},
      {&PatientAnswers::prior_cardiac_arrest, "prior_cardiac_arrest", O::kContraindicated,
       "prior cardiac arrest"},
  };
  return cases;
}

struct LimbCase {
  Answer LimbAnswers::*field;
  const char* key;
  const char* reason;
};

const std::vector<LimbCase>& limb_cases() {
  static const std::vector<LimbCase> cases{
      {&LimbAnswers::wound_or_infection_near_cuff_site, "wound_or_infection_near_cuff_site",
       "open wound or infection at or near the cuff site"},
      {&LimbAnswers::lymph_nodes_removed, "lymph_nodes_removed", "lymph nodes removed"},
      {&LimbAnswers::lymphoedema, "lymphoedema", "lymphoedema"},
      {&LimbAnswers::dvt, "dvt", "DVT in this limb"},
      {&LimbAnswers::peripheral_vascular_disease, "peripheral_vascular_disease",
       "peripheral vascular disease in this limb"},
  };
  return cases;
}

LimbAnswers limb_all_no(LimbKey key) {
  LimbAnswers limb{key};
  for (const LimbCase& c : limb_cases()) limb.*c.field = Answer::kNo;
  return limb;
}

// A 45-year-old with normal blood pressure, every answer "no", both thighs.
ScreeningAnswers all_no() {
  ScreeningAnswers a;
  a.patient.birth_year = 1980;
  a.patient.resting_sbp_mmhg = 120;
  a.patient.resting_dbp_mmhg = 80;
  for (const PatientCase& c : patient_cases()) a.patient.*c.field = Answer::kNo;
  a.limbs = {limb_all_no(kRightThigh), limb_all_no(kLeftThigh)};
  return a;
}

Screening screen(const ScreeningAnswers& answers, sys_seconds at = kScreenedAt) {
  Result<Screening> r = evaluate_screening(answers, at);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.ok() ? *r.value : Screening{};
}

const LimbScreening& limb_of(const Screening& s, LimbKey key) {
  static const LimbScreening kMissing{};
  const auto it = std::find_if(s.limbs.begin(), s.limbs.end(),
                               [&](const LimbScreening& l) { return l.limb == key; });
  EXPECT_NE(it, s.limbs.end());
  return it != s.limbs.end() ? *it : kMissing;
}

bool has_reason(const LimbScreening& limb, const std::string& part) {
  return std::any_of(limb.reasons.begin(), limb.reasons.end(), [&](const ScreeningReason& r) {
    return r.text.find(part) != std::string::npos;
  });
}

std::string all_reasons(const LimbScreening& limb) {
  std::string text;
  for (const ScreeningReason& r : limb.reasons) text += r.text + " | ";
  return text;
}

TEST(ScreeningTest, AllNoClearsEveryLimbWithoutReasons) {
  const Screening s = screen(all_no());
  ASSERT_EQ(s.limbs.size(), 2u);
  for (const LimbScreening& limb : s.limbs) {
    EXPECT_EQ(limb.outcome, O::kCleared);
    EXPECT_TRUE(limb.reasons.empty()) << all_reasons(limb);
  }
  EXPECT_EQ(s.dvt_risk_points, 0);
  EXPECT_EQ(s.age_years, 45);
  EXPECT_EQ(s.screened_at, kScreenedAt);
}

class PatientQuestionTest : public ::testing::TestWithParam<PatientCase> {};

TEST_P(PatientQuestionTest, YesGivesItsOutcomeOnEveryLimbWithItsReason) {
  ScreeningAnswers answers = all_no();
  answers.patient.*GetParam().field = Answer::kYes;
  const Screening s = screen(answers);
  for (const LimbScreening& limb : s.limbs) {
    EXPECT_EQ(limb.outcome, GetParam().expected) << outcome_name(limb.outcome);
    EXPECT_TRUE(has_reason(limb, GetParam().reason)) << all_reasons(limb);
  }
}

TEST_P(PatientQuestionTest, UnansweredRefusesTheScreeningNamingTheQuestion) {
  ScreeningAnswers answers = all_no();
  answers.patient.*GetParam().field = Answer::kUnanswered;
  const Result<Screening> r = evaluate_screening(answers, kScreenedAt);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, std::string("question '") + GetParam().key + "' is unanswered");
}

TEST_P(PatientQuestionTest, ChangingTheAnswerChangesTheFingerprint) {
  ScreeningAnswers answers = all_no();
  const std::string before = answers_fingerprint(answers);
  answers.patient.*GetParam().field = Answer::kYes;
  EXPECT_NE(answers_fingerprint(answers), before);
}

INSTANTIATE_TEST_SUITE_P(EveryQuestion, PatientQuestionTest, ::testing::ValuesIn(patient_cases()),
                         [](const auto& param_info) { return std::string(param_info.param.key); });

class LimbQuestionTest : public ::testing::TestWithParam<LimbCase> {};

TEST_P(LimbQuestionTest, YesContraindicatesThatLimbOnly) {
  ScreeningAnswers answers = all_no();
  answers.limbs[1].*GetParam().field = Answer::kYes;  // left thigh
  const Screening s = screen(answers);
  const LimbScreening& left = limb_of(s, kLeftThigh);
  EXPECT_EQ(left.outcome, O::kContraindicated);
  EXPECT_TRUE(has_reason(left, GetParam().reason)) << all_reasons(left);
  // A DVT in one limb is a previous VTE for the person (3 points), so it
  // reaches the other limb through the DVT score; the rest stay local.
  const LimbScreening& right = limb_of(s, kRightThigh);
  if (GetParam().field == &LimbAnswers::dvt) {
    EXPECT_EQ(right.outcome, O::kContraindicated);
    EXPECT_TRUE(has_reason(right, "DVT risk score 3")) << all_reasons(right);
  } else {
    EXPECT_EQ(right.outcome, O::kCleared) << all_reasons(right);
  }
}

TEST_P(LimbQuestionTest, UnansweredRefusesTheScreeningNamingLimbAndQuestion) {
  ScreeningAnswers answers = all_no();
  answers.limbs[0].*GetParam().field = Answer::kUnanswered;
  const Result<Screening> r = evaluate_screening(answers, kScreenedAt);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, std::string("right thigh: question '") + GetParam().key + "' is unanswered");
}

TEST_P(LimbQuestionTest, ChangingTheAnswerChangesTheFingerprint) {
  ScreeningAnswers answers = all_no();
  const std::string before = answers_fingerprint(answers);
  answers.limbs[0].*GetParam().field = Answer::kYes;
  EXPECT_NE(answers_fingerprint(answers), before);
}

INSTANTIATE_TEST_SUITE_P(EveryQuestion, LimbQuestionTest, ::testing::ValuesIn(limb_cases()),
                         [](const auto& param_info) { return std::string(param_info.param.key); });

TEST(ScreeningTest, DvtPointCutOffs) {
  EXPECT_EQ(outcome_for_dvt_points(0), O::kCleared);
  EXPECT_EQ(outcome_for_dvt_points(1), O::kCleared);
  EXPECT_EQ(outcome_for_dvt_points(2), O::kNeedsClinicianClearance);
  EXPECT_EQ(outcome_for_dvt_points(3), O::kContraindicated);
  EXPECT_EQ(outcome_for_dvt_points(9), O::kContraindicated);
}

TEST(ScreeningTest, DvtPointsAddUp) {
  ScreeningAnswers two = all_no();
  two.patient.icu_ccu_stay = Answer::kYes;
  two.patient.immobilised_one_day_or_more = Answer::kYes;
  const Screening s2 = screen(two);
  EXPECT_EQ(s2.dvt_risk_points, 2);
  EXPECT_EQ(limb_of(s2, kRightThigh).outcome, O::kNeedsClinicianClearance);

  ScreeningAnswers three = all_no();
  three.patient.known_thrombophilia = Answer::kYes;
  three.patient.icu_ccu_stay = Answer::kYes;
  const Screening s3 = screen(three);
  EXPECT_EQ(s3.dvt_risk_points, 3);
  EXPECT_EQ(limb_of(s3, kRightThigh).outcome, O::kContraindicated);
  EXPECT_TRUE(has_reason(limb_of(s3, kRightThigh),
                         "DVT risk score 3 (known thrombophilia 2, ICU/CCU stay 1)"));
}

TEST(ScreeningTest, PreviousVteScoresThreePoints) {
  ScreeningAnswers answers = all_no();
  answers.patient.previous_vte = Answer::kYes;
  EXPECT_EQ(screen(answers).dvt_risk_points, 3);
}

TEST(ScreeningTest, AgeSixtyInTheScreeningYearScoresOnePoint) {
  ScreeningAnswers answers = all_no();
  answers.patient.birth_year = 1965;  // 60 in 2025, counted from 1 January
  const Screening s = screen(answers, sys_days{std::chrono::year{2025} / 1 / 1});
  EXPECT_EQ(s.age_years, 60);
  EXPECT_EQ(s.dvt_risk_points, 1);
  EXPECT_EQ(limb_of(s, kRightThigh).outcome, O::kCleared);
  EXPECT_TRUE(has_reason(limb_of(s, kRightThigh), "age 60 (60 or over) 1"));

  answers.patient.birth_year = 1966;  // 59
  const Screening younger = screen(answers, sys_days{std::chrono::year{2025} / 12 / 31});
  EXPECT_EQ(younger.age_years, 59);
  EXPECT_EQ(younger.dvt_risk_points, 0);
}

TEST(ScreeningTest, AgePointCombinesWithOtherPoints) {
  ScreeningAnswers answers = all_no();
  answers.patient.birth_year = 1950;
  answers.patient.icu_ccu_stay = Answer::kYes;
  const Screening s = screen(answers);
  EXPECT_EQ(s.dvt_risk_points, 2);
  EXPECT_EQ(limb_of(s, kLeftThigh).outcome, O::kNeedsClinicianClearance);
}

TEST(ScreeningTest, RestingBloodPressureAtOrAbove180Over110IsARedFlag) {
  ScreeningAnswers answers = all_no();
  answers.patient.resting_sbp_mmhg = 179;
  answers.patient.resting_dbp_mmhg = 109;
  EXPECT_EQ(limb_of(screen(answers), kRightThigh).outcome, O::kCleared);

  answers.patient.resting_sbp_mmhg = 180;
  answers.patient.resting_dbp_mmhg = 90;
  const LimbScreening systolic = limb_of(screen(answers), kRightThigh);
  EXPECT_EQ(systolic.outcome, O::kContraindicated);
  EXPECT_TRUE(has_reason(systolic, "resting blood pressure 180/90 mmHg")) << all_reasons(systolic);

  answers.patient.resting_sbp_mmhg = 150;
  answers.patient.resting_dbp_mmhg = 110;
  EXPECT_EQ(limb_of(screen(answers), kRightThigh).outcome, O::kContraindicated);
}

TEST(ScreeningTest, WorstReasonDecidesAndAllReasonsAreListed) {
  ScreeningAnswers answers = all_no();
  answers.patient.diabetes = Answer::kYes;
  answers.limbs[0].lymphoedema = Answer::kYes;
  const Screening s = screen(answers);
  const LimbScreening& right = limb_of(s, kRightThigh);
  EXPECT_EQ(right.outcome, O::kContraindicated);
  EXPECT_TRUE(has_reason(right, "diabetes"));
  EXPECT_TRUE(has_reason(right, "lymphoedema"));
  EXPECT_EQ(limb_of(s, kLeftThigh).outcome, O::kNeedsClinicianClearance);
}

TEST(ScreeningTest, ImplausibleBirthYearIsRefused) {
  ScreeningAnswers answers = all_no();
  answers.patient.birth_year = 1899;
  EXPECT_EQ(evaluate_screening(answers, kScreenedAt).error,
            "birth_year must be between 1900 and the screening year 2025 (got 1899)");
  answers.patient.birth_year = 2026;
  EXPECT_FALSE(evaluate_screening(answers, kScreenedAt).ok());
  answers.patient.birth_year = 2025;
  EXPECT_TRUE(evaluate_screening(answers, kScreenedAt).ok());
}

TEST(ScreeningTest, ImplausibleBloodPressureIsRefused) {
  const auto error_for = [](double sbp, double dbp) {
    ScreeningAnswers answers = all_no();
    answers.patient.resting_sbp_mmhg = sbp;
    answers.patient.resting_dbp_mmhg = dbp;
    return evaluate_screening(answers, kScreenedAt).error;
  };
  EXPECT_EQ(error_for(59, 40), "resting_sbp_mmhg must be between 60 and 260 (got 59)");
  EXPECT_EQ(error_for(261, 80), "resting_sbp_mmhg must be between 60 and 260 (got 261)");
  EXPECT_NE(error_for(std::numeric_limits<double>::quiet_NaN(), 80).find("resting_sbp_mmhg"),
            std::string::npos);
  EXPECT_EQ(error_for(120, 29), "resting_dbp_mmhg must be between 30 and 160 (got 29)");
  EXPECT_EQ(error_for(0, 0),
            "resting_sbp_mmhg must be between 60 and 260 (got 0)");  // not measured
  EXPECT_EQ(error_for(100, 100), "resting_dbp_mmhg (100) must be below resting_sbp_mmhg (100)");
}

TEST(ScreeningTest, LimbsMustBePresentUniqueAndValid) {
  ScreeningAnswers none = all_no();
  none.limbs.clear();
  EXPECT_EQ(evaluate_screening(none, kScreenedAt).error, "at least one limb must be screened");

  ScreeningAnswers twice = all_no();
  twice.limbs.push_back(limb_all_no(kRightThigh));
  EXPECT_EQ(evaluate_screening(twice, kScreenedAt).error, "right thigh is screened twice");

  ScreeningAnswers bad = all_no();
  bad.limbs[0].limb.side = static_cast<LimbSide>(5);
  EXPECT_EQ(evaluate_screening(bad, kScreenedAt).error, "limb 0 has an invalid side or segment");
}

TEST(ScreeningTest, DefaultAnswersAreUnansweredAndRefused) {
  ScreeningAnswers answers;
  answers.patient.birth_year = 1980;
  answers.patient.resting_sbp_mmhg = 120;
  answers.patient.resting_dbp_mmhg = 80;
  answers.limbs.push_back(LimbAnswers{kRightThigh});
  EXPECT_FALSE(evaluate_screening(answers, kScreenedAt).ok());
}

TEST(ScreeningFingerprintTest, IsSixteenHexDigitsAndStable) {
  const std::string fp = answers_fingerprint(all_no());
  ASSERT_EQ(fp.size(), 16u);
  EXPECT_TRUE(std::all_of(fp.begin(), fp.end(),
                          [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
  EXPECT_EQ(answers_fingerprint(all_no()), fp);
  // Pinned: a change here means stored screenings would all read as changed.
  EXPECT_EQ(fp, "7cc61803aabf358e");
}

TEST(ScreeningFingerprintTest, IgnoresLimbOrder) {
  ScreeningAnswers a = all_no();
  ScreeningAnswers b = all_no();
  std::reverse(b.limbs.begin(), b.limbs.end());
  EXPECT_EQ(answers_fingerprint(a), answers_fingerprint(b));
  EXPECT_EQ(canonical_answers(a), canonical_answers(b));
}

TEST(ScreeningFingerprintTest, MeasuredValuesAndLimbSetChangeIt) {
  const std::string base = answers_fingerprint(all_no());
  ScreeningAnswers a = all_no();
  a.patient.birth_year = 1981;
  EXPECT_NE(answers_fingerprint(a), base);
  a = all_no();
  a.patient.resting_sbp_mmhg = 121;
  EXPECT_NE(answers_fingerprint(a), base);
  a = all_no();
  a.patient.resting_dbp_mmhg = 81;
  EXPECT_NE(answers_fingerprint(a), base);
  a = all_no();
  a.limbs.push_back(limb_all_no(kLeftArm));
  EXPECT_NE(answers_fingerprint(a), base);
}

TEST(ScreeningFingerprintTest, StoredWithTheScreening) {
  EXPECT_EQ(screen(all_no()).answers_fingerprint, answers_fingerprint(all_no()));
}

TEST(ScreeningStatusTest, CurrentUntilThirtyDaysThenExpired) {
  const Screening s = screen(all_no());
  const std::string fp = s.answers_fingerprint;
  EXPECT_EQ(screening_status(s, fp, kScreenedAt), ScreeningStatus::kCurrent);
  EXPECT_EQ(screening_status(s, fp, kScreenedAt + std::chrono::days{30} - 1s),
            ScreeningStatus::kCurrent);
  EXPECT_EQ(screening_status(s, fp, kScreenedAt + std::chrono::days{30}),
            ScreeningStatus::kExpired);
}

TEST(ScreeningStatusTest, ValidityIsConfigurable) {
  const Screening s = screen(all_no());
  const std::string fp = s.answers_fingerprint;
  EXPECT_EQ(screening_status(s, fp, kScreenedAt + std::chrono::days{7}, std::chrono::days{7}),
            ScreeningStatus::kExpired);
  EXPECT_EQ(screening_status(s, fp, kScreenedAt + std::chrono::days{40}, std::chrono::days{60}),
            ScreeningStatus::kCurrent);
}

TEST(ScreeningStatusTest, ChangedAnswersVoidTheScreening) {
  const Screening s = screen(all_no());
  ScreeningAnswers changed = all_no();
  changed.patient.pregnant = Answer::kYes;
  EXPECT_EQ(screening_status(s, answers_fingerprint(changed), kScreenedAt + 1h),
            ScreeningStatus::kAnswersChanged);
}

TEST(ScreeningStatusTest, ScreeningAfterNowIsNotCurrent) {
  const Screening s = screen(all_no());
  EXPECT_EQ(screening_status(s, s.answers_fingerprint, kScreenedAt - 1s),
            ScreeningStatus::kDatedInFuture);
}

class SessionGateTest : public ::testing::Test {
 protected:
  // Right thigh cleared, left thigh contraindicated (lymphoedema on that limb
  // only). Person-wide reasons reach every limb, so the needs-clearance case
  // builds its own screening.
  SessionGateTest() {
    ScreeningAnswers answers = all_no();
    answers.limbs[1].lymphoedema = Answer::kYes;
    screening_ = screen(answers);
    fp_ = screening_.answers_fingerprint;
  }

  ClinicianOverride valid_override(LimbKey limb) const {
    return ClinicianOverride{limb, "Dr Example", "benefit outweighs risk; discussed", now_ - 1h};
  }

  SessionDecision gate(LimbKey limb, const std::optional<ClinicianOverride>& o) const {
    return may_start_session(screening_, limb, o, now_, fp_);
  }

  Screening screening_;
  std::string fp_;
  sys_seconds now_ = kScreenedAt + std::chrono::days{2};
};

TEST_F(SessionGateTest, ClearedLimbStartsWithoutOverride) {
  const SessionDecision d = gate(kRightThigh, std::nullopt);
  EXPECT_TRUE(d.allowed) << d.reason;
  EXPECT_EQ(d.reason, "the right thigh is cleared by the screening");
}

TEST_F(SessionGateTest, ContraindicatedLimbIsRefusedWithoutOverride) {
  const SessionDecision d = gate(kLeftThigh, std::nullopt);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason,
            "the left thigh is contraindicated (lymphoedema of this limb): a clinician override "
            "is required");
}

TEST_F(SessionGateTest, ContraindicatedLimbStartsUnderValidOverride) {
  const SessionDecision d = gate(kLeftThigh, valid_override(kLeftThigh));
  EXPECT_TRUE(d.allowed) << d.reason;
  EXPECT_NE(d.reason.find("allowed under the override of Dr Example"), std::string::npos);
}

TEST_F(SessionGateTest, NeedsClearanceLimbIsRefusedWithoutOverrideAndAllowedWithOne) {
  ScreeningAnswers answers = all_no();
  answers.patient.diabetes = Answer::kYes;
  const Screening s = screen(answers);
  const SessionDecision refused =
      may_start_session(s, kRightThigh, std::nullopt, now_, s.answers_fingerprint);
  EXPECT_FALSE(refused.allowed);
  EXPECT_NE(refused.reason.find("needs clinician clearance (diabetes"), std::string::npos)
      << refused.reason;
  const SessionDecision allowed =
      may_start_session(s, kRightThigh, valid_override(kRightThigh), now_, s.answers_fingerprint);
  EXPECT_TRUE(allowed.allowed) << allowed.reason;
}

TEST_F(SessionGateTest, OverrideMustNameTheClinician) {
  ClinicianOverride o = valid_override(kLeftThigh);
  o.clinician = "  ";
  const SessionDecision d = gate(kLeftThigh, o);
  EXPECT_FALSE(d.allowed);
  EXPECT_NE(d.reason.find("the override must name the clinician"), std::string::npos);
}

TEST_F(SessionGateTest, OverrideMustGiveAReason) {
  ClinicianOverride o = valid_override(kLeftThigh);
  o.reason = "";
  const SessionDecision d = gate(kLeftThigh, o);
  EXPECT_FALSE(d.allowed);
  EXPECT_NE(d.reason.find("the override must give a reason"), std::string::npos);
}

TEST_F(SessionGateTest, OverrideMustBeForThatLimb) {
  const SessionDecision d = gate(kLeftThigh, valid_override(kRightThigh));
  EXPECT_FALSE(d.allowed);
  EXPECT_NE(d.reason.find("the override is for the right thigh"), std::string::npos);
}

TEST_F(SessionGateTest, OverrideMustFallBetweenScreeningAndNow) {
  ClinicianOverride o = valid_override(kLeftThigh);
  o.given_at = kScreenedAt - 1s;
  EXPECT_NE(gate(kLeftThigh, o).reason.find("given before this screening"), std::string::npos);
  o.given_at = now_ + 1s;
  EXPECT_NE(gate(kLeftThigh, o).reason.find("dated after now"), std::string::npos);
  o.given_at = kScreenedAt;
  EXPECT_TRUE(gate(kLeftThigh, o).allowed);
  o.given_at = now_;
  EXPECT_TRUE(gate(kLeftThigh, o).allowed);
}

TEST_F(SessionGateTest, UnscreenedLimbIsRefused) {
  const SessionDecision d = gate(kLeftArm, std::nullopt);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "the left upper arm was not screened");
}

TEST_F(SessionGateTest, ExpiredScreeningIsRefusedEvenWithOverride) {
  const sys_seconds later = kScreenedAt + std::chrono::days{31};
  const SessionDecision d =
      may_start_session(screening_, kLeftThigh, valid_override(kLeftThigh), later, fp_);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "the screening is 31 days old and valid for 30 days: screen again");
  EXPECT_FALSE(may_start_session(screening_, kRightThigh, std::nullopt, later, fp_).allowed);
}

TEST_F(SessionGateTest, ChangedAnswersAreRefused) {
  const SessionDecision d =
      may_start_session(screening_, kRightThigh, std::nullopt, now_, answers_fingerprint(all_no()));
  EXPECT_FALSE(d.allowed);
  EXPECT_NE(d.reason.find("answers have changed"), std::string::npos);
}

TEST_F(SessionGateTest, ScreeningDatedAfterNowIsRefused) {
  const SessionDecision d =
      may_start_session(screening_, kRightThigh, std::nullopt, kScreenedAt - 1h, fp_);
  EXPECT_FALSE(d.allowed);
  EXPECT_NE(d.reason.find("dated after now"), std::string::npos);
}

}  // namespace
}  // namespace bfr::clinic

// The clinical workflow over the store, on every backend: the screening gate
// with overrides and expiry, the current-LOP rule in the session plan, the
// plan's load and suggestions, and adherence in the history.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "clinic/patient_history.hpp"
#include "clinic/programme_json.hpp"
#include "clinic/programme_templates.hpp"
#include "clinic/screening_store.hpp"
#include "clinic/session_plan.hpp"
#include "clinic/timestamp.hpp"
#include "clinic_test_support.hpp"

namespace bfr::clinic::testing {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using std::chrono::sys_seconds;
using ::testing::HasSubstr;

const sys_seconds kDay1 = sys_days{std::chrono::year{2025} / 3 / 3} + 9h;  // a Monday
constexpr LimbKey kLeftThigh{LimbSide::kLeft, LimbSegment::kThigh};

class WorkflowTest : public RepositoryTest {
 protected:
  Patient patient() { return *repository_->get_patient(patient_id_); }

  ScreeningAnswers answers(Answer lymphoedema = Answer::kNo) {
    ScreeningAnswers a;
    const Patient p = patient();
    a.patient.birth_year = p.birth_year;
    a.patient.resting_sbp_mmhg = p.resting_sbp_mmhg;
    a.patient.resting_dbp_mmhg = p.resting_dbp_mmhg;
    for (const std::string_view key : patient_question_keys()) {
      set_patient_answer(a.patient, key, Answer::kNo);
    }
    LimbAnswers limb{.limb = kLeftThigh};
    for (const std::string_view key : limb_question_keys()) set_limb_answer(limb, key, Answer::kNo);
    limb.lymphoedema = lymphoedema;
    a.limbs.push_back(limb);
    return a;
  }

  std::int64_t screen(const ScreeningAnswers& a, sys_seconds at) {
    const Result<Screening> screening = evaluate_screening(a, at);
    EXPECT_TRUE(screening.ok()) << screening.error;
    return repository_->add_screening(screening_record(patient_id_, a, *screening.value, 30));
  }

  void add_lop(sys_seconds at, double mmhg = 200) {
    LopMeasurement m = sample_lop_measurement(limb_id_);
    m.posture = Posture::kSeated;
    m.cuff_width_cm = 11.5;
    m.lop_mmhg = mmhg;
    m.measured_at = format_utc_timestamp(at);
    repository_->add_lop_measurement(m);
  }

  std::int64_t assign_achilles(sys_seconds at) {
    const Programme programme = achilles_rupture_programme();
    return repository_->assign_programme({0, patient_id_, programme.name, "template",
                                          programme_to_json(programme).dump(), 0,
                                          format_utc_timestamp(at), ""});
  }

  PlanOptions options(sys_seconds now) {
    PlanOptions o;
    o.now = now;
    return o;
  }
};

INSTANTIATE_TEST_SUITE_P(Backend, WorkflowTest, ::testing::ValuesIn(all_backends()), backend_name);

// On the plain fixture, which this binary shares with the storage tests.
TEST_P(RepositoryTest, NoScreeningNoSession) {
  const SessionDecision gate =
      screening_gate(*repository_, *repository_->get_patient(patient_id_), kLeftThigh, kDay1);
  EXPECT_FALSE(gate.allowed);
  EXPECT_THAT(gate.reason, HasSubstr("has no screening"));
}

TEST_P(WorkflowTest, ClearedLimbMayTrainUntilTheScreeningExpires) {
  screen(answers(), kDay1);
  EXPECT_TRUE(screening_gate(*repository_, patient(), kLeftThigh, kDay1 + 1h).allowed);
  const SessionDecision old =
      screening_gate(*repository_, patient(), kLeftThigh, kDay1 + std::chrono::days{30});
  EXPECT_FALSE(old.allowed);
  EXPECT_THAT(old.reason, HasSubstr("valid for 30 days"));
  const SessionDecision other_limb =
      screening_gate(*repository_, patient(), {LimbSide::kRight, LimbSegment::kThigh}, kDay1 + 1h);
  EXPECT_FALSE(other_limb.allowed);
  EXPECT_THAT(other_limb.reason, HasSubstr("was not screened"));
}

TEST_P(WorkflowTest, ContraindicatedLimbNeedsAStoredOverride) {
  const std::int64_t screening_id = screen(answers(Answer::kYes), kDay1);
  const SessionDecision refused = screening_gate(*repository_, patient(), kLeftThigh, kDay1 + 1h);
  EXPECT_FALSE(refused.allowed);
  EXPECT_THAT(refused.reason, HasSubstr("contraindicated"));
  EXPECT_THAT(refused.reason, HasSubstr("override is required"));

  repository_->add_screening_override({0, screening_id, LimbSide::kLeft, LimbSegment::kThigh,
                                       "Dr Ortiz", "lymphoedema assessed, mild and stable",
                                       format_utc_timestamp(kDay1 + 30min)});
  const SessionDecision allowed = screening_gate(*repository_, patient(), kLeftThigh, kDay1 + 1h);
  EXPECT_TRUE(allowed.allowed) << allowed.reason;
  EXPECT_THAT(allowed.reason, HasSubstr("Dr Ortiz"));
}

TEST_P(WorkflowTest, EditingRestingBloodPressureVoidsTheScreening) {
  screen(answers(), kDay1);
  Patient edited = patient();
  edited.resting_sbp_mmhg = 150;
  repository_->update_patient(edited);
  const SessionDecision gate = screening_gate(*repository_, patient(), kLeftThigh, kDay1 + 1h);
  EXPECT_FALSE(gate.allowed);
  EXPECT_THAT(gate.reason, HasSubstr("answers have changed"));
}

TEST_P(WorkflowTest, PlanNeedsAProgramme) {
  const Result<SessionPlan> plan = plan_session(*repository_, patient(), options(kDay1));
  ASSERT_FALSE(plan.ok());
  EXPECT_THAT(plan.error, HasSubstr("has no programme"));
}

TEST_P(WorkflowTest, PlanUsesCurrentLopAndNewest1Rm) {
  screen(answers(), kDay1);
  add_lop(kDay1 - std::chrono::days{3}, 190);
  add_lop(kDay1, 200);
  repository_->add_one_rep_max({0, patient_id_, "Seated calf raise", 40, "entered", {}, {}, ""});
  repository_->add_one_rep_max({0, patient_id_, "Seated calf raise", 50, "entered", {}, {}, ""});
  assign_achilles(kDay1);

  const Result<SessionPlan> plan = plan_session(*repository_, patient(), options(kDay1 + 1h));
  ASSERT_TRUE(plan.ok()) << plan.error;
  EXPECT_EQ(plan.value->programme.name, "Achilles tendon rupture");
  ASSERT_EQ(plan.value->exercises.size(), 5U);
  const PlannedExercise& calf = plan.value->exercises[0];
  EXPECT_TRUE(calf.blockers.empty()) << calf.blockers.front();
  ASSERT_TRUE(calf.target_mmhg.has_value());
  EXPECT_DOUBLE_EQ(*calf.target_mmhg, 200 * 0.8);  // 80 % LOP on the thigh
  EXPECT_EQ(calf.load_kg, 10.0);                   // 20 % of the newest 1RM, 50 kg
  // The leg press has no 1RM yet; walking is not run on the device.
  EXPECT_THAT(plan.value->exercises[1].blockers.front(), HasSubstr("no 1RM for 'Leg press'"));
  EXPECT_FALSE(plan.value->exercises[4].resistance);
  EXPECT_EQ(plan.value->exercises[2].load_kg, 0.0);  // bodyweight hip extension
}

TEST_P(WorkflowTest, StaleLopBlocksThePlan) {
  screen(answers(), kDay1);
  add_lop(kDay1);
  assign_achilles(kDay1);
  const Result<SessionPlan> plan =
      plan_session(*repository_, patient(), options(kDay1 + std::chrono::days{8}));
  ASSERT_TRUE(plan.ok()) << plan.error;
  EXPECT_THAT(plan.value->exercises[2].blockers,
              ::testing::Contains(HasSubstr("older than 7 days")));
}

TEST_P(WorkflowTest, PlanSuggestsARaiseAfterTwoSessionsAtTarget) {
  screen(answers(), kDay1);
  add_lop(kDay1);
  repository_->add_one_rep_max({0, patient_id_, "Seated calf raise", 50, "entered", {}, {}, ""});
  const std::int64_t assignment = assign_achilles(kDay1);
  for (int day = 0; day < 2; ++day) {
    SessionRecord s = sample_session(patient_id_, limb_id_);
    s.exercise = "Seated calf raise";
    s.programme_assignment_id = assignment;
    s.phase_index = 0;
    s.started_at = format_utc_timestamp(kDay1 + std::chrono::days{2 * day});
    const std::int64_t id = repository_->begin_session(s);
    const std::vector<int> reps{30, 15, 15, 15};
    for (int i = 0; i < 4; ++i) {
      SetRecord set = sample_set(id, i);
      set.target_reps = reps[static_cast<std::size_t>(i)];
      set.actual_reps = reps[static_cast<std::size_t>(i)];
      set.load_kg = 10;
      set.pain_0_10 = 1;
      set.rpe_cr10 = 5;
      repository_->add_set(set);
    }
  }
  const Result<SessionPlan> plan =
      plan_session(*repository_, patient(), options(kDay1 + std::chrono::days{4}));
  ASSERT_TRUE(plan.ok()) << plan.error;
  const PlannedExercise& calf = plan.value->exercises[0];
  EXPECT_EQ(calf.sessions_in_phase, 2);
  ASSERT_FALSE(calf.suggestions.empty());
  EXPECT_EQ(calf.suggestions[0].kind, SuggestionKind::kRaiseLoad) << calf.suggestions[0].why;
  EXPECT_FALSE(calf.suggestions[0].why.empty());
}

TEST_P(WorkflowTest, AdherenceCountsTrainingDaysAgainstThePlan) {
  const std::int64_t assignment = assign_achilles(kDay1);
  // Week 1: two days (one with two sessions); week 2: none; week 3: three.
  for (const int day : {0, 0, 2, 14, 16, 18}) {
    SessionRecord s = sample_session(patient_id_, limb_id_);
    s.programme_assignment_id = assignment;
    s.phase_index = 0;
    s.started_at = format_utc_timestamp(kDay1 + std::chrono::days{day});
    repository_->begin_session(s);
  }
  const PatientHistory history =
      patient_history(*repository_, patient(), assignment, 3, kDay1, kDay1 + std::chrono::days{20});
  ASSERT_EQ(history.weeks.size(), 3U);
  EXPECT_EQ(history.weeks[0].done, 2);
  EXPECT_EQ(history.weeks[1].done, 0);
  EXPECT_EQ(history.weeks[2].done, 3);
  ASSERT_TRUE(history.adherence.has_value());
  EXPECT_DOUBLE_EQ(*history.adherence, 5.0 / 9.0);
  EXPECT_EQ(history.sessions.size(), 6U);
}

}  // namespace
}  // namespace bfr::clinic::testing

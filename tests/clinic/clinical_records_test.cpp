// Schema v2 records on every backend: patient edits, LOP look-ups, per-set
// feedback, symptoms, screenings with overrides, 1RM records and programme
// assignments. Each bad write is refused with a clear message and changes
// nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clinic_test_support.hpp"

namespace bfr::clinic::testing {
namespace {

ScreeningRecord sample_screening(std::int64_t patient_id, const std::string& taken_at) {
  ScreeningRecord screening;
  screening.patient_id = patient_id;
  screening.taken_at = taken_at;
  screening.answers_text = "openbfr-screening-v1\nbirth_year=1980\n";
  screening.answers_fingerprint = "0123456789abcdef";
  screening.validity_days = 30;
  screening.age_years = 44;
  screening.dvt_risk_points = 1;
  screening.limbs = {
      {LimbSide::kRight, LimbSegment::kThigh, "cleared", {{"cleared", "age 60 or over: 1 point"}}},
      {LimbSide::kLeft,
       LimbSegment::kThigh,
       "contraindicated",
       {{"contraindicated", "lymphoedema of this limb"}, {"cleared", "a note"}}},
  };
  return screening;
}

TEST_P(RepositoryTest, PatientEditChangesFieldsButNotCreation) {
  Patient patient = *repository_->get_patient(patient_id_);
  patient.display_name = "Alex Edited";
  patient.resting_sbp_mmhg = 131;
  patient.resting_dbp_mmhg = 79;
  patient.resting_hr_bpm = 58.5;
  patient.notes = "moved to the afternoon group";
  repository_->update_patient(patient);

  const Patient read = *repository_->get_patient(patient_id_);
  EXPECT_EQ(read.display_name, "Alex Edited");
  EXPECT_EQ(read.resting_sbp_mmhg, 131);
  EXPECT_EQ(read.resting_dbp_mmhg, 79);
  EXPECT_EQ(read.resting_hr_bpm, 58.5);
  EXPECT_EQ(read.notes, "moved to the afternoon group");
  EXPECT_EQ(read.created_at, patient.created_at);
}

TEST_P(RepositoryTest, BadPatientEditsChangeNothing) {
  repository_->add_patient(sample_patient("Other Person"));
  const std::string before = dump();
  Patient patient = *repository_->get_patient(patient_id_);

  Patient taken = patient;
  taken.display_name = "Other Person";
  expect_storage_error([&] { repository_->update_patient(taken); }, "already exists");
  Patient inverted = patient;
  inverted.resting_dbp_mmhg = 150;
  inverted.resting_sbp_mmhg = 140;
  expect_storage_error([&] { repository_->update_patient(inverted); }, "resting_dbp_mmhg");
  Patient missing = patient;
  missing.id = patient_id_ + 100;
  expect_storage_error([&] { repository_->update_patient(missing); }, "unknown patient id");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, PatientsAreListedById) {
  const std::int64_t second = repository_->add_patient(sample_patient("Bea Second"));
  const std::vector<Patient> patients = repository_->list_patients();
  ASSERT_EQ(patients.size(), 2U);
  EXPECT_EQ(patients[0].id, patient_id_);
  EXPECT_EQ(patients[1].id, second);
  EXPECT_EQ(patients[1].display_name, "Bea Second");
}

TEST_P(RepositoryTest, LatestLopMatchesPostureAndCuffAndSkipsFailures) {
  const auto add = [&](const std::string& at, std::optional<double> lop, Posture posture,
                       double cuff, LopMethod method) {
    LopMeasurement m = sample_lop_measurement(limb_id_);
    m.measured_at = at;
    m.lop_mmhg = lop;
    m.abort_reason = lop ? "" : "motion";
    m.posture = posture;
    m.cuff_width_cm = cuff;
    m.method = method;
    return repository_->add_lop_measurement(m);
  };
  add("2024-03-01T09:00:00Z", 180, Posture::kSeated, 11.5, LopMethod::kMeasured);
  const std::int64_t estimated =
      add("2024-03-02T09:00:00Z", 190, Posture::kSeated, 11.5, LopMethod::kEstimated);
  add("2024-03-03T09:00:00Z", std::nullopt, Posture::kSeated, 11.5, LopMethod::kMeasured);
  add("2024-03-04T09:00:00Z", 200, Posture::kSupine, 11.5, LopMethod::kMeasured);
  add("2024-03-05T09:00:00Z", 210, Posture::kSeated, 18, LopMethod::kMeasured);

  const std::optional<LopMeasurement> seated =
      repository_->latest_lop(limb_id_, Posture::kSeated, 11.5);
  ASSERT_TRUE(seated.has_value());
  EXPECT_EQ(seated->id, estimated);
  EXPECT_EQ(seated->method, LopMethod::kEstimated);
  EXPECT_EQ(seated->lop_mmhg, 190);
  EXPECT_EQ(repository_->latest_lop(limb_id_, Posture::kSupine, 11.5)->lop_mmhg, 200);
  EXPECT_EQ(repository_->latest_lop(limb_id_, Posture::kSeated, 18.0)->lop_mmhg, 210);
  EXPECT_FALSE(repository_->latest_lop(limb_id_, Posture::kStanding, 11.5).has_value());
  EXPECT_EQ(repository_->lop_measurements_of(limb_id_).size(), 5U);
  expect_storage_error([&] { repository_->latest_lop(limb_id_ + 50, Posture::kSeated, 11.5); },
                       "unknown limb id");
}

TEST_P(RepositoryTest, SetFeedbackIsStoredAndOnlyGivenFieldsChange) {
  const std::int64_t session_id = repository_->begin_session(sample_session(patient_id_, limb_id_));
  SetRecord first = sample_set(session_id, 0);
  first.load_kg = 22.5;
  first.rpe_cr10 = 6.5;
  first.pain_0_10 = 2;
  repository_->add_set(first);
  repository_->add_set(sample_set(session_id, 1));

  std::vector<SetRecord> sets = repository_->sets_of(session_id);
  EXPECT_EQ(sets[0].load_kg, 22.5);
  EXPECT_EQ(sets[0].rpe_cr10, 6.5);
  EXPECT_EQ(sets[0].pain_0_10, 2);
  EXPECT_FALSE(sets[1].load_kg.has_value());
  EXPECT_FALSE(sets[1].pain_0_10.has_value());

  repository_->record_set_feedback(session_id, 1, SetFeedback{std::nullopt, 8.0, 4});
  repository_->record_set_feedback(session_id, 0, SetFeedback{std::nullopt, std::nullopt, 3});
  sets = repository_->sets_of(session_id);
  EXPECT_EQ(sets[0].load_kg, 22.5);
  EXPECT_EQ(sets[0].rpe_cr10, 6.5);
  EXPECT_EQ(sets[0].pain_0_10, 3);
  EXPECT_FALSE(sets[1].load_kg.has_value());
  EXPECT_EQ(sets[1].rpe_cr10, 8.0);
  EXPECT_EQ(sets[1].pain_0_10, 4);
}

TEST_P(RepositoryTest, BadSetFeedbackChangesNothing) {
  const std::int64_t session_id = repository_->begin_session(sample_session(patient_id_, limb_id_));
  repository_->add_set(sample_set(session_id, 0));
  const std::string before = dump();
  expect_storage_error(
      [&] {
        repository_->record_set_feedback(session_id, 0, SetFeedback{std::nullopt, 4.0, 11});
      },
      "pain_0_10 must be between 0 and 10");
  expect_storage_error(
      [&] {
        repository_->record_set_feedback(session_id, 0, SetFeedback{std::nullopt, 10.5, 1});
      },
      "rpe_cr10 must be between 0 and 10");
  expect_storage_error(
      [&] {
        repository_->record_set_feedback(session_id, 3, SetFeedback{10.0, 4.0, 1});
      },
      "has no set 4");
  expect_storage_error([&] { repository_->record_set_feedback(session_id, 0, SetFeedback{}); },
                       "at least one");
  SetRecord heavy = sample_set(session_id, 1);
  heavy.load_kg = -5;
  expect_storage_error([&] { repository_->add_set(heavy); }, "load_kg must be between 0 and 1000");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, SymptomsRoundTripAndUnknownNamesAreRefused) {
  const std::int64_t session_id = repository_->begin_session(sample_session(patient_id_, limb_id_));
  SymptomRecord numb{0, session_id, "numbness", "moderate", "2024-04-02T10:15:00Z", "toes"};
  const std::int64_t id = repository_->add_symptom(numb);
  const std::vector<SymptomRecord> read = repository_->symptoms_of(session_id);
  ASSERT_EQ(read.size(), 1U);
  EXPECT_EQ(read[0].id, id);
  EXPECT_EQ(read[0].symptom, "numbness");
  EXPECT_EQ(read[0].severity, "moderate");
  EXPECT_EQ(read[0].noted_at, "2024-04-02T10:15:00Z");
  EXPECT_EQ(read[0].note, "toes");

  const std::string before = dump();
  SymptomRecord itch{0, session_id, "itching", "mild", "", ""};
  expect_storage_error([&] { repository_->add_symptom(itch); }, "symptom must be one of numbness");
  SymptomRecord extreme{0, session_id, "bruising", "extreme", "", ""};
  expect_storage_error([&] { repository_->add_symptom(extreme); }, "severity must be one of");
  SymptomRecord orphan{0, session_id + 9, "bruising", "mild", "", ""};
  expect_storage_error([&] { repository_->add_symptom(orphan); }, "unknown session id");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, ScreeningRoundTripsWithLimbsAndReasons) {
  repository_->add_screening(sample_screening(patient_id_, "2024-01-10T08:00:00Z"));
  const std::int64_t newest =
      repository_->add_screening(sample_screening(patient_id_, "2024-02-10T08:00:00Z"));
  repository_->add_screening(sample_screening(patient_id_, "2023-12-10T08:00:00Z"));

  const std::optional<ScreeningRecord> read = repository_->latest_screening(patient_id_);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->id, newest);
  EXPECT_EQ(read->taken_at, "2024-02-10T08:00:00Z");
  EXPECT_EQ(read->answers_text, "openbfr-screening-v1\nbirth_year=1980\n");
  EXPECT_EQ(read->answers_fingerprint, "0123456789abcdef");
  EXPECT_EQ(read->validity_days, 30);
  EXPECT_EQ(read->age_years, 44);
  EXPECT_EQ(read->dvt_risk_points, 1);
  ASSERT_EQ(read->limbs.size(), 2U);
  // Read back left before right, whatever order they were written in.
  EXPECT_EQ(read->limbs[0].side, LimbSide::kLeft);
  EXPECT_EQ(read->limbs[0].outcome, "contraindicated");
  ASSERT_EQ(read->limbs[0].reasons.size(), 2U);
  EXPECT_EQ(read->limbs[0].reasons[0].level, "contraindicated");
  EXPECT_EQ(read->limbs[0].reasons[0].text, "lymphoedema of this limb");
  EXPECT_EQ(read->limbs[0].reasons[1].text, "a note");
  EXPECT_EQ(read->limbs[1].side, LimbSide::kRight);
  EXPECT_EQ(read->limbs[1].outcome, "cleared");
  ASSERT_EQ(read->limbs[1].reasons.size(), 1U);

  const std::int64_t other = repository_->add_patient(sample_patient("Never Screened"));
  EXPECT_FALSE(repository_->latest_screening(other).has_value());
}

TEST_P(RepositoryTest, BadScreeningsChangeNothing) {
  const std::string before = dump();
  ScreeningRecord twice = sample_screening(patient_id_, "");
  twice.limbs.push_back(twice.limbs[0]);
  expect_storage_error([&] { repository_->add_screening(twice); }, "is screened twice");
  ScreeningRecord unknown_outcome = sample_screening(patient_id_, "");
  unknown_outcome.limbs[0].outcome = "fine";
  expect_storage_error([&] { repository_->add_screening(unknown_outcome); },
                       "outcome must be one of");
  ScreeningRecord no_limbs = sample_screening(patient_id_, "");
  no_limbs.limbs.clear();
  expect_storage_error([&] { repository_->add_screening(no_limbs); }, "at least one limb");
  ScreeningRecord orphan = sample_screening(patient_id_ + 7, "");
  expect_storage_error([&] { repository_->add_screening(orphan); }, "unknown patient id");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, OverridesNameAJudgedLimbAfterTheScreening) {
  const std::int64_t screening_id =
      repository_->add_screening(sample_screening(patient_id_, "2024-02-10T08:00:00Z"));
  ScreeningOverrideRecord given{0,
                                screening_id,
                                LimbSide::kLeft,
                                LimbSegment::kThigh,
                                "Dr Jones",
                                "lymphoedema managed; compression",
                                "2024-02-11T09:00:00Z"};
  const std::int64_t id = repository_->add_screening_override(given);
  const std::vector<ScreeningOverrideRecord> read = repository_->overrides_of(screening_id);
  ASSERT_EQ(read.size(), 1U);
  EXPECT_EQ(read[0].id, id);
  EXPECT_EQ(read[0].side, LimbSide::kLeft);
  EXPECT_EQ(read[0].segment, LimbSegment::kThigh);
  EXPECT_EQ(read[0].clinician, "Dr Jones");
  EXPECT_EQ(read[0].reason, "lymphoedema managed; compression");
  EXPECT_EQ(read[0].given_at, "2024-02-11T09:00:00Z");

  const std::string before = dump();
  ScreeningOverrideRecord arm = given;
  arm.segment = LimbSegment::kUpperArm;
  expect_storage_error([&] { repository_->add_screening_override(arm); },
                       "did not judge the left upper_arm");
  ScreeningOverrideRecord early = given;
  early.given_at = "2024-02-09T09:00:00Z";
  expect_storage_error([&] { repository_->add_screening_override(early); },
                       "is before the screening");
  ScreeningOverrideRecord no_reason = given;
  no_reason.reason = "  ";
  expect_storage_error([&] { repository_->add_screening_override(no_reason); },
                       "reason must not be empty");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, OneRepMaxRecordsKeepTheirTest) {
  OneRepMaxRecord entered{0,         patient_id_,  "Leg press",  120,
                          "entered", std::nullopt, std::nullopt, "2024-01-05T10:00:00Z"};
  OneRepMaxRecord tested{0,    patient_id_, "Seated calf raise",   46.67, "epley",
                         40.0, 5,           "2024-01-06T10:00:00Z"};
  repository_->add_one_rep_max(tested);
  repository_->add_one_rep_max(entered);
  const std::vector<OneRepMaxRecord> read = repository_->one_rep_maxes_of(patient_id_);
  ASSERT_EQ(read.size(), 2U);
  EXPECT_EQ(read[0].exercise, "Leg press");
  EXPECT_EQ(read[0].method, "entered");
  EXPECT_FALSE(read[0].test_reps.has_value());
  EXPECT_EQ(read[1].one_rep_max_kg, 46.67);
  EXPECT_EQ(read[1].test_load_kg, 40.0);
  EXPECT_EQ(read[1].test_reps, 5);

  const std::string before = dump();
  OneRepMaxRecord untested = tested;
  untested.test_reps.reset();
  expect_storage_error([&] { repository_->add_one_rep_max(untested); },
                       "needs the test's load and reps");
  OneRepMaxRecord entered_with_test = entered;
  entered_with_test.test_reps = 3;
  expect_storage_error([&] { repository_->add_one_rep_max(entered_with_test); },
                       "an entered 1RM has no test");
  OneRepMaxRecord many_reps = tested;
  many_reps.test_reps = 20;
  expect_storage_error([&] { repository_->add_one_rep_max(many_reps); }, "test_reps must be");
  OneRepMaxRecord zero = entered;
  zero.one_rep_max_kg = 0;
  expect_storage_error([&] { repository_->add_one_rep_max(zero); }, "one_rep_max_kg must be");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, OneRepMaxBatchIsAllOrNothing) {
  OneRepMaxRecord squat{0, patient_id_, "Squat", 100.0, "epley", 80.0, 8, "2024-02-01T10:00:00Z"};
  OneRepMaxRecord press = squat;
  press.exercise = "Leg press";
  press.one_rep_max_kg = 150.0;
  const std::vector<std::int64_t> ids = repository_->add_one_rep_maxes({squat, press});
  ASSERT_EQ(ids.size(), 2U);
  EXPECT_LT(ids[0], ids[1]);
  ASSERT_EQ(repository_->one_rep_maxes_of(patient_id_).size(), 2U);

  // The second record is refused by its rule, the third by the store (no
  // such patient) after the first two were written inside the transaction:
  // neither batch leaves anything behind.
  const std::string before = dump();
  OneRepMaxRecord bad_rule = squat;
  bad_rule.test_reps.reset();
  expect_storage_error(
      [&] {
        repository_->add_one_rep_maxes({squat, bad_rule});
      },
      "needs the test's load and reps");
  OneRepMaxRecord stranger = press;
  stranger.patient_id = patient_id_ + 1000;
  expect_storage_error(
      [&] {
        repository_->add_one_rep_maxes({squat, press, stranger});
      },
      "unknown patient id");
  EXPECT_EQ(dump(), before);
  EXPECT_TRUE(repository_->add_one_rep_maxes({}).empty());
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, NewestAssignmentIsTheProgrammeInForce) {
  ProgrammeAssignment first{0,
                            patient_id_,
                            "Knee osteoarthritis",
                            "template",
                            R"({"phases":[]})",
                            0,
                            "2024-01-01T08:00:00Z",
                            ""};
  repository_->assign_programme(first);
  ProgrammeAssignment second{0,
                             patient_id_,
                             "Achilles tendon rupture",
                             "template",
                             R"({"name":"Achilles tendon rupture","phases":[{},{}]})",
                             0,
                             "2024-02-01T08:00:00Z",
                             ""};
  const std::int64_t id = repository_->assign_programme(second);

  ProgrammeAssignment current = *repository_->current_programme(patient_id_);
  EXPECT_EQ(current.id, id);
  EXPECT_EQ(current.programme_name, "Achilles tendon rupture");
  EXPECT_EQ(current.programme_json, second.programme_json);
  EXPECT_EQ(current.phase_started_at, "2024-02-01T08:00:00Z");

  repository_->set_programme_phase(id, 1, "2024-03-15T08:00:00Z");
  current = *repository_->current_programme(patient_id_);
  EXPECT_EQ(current.current_phase, 1);
  EXPECT_EQ(current.phase_started_at, "2024-03-15T08:00:00Z");

  const std::string before = dump();
  expect_storage_error([&] { repository_->set_programme_phase(id, 0, "2023-03-15T08:00:00Z"); },
                       "is before started_at");
  expect_storage_error([&] { repository_->set_programme_phase(id + 5, 0, ""); },
                       "unknown programme assignment id");
  ProgrammeAssignment not_json = second;
  not_json.programme_json = "   ";
  expect_storage_error([&] { repository_->assign_programme(not_json); },
                       "programme_json must not be empty");
  ProgrammeAssignment bad_source = second;
  bad_source.source = "borrowed";
  expect_storage_error([&] { repository_->assign_programme(bad_source); }, "source must be one of");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, SessionKeepsItsProgrammeAndPhaseOfTheSamePatient) {
  ProgrammeAssignment assignment{0,  patient_id_, "Achilles tendon rupture", "template", "{}", 0,
                                 "", ""};
  const std::int64_t assignment_id = repository_->assign_programme(assignment);
  SessionRecord session = sample_session(patient_id_, limb_id_);
  session.programme_assignment_id = assignment_id;
  session.phase_index = 0;
  const std::int64_t id = repository_->begin_session(session);
  EXPECT_EQ(repository_->get_session(id)->programme_assignment_id, assignment_id);
  EXPECT_EQ(repository_->get_session(id)->phase_index, 0);

  const std::int64_t other = repository_->add_patient(sample_patient("Other Patient"));
  const std::int64_t other_limb = repository_->add_limb(sample_limb(other));
  const std::string before = dump();
  SessionRecord foreign = sample_session(other, other_limb);
  foreign.programme_assignment_id = assignment_id;
  expect_storage_error([&] { repository_->begin_session(foreign); }, "belongs to patient");
  EXPECT_EQ(dump(), before);
}

}  // namespace
}  // namespace bfr::clinic::testing

// Every record type written and read back field by field.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "clinic/timestamp.hpp"
#include "clinic_test_support.hpp"

namespace bfr::clinic::testing {
namespace {

TEST_P(RepositoryTest, PatientRoundTripKeepsEveryField) {
  Patient written = sample_patient("Robin Roundtrip");
  written.sex = Sex::kFemale;
  written.birth_year = 1954;
  written.resting_sbp_mmhg = 141.5;
  written.resting_dbp_mmhg = 88.25;
  written.resting_hr_bpm = 72.5;
  written.notes = "uses a cane; \"quotes\" and 'apostrophes' survive";
  const std::int64_t id = repository_->add_patient(written);

  const std::optional<Patient> read = repository_->get_patient(id);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->id, id);
  EXPECT_EQ(read->display_name, "Robin Roundtrip");
  EXPECT_EQ(read->birth_year, 1954);
  EXPECT_EQ(read->sex, Sex::kFemale);
  EXPECT_EQ(read->resting_sbp_mmhg, 141.5);
  EXPECT_EQ(read->resting_dbp_mmhg, 88.25);
  EXPECT_EQ(read->resting_hr_bpm, 72.5);
  EXPECT_EQ(read->notes, written.notes);
  EXPECT_TRUE(is_utc_timestamp(read->created_at)) << read->created_at;
}

TEST_P(RepositoryTest, PatientIsFoundByExactName) {
  const std::int64_t id = repository_->add_patient(sample_patient("Sam Search"));
  const std::optional<Patient> found = repository_->find_patient_by_name("Sam Search");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->resting_sbp_mmhg, 124.5);
  EXPECT_FALSE(repository_->find_patient_by_name("sam search").has_value());
  EXPECT_FALSE(repository_->find_patient_by_name("Sam").has_value());
  EXPECT_FALSE(repository_->get_patient(id + 100).has_value());
}

TEST_P(RepositoryTest, GivenTimestampsAreKeptAndEmptyOnesAreFilledIn) {
  Patient patient = sample_patient("Tess Timestamp");
  patient.created_at = "2023-11-05T08:30:00Z";
  const std::int64_t id = repository_->add_patient(patient);
  EXPECT_EQ(repository_->get_patient(id)->created_at, "2023-11-05T08:30:00Z");

  const std::string before = utc_timestamp_now();
  const std::int64_t filled_id = repository_->add_patient(sample_patient("Fay Filled"));
  const std::string after = utc_timestamp_now();
  const std::string filled = repository_->get_patient(filled_id)->created_at;
  EXPECT_LE(before, filled);
  EXPECT_LE(filled, after);
}

TEST_P(RepositoryTest, LimbsOfListsEveryLimbOfThatPatientOnly) {
  Limb arm = sample_limb(patient_id_);
  arm.side = LimbSide::kRight;
  arm.segment = LimbSegment::kUpperArm;
  arm.circumference_cm = 31.75;
  const std::int64_t arm_id = repository_->add_limb(arm);
  const std::int64_t other_patient = repository_->add_patient(sample_patient("Olive Other"));
  repository_->add_limb(sample_limb(other_patient));

  const std::vector<Limb> limbs = repository_->limbs_of(patient_id_);
  ASSERT_EQ(limbs.size(), 2U);
  EXPECT_EQ(limbs[0].id, limb_id_);
  EXPECT_EQ(limbs[0].patient_id, patient_id_);
  EXPECT_EQ(limbs[0].side, LimbSide::kLeft);
  EXPECT_EQ(limbs[0].segment, LimbSegment::kThigh);
  EXPECT_EQ(limbs[0].circumference_cm, 54.5);
  EXPECT_EQ(limbs[1].id, arm_id);
  EXPECT_EQ(limbs[1].side, LimbSide::kRight);
  EXPECT_EQ(limbs[1].segment, LimbSegment::kUpperArm);
  EXPECT_EQ(limbs[1].circumference_cm, 31.75);
  EXPECT_EQ(repository_->limbs_of(other_patient).size(), 1U);
}

TEST_P(RepositoryTest, SuccessfulLopMeasurementRoundTrip) {
  const std::int64_t trace_id = repository_->create_trace("lop", 50);
  LopMeasurement written = sample_lop_measurement(limb_id_);
  written.measured_at = "2024-03-01T09:15:42Z";
  written.method = LopMethod::kEstimated;
  written.posture = Posture::kStanding;
  written.sim_true_lop_mmhg = 190.5;
  written.trace_id = trace_id;
  const std::int64_t id = repository_->add_lop_measurement(written);

  const std::optional<LopMeasurement> read = repository_->get_lop_measurement(id);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->id, id);
  EXPECT_EQ(read->limb_id, limb_id_);
  EXPECT_EQ(read->measured_at, "2024-03-01T09:15:42Z");
  EXPECT_EQ(read->method, LopMethod::kEstimated);
  EXPECT_EQ(read->lop_mmhg, std::optional<double>(187.25));
  EXPECT_EQ(read->quality, 0.92);
  EXPECT_EQ(read->posture, Posture::kStanding);
  EXPECT_EQ(read->cuff_width_cm, 11.5);
  EXPECT_EQ(read->heart_rate_bpm, std::optional<double>(64));
  EXPECT_EQ(read->sim_true_lop_mmhg, std::optional<double>(190.5));
  EXPECT_EQ(read->abort_reason, "");
  EXPECT_EQ(read->trace_id, std::optional<std::int64_t>(trace_id));
}

TEST_P(RepositoryTest, FailedLopMeasurementKeepsItsEmptyFields) {
  LopMeasurement written = sample_lop_measurement(limb_id_);
  written.lop_mmhg.reset();
  written.heart_rate_bpm.reset();
  written.quality = 0;
  written.posture = Posture::kSeated;
  written.abort_reason = "no pulse detected";
  const std::int64_t id = repository_->add_lop_measurement(written);

  const std::optional<LopMeasurement> read = repository_->get_lop_measurement(id);
  ASSERT_TRUE(read.has_value());
  EXPECT_FALSE(read->lop_mmhg.has_value());
  EXPECT_FALSE(read->heart_rate_bpm.has_value());
  EXPECT_FALSE(read->sim_true_lop_mmhg.has_value());
  EXPECT_FALSE(read->trace_id.has_value());
  EXPECT_EQ(read->method, LopMethod::kMeasured);
  EXPECT_EQ(read->posture, Posture::kSeated);
  EXPECT_EQ(read->abort_reason, "no pulse detected");
  EXPECT_TRUE(is_utc_timestamp(read->measured_at)) << read->measured_at;
  EXPECT_FALSE(repository_->get_lop_measurement(id + 1).has_value());
}

TEST_P(RepositoryTest, SessionIsRunningAfterBeginAndCompleteAfterFinish) {
  const std::int64_t lop_id = repository_->add_lop_measurement(sample_lop_measurement(limb_id_));
  const std::int64_t trace_id = repository_->create_trace("session", 100);
  SessionRecord session = sample_session(patient_id_, limb_id_);
  session.lop_measurement_id = lop_id;
  session.started_at = "2024-03-01T10:00:00Z";
  session.id = repository_->begin_session(session);

  const std::optional<SessionRecord> running = repository_->get_session(session.id);
  ASSERT_TRUE(running.has_value());
  EXPECT_EQ(running->patient_id, patient_id_);
  EXPECT_EQ(running->limb_id, limb_id_);
  EXPECT_EQ(running->lop_measurement_id, std::optional<std::int64_t>(lop_id));
  EXPECT_EQ(running->started_at, "2024-03-01T10:00:00Z");
  EXPECT_EQ(running->ended_at, "");
  EXPECT_EQ(running->exercise, "leg press");
  EXPECT_EQ(running->device, "simulated");
  EXPECT_EQ(running->target_fraction, 0.6);
  EXPECT_EQ(running->target_mmhg, 112.35);
  EXPECT_EQ(running->rest_s, 30);
  EXPECT_EQ(running->total_restriction_s, 0);
  EXPECT_EQ(running->stop_reason, "");
  EXPECT_FALSE(running->trace_id.has_value());

  session.ended_at = "2024-03-01T10:12:30Z";
  session.total_restriction_s = 512.5;
  session.stop_reason = "completed";
  session.trace_id = trace_id;
  repository_->finish_session(session);

  const std::optional<SessionRecord> finished = repository_->get_session(session.id);
  ASSERT_TRUE(finished.has_value());
  EXPECT_EQ(finished->started_at, "2024-03-01T10:00:00Z");
  EXPECT_EQ(finished->ended_at, "2024-03-01T10:12:30Z");
  EXPECT_EQ(finished->total_restriction_s, 512.5);
  EXPECT_EQ(finished->stop_reason, "completed");
  EXPECT_EQ(finished->trace_id, std::optional<std::int64_t>(trace_id));
  EXPECT_EQ(finished->target_mmhg, 112.35);
}

TEST_P(RepositoryTest, FinishWithoutTraceKeepsTheTraceGivenAtBegin) {
  const std::int64_t trace_id = repository_->create_trace("session", 100);
  SessionRecord session = sample_session(patient_id_, limb_id_);
  session.trace_id = trace_id;
  session.id = repository_->begin_session(session);

  SessionRecord outcome;
  outcome.id = session.id;
  outcome.stop_reason = "alarm:overpressure";
  repository_->finish_session(outcome);

  const SessionRecord finished = *repository_->get_session(session.id);
  EXPECT_EQ(finished.trace_id, std::optional<std::int64_t>(trace_id));
  EXPECT_EQ(finished.stop_reason, "alarm:overpressure");
  EXPECT_TRUE(is_utc_timestamp(finished.ended_at)) << finished.ended_at;
  EXPECT_LE(finished.started_at, finished.ended_at);
}

TEST_P(RepositoryTest, SessionsOfListsSessionsInStartOrder) {
  SessionRecord later = sample_session(patient_id_, limb_id_);
  later.started_at = "2024-05-02T10:00:00Z";
  SessionRecord earlier = sample_session(patient_id_, limb_id_);
  earlier.started_at = "2024-05-01T10:00:00Z";
  earlier.exercise = "knee extension";
  const std::int64_t later_id = repository_->begin_session(later);
  const std::int64_t earlier_id = repository_->begin_session(earlier);

  const std::vector<SessionRecord> sessions = repository_->sessions_of(patient_id_);
  ASSERT_EQ(sessions.size(), 2U);
  EXPECT_EQ(sessions[0].id, earlier_id);
  EXPECT_EQ(sessions[0].exercise, "knee extension");
  EXPECT_EQ(sessions[1].id, later_id);
  const std::int64_t other_patient = repository_->add_patient(sample_patient("Nina None"));
  EXPECT_TRUE(repository_->sessions_of(other_patient).empty());
}

TEST_P(RepositoryTest, SetsRoundTripInSetOrder) {
  const std::int64_t session_id = repository_->begin_session(sample_session(patient_id_, limb_id_));
  const std::int64_t second_id = repository_->add_set(sample_set(session_id, 1));
  const std::int64_t first_id = repository_->add_set(sample_set(session_id, 0));

  const std::vector<SetRecord> sets = repository_->sets_of(session_id);
  ASSERT_EQ(sets.size(), 2U);
  EXPECT_EQ(sets[0].id, first_id);
  EXPECT_EQ(sets[1].id, second_id);
  const SetRecord& first = sets[0];
  EXPECT_EQ(first.session_id, session_id);
  EXPECT_EQ(first.set_index, 0);
  EXPECT_EQ(first.target_reps, 30);
  EXPECT_EQ(first.actual_reps, 28);
  EXPECT_EQ(first.started_s, 12.5);
  EXPECT_EQ(first.duration_s, 45.25);
  EXPECT_EQ(first.rest_after_s, 30);
  EXPECT_EQ(first.time_in_band_fraction, 0.875);
  EXPECT_EQ(first.peak_mmhg, 121.5);
  EXPECT_EQ(first.mean_mmhg, 112.0);
  EXPECT_EQ(first.min_mmhg, 98.75);
  EXPECT_EQ(sets[1].set_index, 1);
  EXPECT_EQ(sets[1].target_reps, 15);
  EXPECT_EQ(sets[1].started_s, 72.5);
}

TEST_P(RepositoryTest, EventsRoundTripInTimeOrder) {
  const std::int64_t session_id = repository_->begin_session(sample_session(patient_id_, limb_id_));
  const std::vector<EventRecord> first_batch{{0.0, "inflate", "target 112 mmHg"},
                                             {95.5, "set_end", ""}};
  const std::vector<EventRecord> second_batch{{42.25, "note", "patient reports tingling"},
                                              {95.5, "rest", "30 s"}};
  repository_->add_events(session_id, first_batch);
  repository_->add_events(session_id, second_batch);

  const std::vector<EventRecord> events = repository_->events_of(session_id);
  ASSERT_EQ(events.size(), 4U);
  EXPECT_EQ(events[0].t_s, 0.0);
  EXPECT_EQ(events[0].kind, "inflate");
  EXPECT_EQ(events[0].detail, "target 112 mmHg");
  EXPECT_EQ(events[1].t_s, 42.25);
  EXPECT_EQ(events[1].detail, "patient reports tingling");
  // Equal times keep the order in which they were added.
  EXPECT_EQ(events[2].kind, "set_end");
  EXPECT_EQ(events[2].detail, "");
  EXPECT_EQ(events[3].kind, "rest");
}

TEST_P(RepositoryTest, EverythingSurvivesClosingAndReopening) {
  const std::int64_t session_id = repository_->begin_session(sample_session(patient_id_, limb_id_));
  repository_->add_set(sample_set(session_id, 0));
  const std::string before = dump();
  repository_.reset();

  repository_ = open_repository(store_->url());
  EXPECT_EQ(dump(), before);
  EXPECT_EQ(repository_->get_patient(patient_id_)->display_name, "Alex Example");
  EXPECT_EQ(repository_->sets_of(session_id).size(), 1U);
}

}  // namespace
}  // namespace bfr::clinic::testing

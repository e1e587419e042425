// References to records that do not exist, or that belong to someone else,
// are refused by the repository and, behind it, by the schema.

#include <gtest/gtest.h>

#include <vector>

#include "clinic_test_support.hpp"

namespace bfr::clinic::testing {
namespace {

constexpr std::int64_t kUnknownId = 4242;

TEST_P(RepositoryTest, UnknownPatientIsRefused) {
  const std::string before = dump();
  expect_storage_error([&] { repository_->add_limb(sample_limb(kUnknownId)); },
                       "unknown patient id 4242");
  expect_storage_error([&] { repository_->begin_session(sample_session(kUnknownId, limb_id_)); },
                       "unknown patient id 4242");
  expect_storage_error([&] { repository_->limbs_of(kUnknownId); }, "unknown patient id 4242");
  expect_storage_error([&] { repository_->sessions_of(kUnknownId); }, "unknown patient id 4242");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, UnknownLimbIsRefused) {
  const std::string before = dump();
  expect_storage_error(
      [&] { repository_->add_lop_measurement(sample_lop_measurement(kUnknownId)); },
      "unknown limb id 4242");
  expect_storage_error([&] { repository_->begin_session(sample_session(patient_id_, kUnknownId)); },
                       "unknown limb id 4242");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, UnknownTraceIsRefused) {
  const std::string before = dump();
  LopMeasurement measurement = sample_lop_measurement(limb_id_);
  measurement.trace_id = kUnknownId;
  expect_storage_error([&] { repository_->add_lop_measurement(measurement); },
                       "unknown trace id 4242");
  SessionRecord session = sample_session(patient_id_, limb_id_);
  session.trace_id = kUnknownId;
  expect_storage_error([&] { repository_->begin_session(session); }, "unknown trace id 4242");
  const std::vector<TraceSample> samples{{0.0, 10.0, 0.0, 0, -1}};
  expect_storage_error([&] { repository_->append_trace(kUnknownId, samples); },
                       "unknown trace id 4242");
  expect_storage_error([&] { repository_->append_trace(kUnknownId, {}); }, "unknown trace id 4242");
  expect_storage_error([&] { repository_->load_trace(kUnknownId); }, "unknown trace id 4242");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, UnknownSessionIsRefused) {
  const std::string before = dump();
  expect_storage_error([&] { repository_->add_set(sample_set(kUnknownId, 0)); },
                       "unknown session id 4242");
  const std::vector<EventRecord> events{{1.0, "note", ""}};
  expect_storage_error([&] { repository_->add_events(kUnknownId, events); },
                       "unknown session id 4242");
  SessionRecord outcome;
  outcome.id = kUnknownId;
  outcome.stop_reason = "completed";
  expect_storage_error([&] { repository_->finish_session(outcome); }, "unknown session id 4242");
  expect_storage_error([&] { repository_->sets_of(kUnknownId); }, "unknown session id 4242");
  expect_storage_error([&] { repository_->events_of(kUnknownId); }, "unknown session id 4242");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, UnknownLopMeasurementIsRefused) {
  SessionRecord session = sample_session(patient_id_, limb_id_);
  session.lop_measurement_id = kUnknownId;
  expect_storage_error([&] { repository_->begin_session(session); },
                       "unknown LOP measurement id 4242");
  EXPECT_EQ(rows("sessions"), 0);
}

TEST_P(RepositoryTest, SessionCannotUseAnotherPatientsLimb) {
  const std::int64_t other_patient = repository_->add_patient(sample_patient("Otto Other"));
  const std::string message = expect_storage_error(
      [&] { repository_->begin_session(sample_session(other_patient, limb_id_)); },
      "belongs to patient");
  EXPECT_EQ(rows("sessions"), 0) << message;
}

TEST_P(RepositoryTest, SessionCannotUseTheLopOfAnotherLimb) {
  Limb other_limb = sample_limb(patient_id_);
  other_limb.side = LimbSide::kRight;
  const std::int64_t other_limb_id = repository_->add_limb(other_limb);
  const std::int64_t lop_of_other_limb =
      repository_->add_lop_measurement(sample_lop_measurement(other_limb_id));

  SessionRecord session = sample_session(patient_id_, limb_id_);
  session.lop_measurement_id = lop_of_other_limb;
  expect_storage_error([&] { repository_->begin_session(session); }, "was taken on limb");
  EXPECT_EQ(rows("sessions"), 0);
}

// The schema holds the same rules for writers that skip the repository.
TEST_P(RepositoryTest, SchemaEnforcesForeignKeysOnItsOwn) {
  expect_storage_error(
      [&] {
        store_->execute(
            "INSERT INTO limbs (patient_id, side, segment, circumference_cm) "
            "VALUES (4242, 'left', 'thigh', 50)");
      },
      store_->refusal(Refusal::kForeignKey));
  const std::int64_t other_patient = repository_->add_patient(sample_patient("Ola Other"));
  expect_storage_error(
      [&] {
        store_->execute(
            "INSERT INTO sessions (patient_id, limb_id, started_at, exercise, device, "
            "target_fraction, target_mmhg, rest_s, total_restriction_s) VALUES (" +
            std::to_string(other_patient) + ", " + std::to_string(limb_id_) +
            ", '2024-01-01T00:00:00Z', 'squat', 'simulated', 0.5, 100, 30, 0)");
      },
      store_->refusal(Refusal::kForeignKey));
  EXPECT_EQ(rows("limbs"), 1);
  EXPECT_EQ(rows("sessions"), 0);
}

}  // namespace
}  // namespace bfr::clinic::testing

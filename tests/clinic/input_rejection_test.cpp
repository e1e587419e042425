// Bad input raises StorageError naming the field, and changes nothing.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "clinic_test_support.hpp"

namespace bfr::clinic::testing {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <typename Record>
struct BadCase {
  std::string expected_message;
  std::function<void(Record&)> spoil;
};

TEST_P(RepositoryTest, ImplausiblePatientsAreRefusedAndNothingChanges) {
  const std::vector<BadCase<Patient>> cases{
      {"display_name must not be empty", [](Patient& p) { p.display_name = ""; }},
      {"display_name must not be empty", [](Patient& p) { p.display_name = " \t "; }},
      {"birth_year must be between 1900 and 2100 (got 1899)",
       [](Patient& p) { p.birth_year = 1899; }},
      {"birth_year must be between 1900 and 2100 (got 2101)",
       [](Patient& p) { p.birth_year = 2101; }},
      {"resting_sbp_mmhg must be between 60 and 260 (got 59)",
       [](Patient& p) { p.resting_sbp_mmhg = 59; }},
      {"resting_sbp_mmhg must be between 60 and 260 (got 261)",
       [](Patient& p) { p.resting_sbp_mmhg = 261; }},
      {"resting_dbp_mmhg must be between 30 and 160 (got 29)",
       [](Patient& p) { p.resting_dbp_mmhg = 29; }},
      {"resting_dbp_mmhg (130) must be below resting_sbp_mmhg (124.5)",
       [](Patient& p) { p.resting_dbp_mmhg = 130; }},
      {"resting_hr_bpm must be between 25 and 220 (got 24)",
       [](Patient& p) { p.resting_hr_bpm = 24; }},
      {"resting_hr_bpm must be between 25 and 220 (got nan)",
       [](Patient& p) { p.resting_hr_bpm = kNaN; }},
      {"sex has an invalid value 7", [](Patient& p) { p.sex = static_cast<Sex>(7); }},
      {"created_at must look like", [](Patient& p) { p.created_at = "2024-02-30T10:00:00Z"; }},
      {"created_at must look like", [](Patient& p) { p.created_at = "2024-02-01 10:00:00"; }},
      {"id must be 0 for a new record (got 3)", [](Patient& p) { p.id = 3; }},
  };
  const std::string before = dump();
  for (const BadCase<Patient>& bad : cases) {
    Patient patient = sample_patient("Bea Bad");
    bad.spoil(patient);
    expect_storage_error([&] { repository_->add_patient(patient); },
                         "patient: " + bad.expected_message);
  }
  EXPECT_EQ(dump(), before);
  EXPECT_FALSE(repository_->find_patient_by_name("Bea Bad").has_value());
}

TEST_P(RepositoryTest, DuplicatePatientNameIsRefused) {
  const std::string before = dump();
  expect_storage_error(
      [&] { repository_->add_patient(sample_patient("Alex Example")); },
      "a patient named 'Alex Example' already exists (id " + std::to_string(patient_id_) + ")");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, ImplausibleLimbsAreRefusedAndNothingChanges) {
  const std::vector<BadCase<Limb>> cases{
      {"circumference_cm must be between 10 and 120 (got 9.5)",
       [](Limb& l) { l.circumference_cm = 9.5; }},
      {"circumference_cm must be between 10 and 120 (got 540)",
       [](Limb& l) { l.circumference_cm = 540; }},
      {"side has an invalid value", [](Limb& l) { l.side = static_cast<LimbSide>(-1); }},
      {"segment has an invalid value", [](Limb& l) { l.segment = static_cast<LimbSegment>(9); }},
  };
  const std::string before = dump();
  for (const BadCase<Limb>& bad : cases) {
    Limb limb = sample_limb(patient_id_);
    bad.spoil(limb);
    expect_storage_error([&] { repository_->add_limb(limb); }, "limb: " + bad.expected_message);
  }
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, ImplausibleLopMeasurementsAreRefusedAndNothingChanges) {
  const std::vector<BadCase<LopMeasurement>> cases{
      {"lop_mmhg must be between 20 and 400 (got 1870)",
       [](LopMeasurement& m) { m.lop_mmhg = 1870; }},
      {"abort_reason (required when lop_mmhg is empty) must not be empty",
       [](LopMeasurement& m) { m.lop_mmhg.reset(); }},
      {"quality must be between 0 and 1 (got 1.5)", [](LopMeasurement& m) { m.quality = 1.5; }},
      {"quality must be between 0 and 1 (got -0.1)", [](LopMeasurement& m) { m.quality = -0.1; }},
      {"cuff_width_cm must be between 2 and 50 (got 0)",
       [](LopMeasurement& m) { m.cuff_width_cm = 0; }},
      {"heart_rate_bpm must be between 25 and 220 (got 300)",
       [](LopMeasurement& m) { m.heart_rate_bpm = 300; }},
      {"sim_true_lop_mmhg must be between 20 and 400 (got 5)",
       [](LopMeasurement& m) { m.sim_true_lop_mmhg = 5; }},
      {"measured_at must look like", [](LopMeasurement& m) { m.measured_at = "yesterday"; }},
      {"posture has an invalid value",
       [](LopMeasurement& m) { m.posture = static_cast<Posture>(5); }},
  };
  const std::string before = dump();
  for (const BadCase<LopMeasurement>& bad : cases) {
    LopMeasurement measurement = sample_lop_measurement(limb_id_);
    bad.spoil(measurement);
    expect_storage_error([&] { repository_->add_lop_measurement(measurement); },
                         "LOP measurement: " + bad.expected_message);
  }
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, ImplausibleSessionsAreRefusedAndNothingChanges) {
  const std::vector<BadCase<SessionRecord>> cases{
      {"exercise must not be empty", [](SessionRecord& s) { s.exercise = ""; }},
      {"device must not be empty", [](SessionRecord& s) { s.device = "  "; }},
      {"target_fraction must be between 0 and 1 (got 60)",
       [](SessionRecord& s) { s.target_fraction = 60; }},
      {"target_mmhg must be between 0 and 400 (got -5)",
       [](SessionRecord& s) { s.target_mmhg = -5; }},
      {"rest_s must be >= 0 (got -1)", [](SessionRecord& s) { s.rest_s = -1; }},
      {"rest_s must be a finite number (got inf)",
       [](SessionRecord& s) { s.rest_s = std::numeric_limits<double>::infinity(); }},
      {"ended_at must be empty when a session begins",
       [](SessionRecord& s) { s.ended_at = "2024-01-01T00:00:00Z"; }},
      {"stop_reason must be empty when a session begins",
       [](SessionRecord& s) { s.stop_reason = "completed"; }},
      {"started_at must look like", [](SessionRecord& s) { s.started_at = "2024-01-01"; }},
  };
  const std::string before = dump();
  for (const BadCase<SessionRecord>& bad : cases) {
    SessionRecord session = sample_session(patient_id_, limb_id_);
    bad.spoil(session);
    expect_storage_error([&] { repository_->begin_session(session); },
                         "session: " + bad.expected_message);
  }
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, BadSessionFinishesAreRefusedAndNothingChanges) {
  SessionRecord session = sample_session(patient_id_, limb_id_);
  session.started_at = "2024-06-01T12:00:00Z";
  session.id = repository_->begin_session(session);
  const std::string before = dump();

  SessionRecord no_reason = session;
  expect_storage_error([&] { repository_->finish_session(no_reason); },
                       "stop_reason must not be empty");
  SessionRecord negative_time = session;
  negative_time.stop_reason = "completed";
  negative_time.total_restriction_s = -3;
  expect_storage_error([&] { repository_->finish_session(negative_time); },
                       "total_restriction_s must be >= 0 (got -3)");
  SessionRecord ends_before_start = session;
  ends_before_start.stop_reason = "completed";
  ends_before_start.ended_at = "2024-06-01T11:59:59Z";
  expect_storage_error([&] { repository_->finish_session(ends_before_start); },
                       "ended_at 2024-06-01T11:59:59Z is before started_at 2024-06-01T12:00:00Z");
  SessionRecord unknown_trace = session;
  unknown_trace.stop_reason = "completed";
  unknown_trace.trace_id = 999;
  expect_storage_error([&] { repository_->finish_session(unknown_trace); }, "unknown trace id 999");
  EXPECT_EQ(dump(), before);

  SessionRecord finished = session;
  finished.stop_reason = "stopped";
  finished.ended_at = "2024-06-01T12:10:00Z";
  repository_->finish_session(finished);
  const std::string after_finish = dump();
  finished.stop_reason = "completed";
  expect_storage_error(
      [&] { repository_->finish_session(finished); },
      "session " + std::to_string(session.id) + " already finished at 2024-06-01T12:10:00Z");
  EXPECT_EQ(dump(), after_finish);
  EXPECT_EQ(repository_->get_session(session.id)->stop_reason, "stopped");
}

TEST_P(RepositoryTest, ImplausibleSetsAreRefusedAndNothingChanges) {
  const std::int64_t session_id = repository_->begin_session(sample_session(patient_id_, limb_id_));
  repository_->add_set(sample_set(session_id, 0));
  const std::vector<BadCase<SetRecord>> cases{
      {"actual_reps must be >= 0 (got -1)", [](SetRecord& s) { s.actual_reps = -1; }},
      {"target_reps must be >= 0 (got -2)", [](SetRecord& s) { s.target_reps = -2; }},
      {"set_index must be >= 0 (got -1)", [](SetRecord& s) { s.set_index = -1; }},
      {"duration_s must be >= 0 (got -0.5)", [](SetRecord& s) { s.duration_s = -0.5; }},
      {"time_in_band_fraction must be between 0 and 1 (got 87.5)",
       [](SetRecord& s) { s.time_in_band_fraction = 87.5; }},
      {"peak_mmhg must be between -50 and 500 (got 900)", [](SetRecord& s) { s.peak_mmhg = 900; }},
      {"expected min_mmhg <= mean_mmhg <= peak_mmhg (got 98.75, 130, 121.5)",
       [](SetRecord& s) { s.mean_mmhg = 130; }},
  };
  const std::string before = dump();
  for (const BadCase<SetRecord>& bad : cases) {
    SetRecord set = sample_set(session_id, 1);
    bad.spoil(set);
    expect_storage_error([&] { repository_->add_set(set); }, "set: " + bad.expected_message);
  }
  expect_storage_error([&] { repository_->add_set(sample_set(session_id, 0)); },
                       "already has a set with set_index 0");
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, OneBadEventRejectsTheWholeBatch) {
  const std::int64_t session_id = repository_->begin_session(sample_session(patient_id_, limb_id_));
  const std::string before = dump();
  const std::vector<EventRecord> events{
      {1.0, "inflate", ""}, {2.0, "note", "fine"}, {3.0, "", "kind missing"}, {4.0, "x", ""}};
  expect_storage_error([&] { repository_->add_events(session_id, events); },
                       "event 2: kind must not be empty");
  const std::vector<EventRecord> negative_time{{1.0, "inflate", ""}, {-1.0, "note", ""}};
  expect_storage_error([&] { repository_->add_events(session_id, negative_time); },
                       "event 1: t_s must be >= 0 (got -1)");
  EXPECT_EQ(dump(), before);
  EXPECT_TRUE(repository_->events_of(session_id).empty());
}

TEST_P(RepositoryTest, ImplausibleTracesAreRefused) {
  expect_storage_error([&] { repository_->create_trace("", 100); }, "kind must not be empty");
  expect_storage_error([&] { repository_->create_trace("session", 0); },
                       "sample_rate_hz must be between");
  expect_storage_error([&] { repository_->create_trace("session", kNaN); },
                       "sample_rate_hz must be between");
  EXPECT_EQ(rows("traces"), 0);
}

// The schema repeats the limits, so a writer that skips the repository cannot
// store implausible values either.
TEST_P(RepositoryTest, SchemaChecksBackTheValidation) {
  const std::string limb = std::to_string(limb_id_);
  const std::string patient = std::to_string(patient_id_);
  const std::vector<std::string> bad_inserts{
      "INSERT INTO patients (display_name, birth_year, sex, resting_sbp_mmhg, resting_dbp_mmhg, "
      "resting_hr_bpm, created_at) VALUES ('Raw', 1980, 'male', 300, 80, 60, "
      "'2024-01-01T00:00:00Z')",
      "INSERT INTO patients (display_name, birth_year, sex, resting_sbp_mmhg, resting_dbp_mmhg, "
      "resting_hr_bpm, created_at) VALUES ('Raw', 1980, 'other', 120, 80, 60, "
      "'2024-01-01T00:00:00Z')",
      "INSERT INTO patients (display_name, birth_year, sex, resting_sbp_mmhg, resting_dbp_mmhg, "
      "resting_hr_bpm, created_at) VALUES ('Raw', 1980, 'male', 120, 80, 60, 'today')",
      "INSERT INTO limbs (patient_id, side, segment, circumference_cm) VALUES (" + patient +
          ", 'left', 'calf', 50)",
      "INSERT INTO limbs (patient_id, side, segment, circumference_cm) VALUES (" + patient +
          ", 'left', 'thigh', 5)",
      "INSERT INTO lop_measurements (limb_id, measured_at, method, quality, posture, "
      "cuff_width_cm) VALUES (" +
          limb + ", '2024-01-01T00:00:00Z', 'measured', 0.5, 'seated', 10)",
      "INSERT INTO lop_measurements (limb_id, measured_at, method, lop_mmhg, quality, posture, "
      "cuff_width_cm) VALUES (" +
          limb + ", '2024-01-01T00:00:00Z', 'guessed', 150, 0.5, 'seated', 10)",
  };
  for (const std::string& sql : bad_inserts) {
    expect_storage_error([&] { store_->execute(sql); }, store_->refusal(Refusal::kCheck));
  }
  // Columns refuse values of the wrong type (in SQLite, STRICT tables do).
  expect_storage_error(
      [&] {
        store_->execute(
            "INSERT INTO traces (kind, sample_rate_hz, created_at) VALUES ('x', 'fast', "
            "'2024-01-01T00:00:00Z')");
      },
      store_->refusal(Refusal::kWrongType));
  EXPECT_EQ(rows("patients"), 1);
  EXPECT_EQ(rows("limbs"), 1);
  EXPECT_EQ(rows("lop_measurements"), 0);
  EXPECT_EQ(rows("traces"), 0);
}

}  // namespace
}  // namespace bfr::clinic::testing

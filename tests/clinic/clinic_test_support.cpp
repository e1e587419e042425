#include "clinic_test_support.hpp"

#include <gmock/gmock.h>

#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>

namespace bfr::clinic::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "openbfr-clinic-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

ScopedEnvironment::ScopedEnvironment(std::string name, const std::optional<std::string>& value)
    : name_(std::move(name)) {
  if (const char* previous = std::getenv(name_.c_str())) previous_ = previous;
  if (value) {
    setenv(name_.c_str(), value->c_str(), 1);
  } else {
    unsetenv(name_.c_str());
  }
}

ScopedEnvironment::~ScopedEnvironment() {
  if (previous_) {
    setenv(name_.c_str(), previous_->c_str(), 1);
  } else {
    unsetenv(name_.c_str());
  }
}

Patient sample_patient(const std::string& display_name) {
  Patient patient;
  patient.display_name = display_name;
  patient.birth_year = 1985;
  patient.sex = Sex::kMale;
  patient.resting_sbp_mmhg = 124.5;
  patient.resting_dbp_mmhg = 79;
  patient.resting_hr_bpm = 61;
  patient.notes = "knee rehab, week 3";
  return patient;
}

Limb sample_limb(std::int64_t patient_id) {
  Limb limb;
  limb.patient_id = patient_id;
  limb.side = LimbSide::kLeft;
  limb.segment = LimbSegment::kThigh;
  limb.circumference_cm = 54.5;
  return limb;
}

LopMeasurement sample_lop_measurement(std::int64_t limb_id) {
  LopMeasurement measurement;
  measurement.limb_id = limb_id;
  measurement.method = LopMethod::kMeasured;
  measurement.lop_mmhg = 187.25;
  measurement.quality = 0.92;
  measurement.posture = Posture::kSupine;
  measurement.cuff_width_cm = 11.5;
  measurement.heart_rate_bpm = 64;
  return measurement;
}

SessionRecord sample_session(std::int64_t patient_id, std::int64_t limb_id) {
  SessionRecord session;
  session.patient_id = patient_id;
  session.limb_id = limb_id;
  session.exercise = "leg press";
  session.device = "simulated";
  session.target_fraction = 0.6;
  session.target_mmhg = 112.35;
  session.rest_s = 30;
  return session;
}

SetRecord sample_set(std::int64_t session_id, int set_index) {
  SetRecord set;
  set.session_id = session_id;
  set.set_index = set_index;
  set.target_reps = set_index == 0 ? 30 : 15;
  set.actual_reps = set_index == 0 ? 28 : 15;
  set.started_s = 12.5 + 60.0 * set_index;
  set.duration_s = 45.25;
  set.rest_after_s = 30;
  set.time_in_band_fraction = 0.875;
  set.peak_mmhg = 121.5;
  set.mean_mmhg = 112.0;
  set.min_mmhg = 98.75;
  return set;
}

std::string expect_storage_error(const std::function<void()>& action, const std::string& expected) {
  try {
    action();
  } catch (const StorageError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr(expected));
    return error.what();
  }
  ADD_FAILURE() << "expected a StorageError containing \"" << expected << "\"";
  return {};
}

void RepositoryTest::SetUp() {
  StoreTest::SetUp();
  if (store_ == nullptr) return;  // skipped, or failed already
  repository_ = open_repository(store_->url());
  patient_id_ = repository_->add_patient(sample_patient());
  limb_id_ = repository_->add_limb(sample_limb(patient_id_));
}

// One instantiation for the tests of every file that use the fixture.
INSTANTIATE_TEST_SUITE_P(Backend, RepositoryTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace bfr::clinic::testing

// Imported 1RM estimates stored as the patient's records: where each came
// from, all of them or none, and nothing twice.

#include <gtest/gtest.h>

#include "clinic/timestamp.hpp"
#include "exchange/one_rep_max_import.hpp"
#include "exchange/strong_csv.hpp"
#include "tests/cli/command_runner.hpp"

namespace bfr::exchange {
namespace {

constexpr const char* kHeader =
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n";

class OneRepMaxImport : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = clinic::open_repository((dir_.path() / "clinic.db").string());
    clinic::Patient p;
    p.display_name = "Importer";
    p.birth_year = 1985;
    p.resting_sbp_mmhg = 120;
    p.resting_dbp_mmhg = 80;
    p.resting_hr_bpm = 60;
    patient_id_ = repo_->add_patient(p);
  }
  testing::TempDir dir_;
  std::unique_ptr<clinic::Repository> repo_;
  std::int64_t patient_id_ = 0;
};

TEST_F(OneRepMaxImport, RecordsNoteEquationTestSetAndItsDay) {
  const auto result = import_strong_csv(std::string(kHeader) +
                                            "2025-08-03 17:00:00,Pull,50m,Row,1,60,8,0,0,,,\n"
                                            "2025-08-05 18:30:00,Legs,40m,Squat,1,100,5,0,0,,,\n",
                                        WeightUnit::kKg, clinic::OneRmEquation::kBrzycki);
  const auto records = one_rep_max_records(result, patient_id_);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].exercise, "Row");
  EXPECT_EQ(records[0].patient_id, patient_id_);
  EXPECT_EQ(records[0].method, "brzycki");
  EXPECT_EQ(records[0].test_load_kg, 60.0);
  EXPECT_EQ(records[0].test_reps, 8);
  EXPECT_EQ(records[0].recorded_at, "2025-08-03T17:00:00Z");
  EXPECT_DOUBLE_EQ(records[0].one_rep_max_kg, 60 * 36.0 / (37 - 8));  // Brzycki
  EXPECT_EQ(records[1].exercise, "Squat");
  EXPECT_EQ(records[1].recorded_at, "2025-08-05T18:30:00Z");
}

TEST_F(OneRepMaxImport, StoresEachOnceAndReadsBack) {
  const auto result =
      import_strong_csv(std::string(kHeader) + "2025-08-03 17:00:00,Pull,50m,Row,1,60,8,0,0,,,\n");
  const auto records = one_rep_max_records(result, patient_id_);
  const auto first = store_one_rep_maxes(*repo_, patient_id_, records);
  ASSERT_EQ(first.added.size(), 1u);
  EXPECT_GT(first.added[0].id, 0);
  const auto stored = repo_->one_rep_maxes_of(patient_id_);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].exercise, "Row");
  EXPECT_EQ(stored[0].method, "epley");
  EXPECT_DOUBLE_EQ(stored[0].one_rep_max_kg, 60 * (1 + 8 / 30.0));
  EXPECT_EQ(stored[0].recorded_at, "2025-08-03T17:00:00Z");

  // The same file again adds nothing.
  const auto second = store_one_rep_maxes(*repo_, patient_id_, records);
  EXPECT_TRUE(second.added.empty());
  EXPECT_EQ(second.already_stored.size(), 1u);
  EXPECT_EQ(repo_->one_rep_maxes_of(patient_id_).size(), 1u);
}

TEST_F(OneRepMaxImport, OneBadRecordStoresNothing) {
  // "Row" sorts first and is fine; "Sled push" estimates beyond the store's
  // 1000 kg limit. Neither may be stored.
  const auto result = import_strong_csv(std::string(kHeader) +
                                        "2025-08-03 17:00:00,Pull,50m,Row,1,60,8,0,0,,,\n"
                                        "2025-08-03 17:00:00,Pull,50m,Sled push,1,990,12,0,0,,,\n");
  ASSERT_EQ(result.estimates.size(), 2u);
  const auto records = one_rep_max_records(result, patient_id_);
  EXPECT_THROW(plan_one_rep_maxes(*repo_, patient_id_, records), clinic::StorageError);
  EXPECT_THROW(store_one_rep_maxes(*repo_, patient_id_, records), clinic::StorageError);
  EXPECT_TRUE(repo_->one_rep_maxes_of(patient_id_).empty());
}

TEST_F(OneRepMaxImport, UnknownPatientStoresNothing) {
  const auto result =
      import_strong_csv(std::string(kHeader) + "2025-08-03 17:00:00,Pull,50m,Row,1,60,8,0,0,,,\n");
  EXPECT_THROW(
      store_one_rep_maxes(*repo_, patient_id_ + 1, one_rep_max_records(result, patient_id_ + 1)),
      clinic::StorageError);
  // Records made for one patient cannot be stored for another.
  EXPECT_THROW(store_one_rep_maxes(*repo_, patient_id_, one_rep_max_records(result, 99)),
               clinic::StorageError);
  EXPECT_TRUE(repo_->one_rep_maxes_of(patient_id_).empty());
}

}  // namespace
}  // namespace bfr::exchange

// Schema versions on every backend: fresh databases, reopening, future
// versions, and how a later step is appended.

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "clinic/migrations.hpp"
#include "clinic/timestamp.hpp"
#include "clinic_test_support.hpp"

namespace bfr::clinic::testing {
namespace {

TEST(MigrationListTest, StepsCountUpFromOneAndExistForEveryBackend) {
  const std::span<const Migration> steps = schema_migrations();
  ASSERT_FALSE(steps.empty());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    EXPECT_EQ(steps[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(steps[i].description.empty());
    EXPECT_FALSE(steps[i].sqlite_sql.empty());
    EXPECT_FALSE(steps[i].postgres_sql.empty());
  }
  EXPECT_EQ(latest_schema_version(), 2);
}

class MigrationsTest : public StoreTest {};

INSTANTIATE_TEST_SUITE_P(Backend, MigrationsTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

// A step after the last that works in both dialects.
constexpr Migration kRemindersStep{3, "test: reminders",
                                   "CREATE TABLE reminders (id INTEGER PRIMARY KEY) STRICT;",
                                   "CREATE TABLE reminders (id BIGINT PRIMARY KEY);"};

TEST_P(MigrationsTest, FreshDatabaseGetsTheLatestVersionWithAllTables) {
  open_repository(store_->url());

  EXPECT_EQ(store_->schema_version(), 2);
  EXPECT_EQ(store_->table_names(),
            (std::vector<std::string>{"limbs", "lop_measurements", "one_rep_maxes", "patients",
                                      "programme_assignments", "schema_migrations",
                                      "screening_limbs", "screening_overrides", "screening_reasons",
                                      "screenings", "session_events", "session_sets",
                                      "session_symptoms", "sessions", "trace_samples", "traces"}));
  const std::vector<std::vector<std::string>> applied =
      store_->select("SELECT version, applied_at FROM schema_migrations ORDER BY version");
  ASSERT_EQ(applied.size(), 2U);
  EXPECT_EQ(applied[0][0], "1");
  EXPECT_EQ(applied[1][0], "2");
  EXPECT_TRUE(is_utc_timestamp(applied[1][1])) << applied[1][1];
}

TEST_P(MigrationsTest, VersionOneDataMigratesToVersionTwo) {
  // A database as the first release left it: sessions with sets.
  store_->apply_migrations(schema_migrations().first(1));
  ASSERT_EQ(store_->schema_version(), 1);
  store_->execute(
      "INSERT INTO patients (id, display_name, birth_year, sex, resting_sbp_mmhg, "
      "resting_dbp_mmhg, resting_hr_bpm, notes, created_at) VALUES "
      "(1, 'Vera Version', 1970, 'female', 120, 80, 60, '', '2023-01-01T00:00:00Z');"
      "INSERT INTO limbs (id, patient_id, side, segment, circumference_cm) VALUES "
      "(1, 1, 'right', 'thigh', 55);"
      "INSERT INTO sessions (id, patient_id, limb_id, started_at, ended_at, exercise, device, "
      "target_fraction, target_mmhg, rest_s, total_restriction_s, stop_reason) VALUES "
      "(1, 1, 1, '2023-01-02T00:00:00Z', '2023-01-02T00:10:00Z', 'leg press', 'simulated', "
      "0.8, 150, 30, 300, 'completed');"
      "INSERT INTO session_sets (session_id, set_index, target_reps, actual_reps, started_s, "
      "duration_s, rest_after_s, time_in_band_fraction, peak_mmhg, mean_mmhg, min_mmhg) VALUES "
      "(1, 0, 30, 30, 1, 60, 30, 0.9, 160, 150, 140);");

  const std::unique_ptr<Repository> repository = open_repository(store_->url());
  EXPECT_EQ(store_->schema_version(), 2);
  const std::optional<SessionRecord> session = repository->get_session(1);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->stop_reason, "completed");
  EXPECT_FALSE(session->programme_assignment_id.has_value());
  const std::vector<SetRecord> sets = repository->sets_of(1);
  ASSERT_EQ(sets.size(), 1U);
  EXPECT_EQ(sets[0].actual_reps, 30);
  EXPECT_FALSE(sets[0].load_kg.has_value());
  EXPECT_FALSE(sets[0].pain_0_10.has_value());
  // The new columns accept values on the old rows.
  repository->record_set_feedback(1, 0, SetFeedback{20.0, 5.0, 1});
  EXPECT_EQ(repository->sets_of(1)[0].pain_0_10, 1);
}

TEST_P(MigrationsTest, ReopeningDoesNotApplyAgain) {
  open_repository(store_->url())->add_patient(sample_patient());
  const std::string before = store_->dump();

  // A re-run of a step would fail on CREATE TABLE; the data and the
  // schema_migrations rows (with their original applied_at) stay as they were.
  const std::unique_ptr<Repository> reopened = open_repository(store_->url());
  EXPECT_EQ(store_->dump(), before);
  EXPECT_EQ(store_->count_rows("schema_migrations"), 2);
  EXPECT_TRUE(reopened->find_patient_by_name("Alex Example").has_value());
}

TEST_P(MigrationsTest, DatabaseFromAFutureVersionIsRefusedUntouched) {
  open_repository(store_->url());
  store_->execute("INSERT INTO schema_migrations VALUES (3, '2030-01-01T00:00:00Z')");
  const std::string before = store_->dump();

  expect_storage_error([&] { open_repository(store_->url()); },
                       "has schema version 3, but this OpenBFR knows versions up to 2");
  EXPECT_EQ(store_->dump(), before);
}

TEST_P(MigrationsTest, LaterStepIsAppliedOnceOnTopOfTheLatest) {
  open_repository(store_->url())->add_patient(sample_patient());
  const std::array steps{schema_migrations()[0], schema_migrations()[1], kRemindersStep};
  store_->apply_migrations(steps);
  EXPECT_EQ(store_->schema_version(), 3);
  EXPECT_EQ(store_->count_rows("reminders"), 0);
  EXPECT_EQ(store_->count_rows("patients"), 1);

  store_->apply_migrations(steps);  // nothing left to do
  EXPECT_EQ(store_->count_rows("schema_migrations"), 3);

  // This build only knows version 2, so it must now refuse the database.
  expect_storage_error([&] { open_repository(store_->url()); }, "has schema version 3");
}

TEST_P(MigrationsTest, FailingStepLeavesThePreviousVersionIntact) {
  open_repository(store_->url());
  constexpr std::string_view kHalfBroken =
      "CREATE TABLE reminders (id INTEGER PRIMARY KEY);"
      "CREATE TABLE patients (id INTEGER PRIMARY KEY);";
  const std::array steps{schema_migrations()[0], schema_migrations()[1],
                         Migration{3, "test: half-broken", kHalfBroken, kHalfBroken}};
  const std::string before = store_->dump();
  expect_storage_error([&] { store_->apply_migrations(steps); },
                       "schema migration to version 3 failed");
  EXPECT_EQ(store_->schema_version(), 2);
  EXPECT_EQ(store_->dump(), before);
  for (const std::string& name : store_->table_names()) EXPECT_NE(name, "reminders");
}

TEST_P(MigrationsTest, StepsOutOfOrderAreRejected) {
  const std::array steps{Migration{2, "two", "SELECT 1;", "SELECT 1;"},
                         Migration{1, "one", "SELECT 1;", "SELECT 1;"}};
  expect_storage_error([&] { store_->apply_migrations(steps); }, "must be 1, 2, 3");
  EXPECT_EQ(store_->schema_version(), 0);
}

}  // namespace
}  // namespace bfr::clinic::testing

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
  EXPECT_EQ(latest_schema_version(), 1);
}

class MigrationsTest : public StoreTest {};

INSTANTIATE_TEST_SUITE_P(Backend, MigrationsTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

// A step 2 that works in both dialects.
constexpr Migration kRemindersStep{2, "test: reminders",
                                   "CREATE TABLE reminders (id INTEGER PRIMARY KEY) STRICT;",
                                   "CREATE TABLE reminders (id BIGINT PRIMARY KEY);"};

TEST_P(MigrationsTest, FreshDatabaseGetsVersionOneWithAllTables) {
  open_repository(store_->url());

  EXPECT_EQ(store_->schema_version(), 1);
  EXPECT_EQ(store_->table_names(),
            (std::vector<std::string>{"limbs", "lop_measurements", "patients", "schema_migrations",
                                      "session_events", "session_sets", "sessions", "trace_samples",
                                      "traces"}));
  const std::vector<std::vector<std::string>> applied =
      store_->select("SELECT version, applied_at FROM schema_migrations");
  ASSERT_EQ(applied.size(), 1U);
  EXPECT_EQ(applied[0][0], "1");
  EXPECT_TRUE(is_utc_timestamp(applied[0][1])) << applied[0][1];
}

TEST_P(MigrationsTest, ReopeningDoesNotApplyAgain) {
  open_repository(store_->url())->add_patient(sample_patient());
  const std::string before = store_->dump();

  // A re-run of step 1 would fail on CREATE TABLE; the data and the single
  // schema_migrations row (with its original applied_at) stay as they were.
  const std::unique_ptr<Repository> reopened = open_repository(store_->url());
  EXPECT_EQ(store_->dump(), before);
  EXPECT_EQ(store_->count_rows("schema_migrations"), 1);
  EXPECT_TRUE(reopened->find_patient_by_name("Alex Example").has_value());
}

TEST_P(MigrationsTest, DatabaseFromAFutureVersionIsRefusedUntouched) {
  open_repository(store_->url());
  store_->execute("INSERT INTO schema_migrations VALUES (2, '2030-01-01T00:00:00Z')");
  const std::string before = store_->dump();

  expect_storage_error([&] { open_repository(store_->url()); },
                       "has schema version 2, but this OpenBFR knows versions up to 1");
  EXPECT_EQ(store_->dump(), before);
}

TEST_P(MigrationsTest, LaterStepIsAppliedOnceOnTopOfVersionOne) {
  open_repository(store_->url())->add_patient(sample_patient());
  const std::array steps{schema_migrations()[0], kRemindersStep};
  store_->apply_migrations(steps);
  EXPECT_EQ(store_->schema_version(), 2);
  EXPECT_EQ(store_->count_rows("reminders"), 0);
  EXPECT_EQ(store_->count_rows("patients"), 1);

  store_->apply_migrations(steps);  // nothing left to do
  EXPECT_EQ(store_->count_rows("schema_migrations"), 2);

  // This build only knows version 1, so it must now refuse the database.
  expect_storage_error([&] { open_repository(store_->url()); }, "has schema version 2");
}

TEST_P(MigrationsTest, FailingStepLeavesThePreviousVersionIntact) {
  open_repository(store_->url());
  constexpr std::string_view kHalfBroken =
      "CREATE TABLE reminders (id INTEGER PRIMARY KEY);"
      "CREATE TABLE patients (id INTEGER PRIMARY KEY);";
  const std::array steps{schema_migrations()[0],
                         Migration{2, "test: half-broken", kHalfBroken, kHalfBroken}};
  const std::string before = store_->dump();
  expect_storage_error([&] { store_->apply_migrations(steps); },
                       "schema migration to version 2 failed");
  EXPECT_EQ(store_->schema_version(), 1);
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

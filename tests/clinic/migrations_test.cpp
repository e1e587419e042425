// Schema versions: fresh databases, reopening, future versions, and how a
// later step is appended.

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "clinic/migrations.hpp"
#include "clinic/sqlite_handle.hpp"
#include "clinic/timestamp.hpp"
#include "clinic_test_support.hpp"

namespace bfr::clinic::testing {
namespace {

class MigrationsTest : public ::testing::Test {
 protected:
  std::filesystem::path database_file() const { return directory_.path() / "clinic.db"; }

  TempDir directory_;
};

std::vector<std::string> table_names(sqlite::Database& database) {
  sqlite::Statement list(database,
                         "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  std::vector<std::string> names;
  while (list.step()) names.push_back(list.text(0));
  return names;
}

TEST_F(MigrationsTest, StepsCountUpFromOne) {
  const std::span<const Migration> steps = schema_migrations();
  ASSERT_FALSE(steps.empty());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    EXPECT_EQ(steps[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(steps[i].description.empty());
  }
  EXPECT_EQ(latest_schema_version(), 1);
}

TEST_F(MigrationsTest, FreshDatabaseGetsVersionOneWithAllTables) {
  open_repository(database_file().string());

  sqlite::Database raw(database_file().string());
  EXPECT_EQ(schema_version(raw), 1);
  EXPECT_EQ(table_names(raw),
            (std::vector<std::string>{"limbs", "lop_measurements", "patients", "schema_migrations",
                                      "session_events", "session_sets", "sessions", "trace_samples",
                                      "traces"}));
  sqlite::Statement applied(raw, "SELECT version, applied_at FROM schema_migrations");
  ASSERT_TRUE(applied.step());
  EXPECT_EQ(applied.int64(0), 1);
  EXPECT_TRUE(is_utc_timestamp(applied.text(1))) << applied.text(1);
  EXPECT_FALSE(applied.step());
}

TEST_F(MigrationsTest, ReopeningDoesNotApplyAgain) {
  open_repository(database_file().string())->add_patient(sample_patient());
  const std::string before = dump_database(database_file());

  // A re-run of step 1 would fail on CREATE TABLE; the data and the single
  // schema_migrations row (with its original applied_at) stay as they were.
  const std::unique_ptr<Repository> reopened = open_repository(database_file().string());
  EXPECT_EQ(dump_database(database_file()), before);
  EXPECT_EQ(count_rows(database_file(), "schema_migrations"), 1);
  EXPECT_TRUE(reopened->find_patient_by_name("Alex Example").has_value());
}

TEST_F(MigrationsTest, DatabaseFromAFutureVersionIsRefusedUntouched) {
  open_repository(database_file().string());
  {
    sqlite::Database raw(database_file().string());
    raw.execute("INSERT INTO schema_migrations VALUES (2, '2030-01-01T00:00:00Z')");
  }
  const std::string before = dump_database(database_file());

  expect_storage_error([&] { open_repository(database_file().string()); },
                       "has schema version 2, but this OpenBFR knows versions up to 1");
  EXPECT_EQ(dump_database(database_file()), before);
}

TEST_F(MigrationsTest, LaterStepIsAppliedOnceOnTopOfVersionOne) {
  open_repository(database_file().string())->add_patient(sample_patient());
  const std::array steps{
      schema_migrations()[0],
      Migration{2, "test: reminders", "CREATE TABLE reminders (id INTEGER PRIMARY KEY) STRICT;"},
  };
  sqlite::Database raw(database_file().string());
  apply_migrations(raw, steps);
  EXPECT_EQ(schema_version(raw), 2);
  EXPECT_EQ(count_rows(database_file(), "reminders"), 0);
  EXPECT_EQ(count_rows(database_file(), "patients"), 1);

  apply_migrations(raw, steps);  // nothing left to do
  EXPECT_EQ(count_rows(database_file(), "schema_migrations"), 2);

  // This build only knows version 1, so it must now refuse the file.
  expect_storage_error([&] { open_repository(database_file().string()); }, "has schema version 2");
}

TEST_F(MigrationsTest, FailingStepLeavesThePreviousVersionIntact) {
  open_repository(database_file().string());
  const std::array steps{
      schema_migrations()[0],
      Migration{2, "test: half-broken",
                "CREATE TABLE reminders (id INTEGER PRIMARY KEY);"
                "CREATE TABLE patients (id INTEGER PRIMARY KEY);"},
  };
  sqlite::Database raw(database_file().string());
  const std::string before = dump_database(database_file());
  expect_storage_error([&] { apply_migrations(raw, steps); },
                       "schema migration to version 2 failed");
  EXPECT_EQ(schema_version(raw), 1);
  EXPECT_EQ(dump_database(database_file()), before);
  for (const std::string& name : table_names(raw)) EXPECT_NE(name, "reminders");
}

TEST_F(MigrationsTest, StepsOutOfOrderAreRejected) {
  sqlite::Database raw(database_file().string());
  const std::array steps{Migration{2, "two", "SELECT 1;"}, Migration{1, "one", "SELECT 1;"}};
  expect_storage_error([&] { apply_migrations(raw, steps); }, "must be 1, 2, 3");
  EXPECT_EQ(schema_version(raw), 0);
}

}  // namespace
}  // namespace bfr::clinic::testing

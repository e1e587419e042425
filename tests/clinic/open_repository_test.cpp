// Opening SQLite by URL or path, the default location, and connection
// settings. PostgreSQL's are in postgres_repository_test.cpp.

#include <gtest/gtest.h>

#include <fstream>

#include "clinic/sqlite_handle.hpp"
#include "clinic/sqlite_repository.hpp"
#include "clinic_test_support.hpp"

namespace bfr::clinic::testing {
namespace {

class OpenRepositoryTest : public ::testing::Test {
 protected:
  TempDir directory_;
};

TEST_F(OpenRepositoryTest, SqliteUrlWithAbsolutePathCreatesMissingDirectories) {
  const std::filesystem::path file = directory_.path() / "a" / "b" / "clinic.db";
  const std::unique_ptr<Repository> repository = open_repository("sqlite://" + file.string());
  EXPECT_EQ(repository->location(), file.string());
  EXPECT_TRUE(std::filesystem::is_regular_file(file));
  const std::int64_t id = repository->add_patient(sample_patient());
  EXPECT_EQ(open_repository(file.string())->get_patient(id)->display_name, "Alex Example");
}

TEST_F(OpenRepositoryTest, PlainPathWorks) {
  const std::filesystem::path file = directory_.path() / "plain.db";
  EXPECT_EQ(open_repository(file.string())->location(), file.string());
  EXPECT_TRUE(std::filesystem::is_regular_file(file));
}

TEST_F(OpenRepositoryTest, RelativePathsAreRelativeToTheWorkingDirectory) {
  const std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(directory_.path());
  const std::string url_location = open_repository("sqlite://data/url.db")->location();
  const std::string plain_location = open_repository("plain.db")->location();
  std::filesystem::current_path(previous);

  EXPECT_EQ(url_location, (directory_.path() / "data" / "url.db").string());
  EXPECT_EQ(plain_location, (directory_.path() / "plain.db").string());
  EXPECT_TRUE(std::filesystem::is_regular_file(directory_.path() / "data" / "url.db"));
}

TEST_F(OpenRepositoryTest, OtherSchemesAreNotSupported) {
  expect_storage_error([] { open_repository("mysql://localhost/openbfr"); },
                       "database URL scheme 'mysql' is not supported; use sqlite:///path/to.db, "
                       "postgresql://user@host/database or a file path");
  expect_storage_error([] { open_existing_repository("mysql://localhost/openbfr"); },
                       "scheme 'mysql' is not supported");
  expect_storage_error([] { open_repository(""); }, "no database URL or path given");
  expect_storage_error([] { open_repository("sqlite://"); }, "no database file named in");
  EXPECT_TRUE(std::filesystem::is_empty(directory_.path()));
}

TEST_F(OpenRepositoryTest, FileThatIsNotADatabaseIsReported) {
  const std::filesystem::path file = directory_.path() / "notes.txt";
  std::ofstream(file) << std::string(4096, 'x');
  expect_storage_error([&] { open_repository(file.string()); }, "file is not a database");
}

TEST_F(OpenRepositoryTest, DatabaseUsesWriteAheadLogging) {
  const std::filesystem::path file = directory_.path() / "clinic.db";
  const std::unique_ptr<Repository> repository = open_repository(file.string());
  sqlite::Database raw(file.string());
  sqlite::Statement journal_mode(raw, "PRAGMA journal_mode");
  ASSERT_TRUE(journal_mode.step());
  EXPECT_EQ(journal_mode.text(0), "wal");
}

TEST_F(OpenRepositoryTest, RepositoryCanBeConstructedDirectly) {
  const std::filesystem::path file = directory_.path() / "direct.db";
  SqliteRepository repository(file);
  EXPECT_EQ(repository.location(), file.string());
  EXPECT_GT(repository.add_patient(sample_patient()), 0);
}

TEST(DefaultDatabasePathTest, PrefersXdgDataHome) {
  const ScopedEnvironment xdg("XDG_DATA_HOME", "/srv/data");
  const ScopedEnvironment home("HOME", "/home/clinician");
  EXPECT_EQ(default_database_path(), "/srv/data/openbfr/openbfr.db");
}

TEST(DefaultDatabasePathTest, FallsBackToHomeWhenXdgIsUnsetOrEmpty) {
  const ScopedEnvironment home("HOME", "/home/clinician");
  {
    const ScopedEnvironment xdg("XDG_DATA_HOME", std::nullopt);
    EXPECT_EQ(default_database_path(), "/home/clinician/.local/share/openbfr/openbfr.db");
  }
  {
    const ScopedEnvironment xdg("XDG_DATA_HOME", "");
    EXPECT_EQ(default_database_path(), "/home/clinician/.local/share/openbfr/openbfr.db");
  }
}

TEST(DefaultDatabasePathTest, IgnoresARelativeXdgDataHome) {
  // The XDG base directory spec says relative paths are invalid there.
  const ScopedEnvironment xdg("XDG_DATA_HOME", "relative/data");
  const ScopedEnvironment home("HOME", "/home/clinician");
  EXPECT_EQ(default_database_path(), "/home/clinician/.local/share/openbfr/openbfr.db");
}

TEST(DefaultDatabasePathTest, FailsWithoutXdgDataHomeAndHome) {
  const ScopedEnvironment xdg("XDG_DATA_HOME", std::nullopt);
  const ScopedEnvironment home("HOME", std::nullopt);
  expect_storage_error([] { default_database_path(); }, "neither XDG_DATA_HOME nor HOME is set");
}

}  // namespace
}  // namespace bfr::clinic::testing

// What only the PostgreSQL backend has: URLs with passwords, servers that are
// not there, and databases without OpenBFR's schema. Everything else runs on
// both backends through RepositoryTest and MigrationsTest.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clinic/postgres_handle.hpp"
#include "clinic/postgres_repository.hpp"
#include "clinic_test_support.hpp"

namespace bfr::clinic::testing {
namespace {

TEST(PostgresUrlTest, PasswordsAreLeftOut) {
  using postgres::without_password;
  EXPECT_EQ(without_password("postgresql://clinic:s3cret@db.example:5432/openbfr"),
            "postgresql://clinic@db.example:5432/openbfr");
  EXPECT_EQ(without_password("postgres://clinic@db.example/openbfr?sslmode=require&password=s3cret"
                             "&connect_timeout=5"),
            "postgres://clinic@db.example/openbfr?sslmode=require&connect_timeout=5");
  EXPECT_EQ(without_password("postgresql://db.example/openbfr?password=s3cret"),
            "postgresql://db.example/openbfr");
  EXPECT_EQ(without_password("postgresql://clinic:s3cret@[::1]:5432"),
            "postgresql://clinic@[::1]:5432");
  EXPECT_EQ(without_password("postgresql://clinic@db.example/openbfr?application_name=bfr"),
            "postgresql://clinic@db.example/openbfr?application_name=bfr");
}

TEST(PostgresUrlTest, UnreachableServerIsReportedWithoutThePassword) {
  // Nothing listens on port 1, so the connection is refused at once.
  const std::string message = expect_storage_error(
      [] { open_repository("postgresql://clinic:s3cret@127.0.0.1:1/openbfr?connect_timeout=5"); },
      "cannot connect to database postgresql://clinic@127.0.0.1:1/openbfr?connect_timeout=5: ");
  EXPECT_THAT(message, ::testing::Not(::testing::HasSubstr("s3cret")));
  expect_storage_error([] { open_existing_repository("postgres://127.0.0.1:1/openbfr"); },
                       "cannot connect to database postgres://127.0.0.1:1/openbfr");
}

// A fresh, empty database on the test server.
class PostgresStoreTest : public StoreTest {};

INSTANTIATE_TEST_SUITE_P(Backend, PostgresStoreTest, ::testing::Values(postgres_backend()),
                         backend_name);

TEST_P(PostgresStoreTest, BothSchemesOpenTheSameDatabase) {
  const std::string url = store_->url();
  ASSERT_TRUE(url.starts_with("postgresql://")) << url;
  const std::string short_url = "postgres://" + url.substr(std::string("postgresql://").size());

  const std::int64_t id = open_repository(url)->add_patient(sample_patient());
  const std::unique_ptr<Repository> reopened = open_existing_repository(short_url);
  EXPECT_EQ(reopened->location(), short_url);
  EXPECT_EQ(reopened->get_patient(id)->display_name, "Alex Example");
}

TEST_P(PostgresStoreTest, LocationLeavesOutThePassword) {
  // The test server trusts loopback connections and ignores the password.
  const std::string url = store_->url();
  const std::string with_password =
      url + (url.find('?') == std::string::npos ? "?" : "&") + "password=s3cret";
  EXPECT_EQ(open_repository(with_password)->location(), url);
  EXPECT_EQ(PostgresRepository(url).location(), url);
}

TEST_P(PostgresStoreTest, OpenExistingNeedsOpenBfrsSchema) {
  expect_storage_error(
      [&] { open_existing_repository(store_->url()); },
      "no OpenBFR database at " + store_->url() + ": it has no schema_migrations table");
  EXPECT_TRUE(store_->table_names().empty());

  open_repository(store_->url())->add_patient(sample_patient());
  EXPECT_TRUE(
      open_existing_repository(store_->url())->find_patient_by_name("Alex Example").has_value());
}

TEST_P(PostgresStoreTest, MissingDatabaseIsReported) {
  const std::string missing = postgres_url_with_database(store_->url(), "openbfr_no_such_database");
  expect_storage_error([&] { open_existing_repository(missing); },
                       "database \"openbfr_no_such_database\" does not exist");
  expect_storage_error([&] { open_repository(missing); }, "cannot connect to database " + missing);
}

}  // namespace
}  // namespace bfr::clinic::testing

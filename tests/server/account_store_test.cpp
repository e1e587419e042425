// The account store on SQLite, and on PostgreSQL when OPENBFR_TEST_POSTGRES_URL
// names a server (a fresh database per test, dropped afterwards).

#include "server/account_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>

#include "clinic/postgres_handle.hpp"
#include "clinic/repository.hpp"
#include "clinic/sqlite_handle.hpp"

namespace bfr::server {
namespace {

// A store of one backend with the clinic tables beside it, as `bfr serve` opens it.
class StoreUnderTest {
 public:
  virtual ~StoreUnderTest() = default;
  virtual std::string url() const = 0;
  std::unique_ptr<AccountStore> open() {
    const auto repository = clinic::open_repository(url());
    return open_account_store(url(), repository->location());
  }
};

class SqliteStore final : public StoreUnderTest {
 public:
  SqliteStore() {
    std::random_device entropy;
    directory_ = std::filesystem::temp_directory_path() /
                 ("openbfr_accounts_" + std::to_string(entropy()) + std::to_string(entropy()));
    std::filesystem::create_directories(directory_);
  }
  ~SqliteStore() override {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
  std::string url() const override { return "sqlite://" + (directory_ / "c.db").string(); }

 private:
  std::filesystem::path directory_;
};

class PostgresStore final : public StoreUnderTest {
 public:
  explicit PostgresStore(std::string server) : server_(std::move(server)) {
    std::random_device entropy;
    database_ = "openbfr_server_test_" + std::to_string(getpid()) + "_" + std::to_string(entropy());
    clinic::postgres::Connection(server_).execute("CREATE DATABASE " + database_);
  }
  ~PostgresStore() override {
    try {
      clinic::postgres::Connection(server_).execute("DROP DATABASE IF EXISTS " + database_ +
                                                    " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }
  // The server URL with its database path replaced.
  std::string url() const override {
    const std::size_t scheme = server_.find("://");
    const std::size_t slash = server_.find('/', scheme + 3);
    const std::size_t query = server_.find('?', scheme + 3);
    const std::string base = server_.substr(0, std::min(slash, query));
    return base + "/" + database_ + (query == std::string::npos ? "" : server_.substr(query));
  }

 private:
  std::string server_;
  std::string database_;
};

class AccountStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      store_ = std::make_unique<SqliteStore>();
      return;
    }
    const char* server = std::getenv("OPENBFR_TEST_POSTGRES_URL");
    if (server == nullptr || *server == '\0') {
      const char* required = std::getenv("OPENBFR_REQUIRE_POSTGRES");
      if (required != nullptr && std::string(required) == "1") {
        FAIL() << "OPENBFR_REQUIRE_POSTGRES=1 but OPENBFR_TEST_POSTGRES_URL is not set";
      }
      GTEST_SKIP() << "OPENBFR_TEST_POSTGRES_URL not set";
    }
    store_ = std::make_unique<PostgresStore>(server);
  }
  std::unique_ptr<StoreUnderTest> store_;
};

TEST_P(AccountStoreTest, AccountsAreStoredOnceByName) {
  auto accounts = store_->open();
  EXPECT_EQ(accounts->account_count(), 0);
  const std::int64_t id = accounts->add_account(Account{0, "ann", Role::kAdmin, "$hash", 100});
  EXPECT_THROW(accounts->add_account(Account{0, "ann", Role::kClinician, "$h2", 101}),
               AccountError);
  EXPECT_EQ(accounts->account_count(), 1);
  const auto found = accounts->find_account("ann");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->role, Role::kAdmin);
  EXPECT_EQ(found->password_hash, "$hash");
  EXPECT_FALSE(accounts->find_account("Ann"));
  accounts->set_password_hash(id, "$new");
  EXPECT_EQ(accounts->get_account(id)->password_hash, "$new");
}

TEST_P(AccountStoreTest, SessionsExpireByIdleAndAbsoluteTime) {
  auto accounts = store_->open();
  const std::int64_t id = accounts->add_account(Account{0, "ann", Role::kClinician, "$h", 0});
  accounts->add_session(SessionRow{"a", id, "csrf-a", 100, 100});
  accounts->add_session(SessionRow{"b", id, "csrf-b", 100, 100});
  accounts->add_session(SessionRow{"c", id, "csrf-c", 500, 500});
  accounts->touch_session("b", 300);
  accounts->remove_expired_sessions(200, 50);  // idle before 200: a goes
  EXPECT_FALSE(accounts->find_session("a"));
  ASSERT_TRUE(accounts->find_session("b"));
  EXPECT_EQ(accounts->find_session("b")->csrf_token, "csrf-b");
  accounts->remove_expired_sessions(0, 400);  // created before 400: b goes
  EXPECT_FALSE(accounts->find_session("b"));
  EXPECT_TRUE(accounts->find_session("c"));
  accounts->remove_session("c");
  EXPECT_FALSE(accounts->find_session("c"));
}

TEST_P(AccountStoreTest, TheAuditLogReadsNewestFirst) {
  auto accounts = store_->open();
  for (int i = 0; i < 5; ++i) {
    accounts->add_audit(
        AuditEntry{0, 10 + i, "ann", "127.0.0.1", "act" + std::to_string(i), "patient 1", "d"});
  }
  const auto recent = accounts->recent_audit(3);
  ASSERT_EQ(recent.size(), 3U);
  EXPECT_EQ(recent[0].action, "act4");
  EXPECT_EQ(recent[2].action, "act2");
  EXPECT_EQ(recent[0].at, 14);
}

TEST_P(AccountStoreTest, ReopeningKeepsTheRowsAndTheSchemaVersion) {
  { store_->open()->add_account(Account{0, "ann", Role::kClinician, "$h", 0}); }
  auto again = store_->open();
  EXPECT_EQ(again->account_count(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& test) {
                           return test.param;
                         });

TEST(AccountStoreSqliteTest, ANewerSchemaIsRefused) {
  SqliteStore store;
  { store.open(); }
  const std::string path = store.url().substr(std::string("sqlite://").size());
  {
    clinic::sqlite::Database database(path);
    database.execute("INSERT INTO server_schema_version (version) VALUES (99)");
  }
  EXPECT_THROW(store.open(), AccountError);
}

}  // namespace
}  // namespace bfr::server

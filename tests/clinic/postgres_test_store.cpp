// The PostgreSQL test store: a database of its own, created for one test on
// the server named by OPENBFR_TEST_POSTGRES_URL and dropped afterwards, so
// tests can run in parallel and again without seeing each other's rows.

#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clinic/postgres_handle.hpp"
#include "clinic/postgres_migrations.hpp"
#include "test_store.hpp"

namespace bfr::clinic::testing {

namespace {

constexpr const char* kServerVariable = "OPENBFR_TEST_POSTGRES_URL";
constexpr const char* kRequireVariable = "OPENBFR_REQUIRE_POSTGRES";

// Unique across the processes that ctest runs side by side (the pid) and
// across leftovers of a crashed run (the random part).
std::string unique_database_name() {
  static std::atomic<int> counter{0};
  std::random_device entropy;
  const unsigned long random = (static_cast<unsigned long>(entropy()) << 32U) | entropy();
  return "openbfr_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
         std::to_string(random);
}

class PostgresTestStore final : public TestStore {
 public:
  explicit PostgresTestStore(std::string server_url)
      : server_url_(std::move(server_url)),
        database_(unique_database_name()),
        url_(postgres_url_with_database(server_url_, database_)) {
    postgres::Connection server(server_url_);
    server.execute("CREATE DATABASE " + database_);
  }

  ~PostgresTestStore() override {
    raw_.reset();
    try {
      postgres::Connection server(server_url_);
      // FORCE ends connections a failed test may have left open.
      server.execute("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    } catch (const std::exception& error) {
      std::cerr << "could not drop test database " << database_ << ": " << error.what() << '\n';
    }
  }

  PostgresTestStore(const PostgresTestStore&) = delete;
  PostgresTestStore& operator=(const PostgresTestStore&) = delete;

  std::string url() const override { return url_; }

  void execute(const std::string& sql) override { raw().execute(sql); }

  std::vector<std::vector<std::string>> select(const std::string& sql) override {
    std::vector<std::vector<std::string>> rows;
    for (const postgres::Row& result : raw().query(sql)) {
      std::vector<std::string>& row = rows.emplace_back();
      for (int column = 0; column < result.column_count(); ++column) {
        row.push_back(result.is_null(column) ? "NULL" : result.text(column));
      }
    }
    return rows;
  }

  std::vector<std::string> table_names() override {
    std::vector<std::string> names;
    for (const std::vector<std::string>& row :
         select("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename COLLATE \"C\"")) {
      names.push_back(row.at(0));
    }
    return names;
  }

  int schema_version() override { return clinic::schema_version(raw()); }

  void apply_migrations(std::span<const Migration> steps) override {
    clinic::apply_migrations(raw(), steps);
  }

  std::string refusal(Refusal kind) const override {
    switch (kind) {
      case Refusal::kCheck:
        return "violates check constraint";
      case Refusal::kForeignKey:
        return "violates foreign key constraint";
      case Refusal::kWrongType:
        return "invalid input syntax for type double precision";
    }
    return "unknown refusal";
  }

 private:
  // One connection for all raw access, opened on first use: a connection
  // costs tens of milliseconds, and a dump makes a query per table. Its
  // statements run outside transactions, so a failed one leaves it usable.
  postgres::Connection& raw() {
    if (raw_ == nullptr) raw_ = std::make_unique<postgres::Connection>(url_);
    return *raw_;
  }

  std::string server_url_;
  std::string database_;
  std::string url_;
  std::unique_ptr<postgres::Connection> raw_;
};

std::unique_ptr<TestStore> make_postgres_store() {
  const char* server_url = std::getenv(kServerVariable);
  if (server_url == nullptr || *server_url == '\0') {
    const char* require = std::getenv(kRequireVariable);
    const bool required = require != nullptr && std::string_view(require) == "1";
    throw BackendUnavailable(
        std::string(kServerVariable) +
            " is not set, so there is no PostgreSQL server to test against. Start one with "
            "`scripts/postgres-test-server.sh start` and set the variable to the URL it prints" +
            (required ? std::string(" (") + kRequireVariable + "=1 makes this a failure)" : ""),
        required);
  }
  return std::make_unique<PostgresTestStore>(server_url);
}

}  // namespace

std::string postgres_url_with_database(const std::string& url, const std::string& database) {
  // postgresql://[userinfo@]host[:port][/database][?parameters]
  const std::size_t scheme_end = url.find("://");
  const std::size_t authority_begin = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  std::size_t path_begin = url.find_first_of("/?", authority_begin);
  if (path_begin == std::string::npos) path_begin = url.size();
  std::size_t query_begin = url.find('?', path_begin);
  if (query_begin == std::string::npos) query_begin = url.size();
  return url.substr(0, path_begin) + "/" + database + url.substr(query_begin);
}

Backend postgres_backend() {
  return Backend{.name = "postgresql", .make_store = make_postgres_store};
}

}  // namespace bfr::clinic::testing

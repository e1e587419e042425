#pragma once
// The store behind one storage test, for each backend: where it lives, and
// raw access past the repository, to check what really landed and to write
// what the repository would refuse. Fixtures derived from StoreTest and
// instantiated over all_backends() run the same test bodies on SQLite (in a
// temporary directory) and on PostgreSQL (a fresh database per test on the
// server named by OPENBFR_TEST_POSTGRES_URL).

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "clinic/migrations.hpp"

namespace bfr::clinic::testing {

// The ways the schema itself refuses a write.
enum class Refusal { kCheck, kForeignKey, kWrongType };

class TestStore {
 public:
  virtual ~TestStore() = default;

  // What to pass to open_repository().
  virtual std::string url() const = 0;
  // Runs SQL on a connection of its own; errors are StorageErrors carrying
  // the backend's message. Foreign keys are enforced, as in the repository.
  virtual void execute(const std::string& sql) = 0;
  // The rows of a query, each field as text ("NULL" for NULL).
  virtual std::vector<std::vector<std::string>> select(const std::string& sql) = 0;
  // Every table, sorted by name.
  virtual std::vector<std::string> table_names() = 0;
  // The backend's migration runner, on a connection of its own.
  virtual int schema_version() = 0;
  virtual void apply_migrations(std::span<const Migration> steps) = 0;
  // Part of the backend's message when the schema refuses a write.
  virtual std::string refusal(Refusal kind) const = 0;

  // Every row of every table, as text in a stable order: equal dumps mean
  // equal database contents.
  std::string dump();
  std::int64_t count_rows(const std::string& table);
};

// The backend cannot be tested here (no server configured). `required` says
// whether that is a failure rather than a reason to skip.
class BackendUnavailable : public std::runtime_error {
 public:
  BackendUnavailable(const std::string& reason, bool required)
      : std::runtime_error(reason), required_(required) {}
  bool required() const { return required_; }

 private:
  bool required_;
};

struct Backend {
  std::string name;  // "sqlite" or "postgresql": the last part of the test names
  // A fresh, empty store; raises BackendUnavailable when there can be none.
  std::function<std::unique_ptr<TestStore>()> make_store;
};

// Prints the name rather than the bytes when a parameterised test fails.
void PrintTo(const Backend& backend, std::ostream* out);
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

Backend sqlite_backend();    // in sqlite_test_store.cpp
Backend postgres_backend();  // in postgres_test_store.cpp
std::vector<Backend> all_backends();

// `url` (postgresql://...) naming database `database` on the same server.
std::string postgres_url_with_database(const std::string& url, const std::string& database);

// A fresh store of the backend under test. When the backend is unavailable
// the test is skipped, or fails if the backend is required.
class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;

  std::unique_ptr<TestStore> store_;
};

}  // namespace bfr::clinic::testing

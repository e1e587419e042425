#pragma once
// Shared helpers for the clinic tests: a temporary directory per test, valid
// sample records, and raw looks into the database file that bypass the
// repository (to check what really landed on disk).

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "clinic/records.hpp"
#include "clinic/repository.hpp"

namespace bfr::clinic::testing {

// A fresh directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Sets (or, with nullopt, unsets) an environment variable for one scope.
class ScopedEnvironment {
 public:
  ScopedEnvironment(std::string name, const std::optional<std::string>& value);
  ~ScopedEnvironment();
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  std::string name_;
  std::optional<std::string> previous_;
};

// Valid records; tests change one field at a time.
Patient sample_patient(const std::string& display_name = "Alex Example");
Limb sample_limb(std::int64_t patient_id);
LopMeasurement sample_lop_measurement(std::int64_t limb_id);
SessionRecord sample_session(std::int64_t patient_id, std::int64_t limb_id);
SetRecord sample_set(std::int64_t session_id, int set_index);

// Every row of every table, as text in a stable order: equal dumps mean equal
// database contents.
std::string dump_database(const std::filesystem::path& database_file);
std::int64_t count_rows(const std::filesystem::path& database_file, const std::string& table);

// Runs `action`, expects a StorageError whose message contains `expected`,
// and returns the message.
std::string expect_storage_error(const std::function<void()>& action, const std::string& expected);

// A repository in a fresh temporary directory, with one patient and one limb.
class RepositoryTest : public ::testing::Test {
 protected:
  RepositoryTest();

  std::string dump() const { return dump_database(database_file_); }
  std::int64_t rows(const std::string& table) const { return count_rows(database_file_, table); }

  TempDir directory_;
  std::filesystem::path database_file_;
  std::unique_ptr<Repository> repository_;
  std::int64_t patient_id_ = 0;
  std::int64_t limb_id_ = 0;
};

}  // namespace bfr::clinic::testing

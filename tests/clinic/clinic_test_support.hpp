#pragma once
// Shared helpers for the clinic tests: a temporary directory per test, valid
// sample records, and the repository fixture that runs on every backend (see
// test_store.hpp for the raw looks past the repository).

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "clinic/records.hpp"
#include "clinic/repository.hpp"
#include "test_store.hpp"

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

// Runs `action`, expects a StorageError whose message contains `expected`,
// and returns the message.
std::string expect_storage_error(const std::function<void()>& action, const std::string& expected);

// A repository on a fresh store of the backend under test, with one patient
// and one limb. Instantiated over all_backends() in clinic_test_support.cpp.
class RepositoryTest : public StoreTest {
 protected:
  void SetUp() override;

  std::string dump() const { return store_->dump(); }
  std::int64_t rows(const std::string& table) const { return store_->count_rows(table); }

  // Declared after the store (in StoreTest), so it closes before the store
  // goes away.
  std::unique_ptr<Repository> repository_;
  std::int64_t patient_id_ = 0;
  std::int64_t limb_id_ = 0;
};

}  // namespace bfr::clinic::testing

#pragma once
// The clinic commands through the real `bfr` binary on a fresh store of the
// backend under test: run a command with --db, read its JSON, add a patient.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clinic_test_support.hpp"
#include "tests/cli/command_runner.hpp"

namespace bfr::clinic::testing {

class ClinicCliTest : public StoreTest {
 protected:
  // Runs bfr with --db; a failure names the command when the exit code is
  // not `expected`.
  bfr::testing::CommandResult bfr(std::vector<std::string> args, int expected = 0);
  // Runs bfr with --db and --json, expecting exit 0, and parses stdout.
  nlohmann::json json(std::vector<std::string> args);
  // A patient born 1982 with a right thigh of 54 cm; returns the id.
  std::string add_patient(const std::string& name);
  // `program show NAME --json` (no database).
  static nlohmann::json template_json(const std::string& name);
};

// "2025-03-DDTHH:00:00Z" for day `day` after Monday 2025-03-03 (within March).
std::string march_2025(int day, int hour);

}  // namespace bfr::clinic::testing

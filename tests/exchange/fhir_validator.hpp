#pragma once
// The real FHIR validator (tools/fhir-validate: node with @medplum/core) run
// on a Bundle, for every test that produces one.

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

namespace bfr::testing {

struct Validation {
  int exit_code = -1;
  std::string output;
};

// The validator must be installed: a missing one fails the test (with what to
// do) rather than skipping it, so that CI cannot pass without validating.
::testing::AssertionResult fhir_validator_installed();

// Runs `validate.mjs --quiet` on the Bundle: exit 0 valid, 1 invalid.
Validation validate_fhir(const nlohmann::json& bundle);

}  // namespace bfr::testing

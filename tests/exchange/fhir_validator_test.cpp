// Every generated Bundle is checked by a real FHIR validator:
// tools/fhir-validate (node, @medplum/core validateResource against the R4
// definitions and the vital-signs profiles). Broken resources must be
// rejected too, or a validator that accepts everything would pass.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "exchange/fhir_bundle.hpp"
#include "tests/cli/command_runner.hpp"
#include "tests/exchange/sample_records.hpp"

namespace bfr::exchange {
namespace {

using nlohmann::json;

const std::filesystem::path kToolDir = OPENBFR_FHIR_VALIDATE_DIR;

struct Validation {
  int exit_code = -1;
  std::string output;
};

// The validator must be installed: a missing one fails the test (with what to
// do) rather than skipping it, so that CI cannot pass without validating.
::testing::AssertionResult validator_installed() {
  if (std::system("command -v node >/dev/null 2>&1") != 0) {
    return ::testing::AssertionFailure() << "node is not on PATH: install Node.js 20.19 or later";
  }
  if (!std::filesystem::exists(kToolDir / "node_modules" / "@medplum" / "core") ||
      !std::filesystem::exists(kToolDir / "node_modules" / "@medplum" / "definitions")) {
    return ::testing::AssertionFailure()
           << "the FHIR validator is not installed: run `npm ci --prefix tools/fhir-validate`";
  }
  return ::testing::AssertionSuccess();
}

Validation validate(const json& bundle) {
  testing::TempDir dir;
  const auto file = dir.path() / "bundle.json";
  std::ofstream(file) << bundle.dump(2);
  const std::string command =
      "node '" + (kToolDir / "validate.mjs").string() + "' --quiet '" + file.string() + "' 2>&1";
  Validation v;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return v;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    v.output.append(buffer, n);
  const int status = pclose(pipe);
  v.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return v;
}

FhirExportInput full_input() {
  FhirExportInput in;
  in.patient = bfr::testing::sample_patient();
  in.limbs = {bfr::testing::sample_limb()};
  in.sessions = {bfr::testing::sample_session()};
  // A second session: stopped early, after a failed LOP measurement whose
  // value was then estimated.
  auto second = bfr::testing::sample_session();
  second.session.id = 32;
  second.session.started_at = "2025-07-28T07:00:00Z";
  second.session.ended_at = "2025-07-28T07:10:00Z";
  second.session.stop_reason = "alarm: leak";
  second.sets.resize(2);
  second.lop->id = 22;
  second.lop->lop_mmhg.reset();
  second.lop->abort_reason = "motion";
  second.lop->heart_rate_bpm.reset();
  second.lop->sim_true_lop_mmhg = 190.25;
  in.sessions.push_back(second);
  auto third = bfr::testing::sample_session();
  third.session.id = 33;
  third.session.started_at = "2025-07-30T07:00:00Z";
  third.session.ended_at.clear();  // still running
  third.lop->id = 23;
  third.lop->method = clinic::LopMethod::kEstimated;
  in.sessions.push_back(third);

  ScreeningExport s;
  s.answers = bfr::testing::sample_answers();
  s.answered_at = bfr::testing::sample_screening_time();
  s.verdict = clinic::evaluate_screening(s.answers, s.answered_at).value;
  in.screening = s;
  return in;
}

TEST(FhirValidator, PatientBundleWithEverythingIsValid) {
  ASSERT_TRUE(validator_installed());
  const Validation v = validate(fhir_bundle(full_input(), BundleScope::kPatient));
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_NE(v.output.find("valid: "), std::string::npos) << v.output;
}

TEST(FhirValidator, SessionBundleIsValid) {
  ASSERT_TRUE(validator_installed());
  FhirExportInput in;
  in.patient = bfr::testing::sample_patient();
  in.sessions = {bfr::testing::sample_session()};
  const Validation v = validate(fhir_bundle(in, BundleScope::kSession));
  EXPECT_EQ(v.exit_code, 0) << v.output;
}

// The negative tests: a resource broken in ways a real validator must catch.
TEST(FhirValidator, RejectsBrokenResources) {
  ASSERT_TRUE(validator_installed());
  json bundle = fhir_bundle(full_input(), BundleScope::kPatient);
  json* bp = nullptr;
  json* lop = nullptr;
  for (auto& e : bundle["entry"]) {
    json& r = e["resource"];
    if (r["resourceType"] != "Observation") continue;
    if (r["code"]["coding"][0]["code"] == "85354-9") bp = &r;
    if (r["code"]["coding"][0]["code"] == "lop") lop = &r;
  }
  ASSERT_NE(bp, nullptr);
  ASSERT_NE(lop, nullptr);
  (*bp)["component"].erase(1);                 // the bp profile needs a diastolic component
  lop->erase("status");                        // status is required on every Observation
  (*lop)["valueQuantity"]["value"] = "186.5";  // a string where a number belongs

  const Validation v = validate(bundle);
  EXPECT_EQ(v.exit_code, 1) << v.output;
  EXPECT_NE(v.output.find("DiastolicBP"), std::string::npos) << v.output;
  EXPECT_NE(v.output.find("status"), std::string::npos) << v.output;
  EXPECT_NE(v.output.find("INVALID"), std::string::npos) << v.output;
}

TEST(FhirValidator, RejectsMalformedDatesAndUnknownElements) {
  ASSERT_TRUE(validator_installed());
  FhirExportInput in;
  in.patient = bfr::testing::sample_patient();
  json bundle = fhir_bundle(in, BundleScope::kPatient);
  json& patient = bundle["entry"][0]["resource"];
  ASSERT_EQ(patient["resourceType"], "Patient");
  patient["birthDate"] = "26 Jul 1980";  // FHIR dates are YYYY[-MM[-DD]]
  patient["shoeSize"] = 42;              // no such element
  const Validation v = validate(bundle);
  EXPECT_EQ(v.exit_code, 1) << v.output;
  EXPECT_NE(v.output.find("birthDate"), std::string::npos) << v.output;
  EXPECT_NE(v.output.find("shoeSize"), std::string::npos) << v.output;
}

}  // namespace
}  // namespace bfr::exchange

// Every generated Bundle is checked by a real FHIR validator:
// tools/fhir-validate (node, @medplum/core validateResource against the R4
// definitions and the vital-signs profiles). Broken resources must be
// rejected too, or a validator that accepts everything would pass.

#include <gtest/gtest.h>

#include "exchange/fhir_bundle.hpp"
#include "tests/exchange/fhir_validator.hpp"
#include "tests/exchange/sample_records.hpp"

namespace bfr::exchange {
namespace {

using nlohmann::json;

using testing::Validation;

::testing::AssertionResult validator_installed() {
  return testing::fhir_validator_installed();
}

Validation validate(const json& bundle) {
  return testing::validate_fhir(bundle);
}

FhirExportInput full_input() {
  FhirExportInput in;
  in.patient = bfr::testing::sample_patient();
  in.limbs = {bfr::testing::sample_limb()};
  in.sessions = {bfr::testing::sample_session()};
  // What the patient entered: load, RPE and pain of a set, and two symptoms.
  in.sessions[0].sets[1].load_kg = 22.5;
  in.sessions[0].sets[1].rpe_cr10 = 6.5;
  in.sessions[0].sets[1].pain_0_10 = 3;
  in.sessions[0].sets[2].pain_0_10 = 0;
  in.sessions[0].symptoms = {{1, 31, "numbness", "mild", "2025-07-26T07:30:00Z", "left foot"},
                             {2, 31, "dizziness_or_fainting", "moderate", "", ""}};
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
  in.sessions.push_back(bfr::testing::sample_aerobic_session());

  ScreeningExport s;
  s.answers = bfr::testing::sample_answers();
  s.answered_at = bfr::testing::sample_screening_time();
  s.verdict = clinic::evaluate_screening(s.answers, s.answered_at).value;
  s.overrides = {{1, 5, clinic::LimbSide::kRight, clinic::LimbSegment::kUpperArm, "Dr Grey",
                  "lymph nodes removed 10 years ago, no swelling", "2025-07-21T11:00:00Z"}};
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

// Aerobic and passive work: sets without reps and of many minutes.
TEST(FhirValidator, SessionWithoutRepsIsValid) {
  ASSERT_TRUE(validator_installed());
  FhirExportInput in;
  in.patient = bfr::testing::sample_patient();
  in.sessions = {bfr::testing::sample_aerobic_session()};
  const json bundle = fhir_bundle(in, BundleScope::kSession);
  const Validation v = validate(bundle);
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

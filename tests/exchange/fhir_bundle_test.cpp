// FHIR R4 Bundles: the codes and units of bfr-facts §5 where they belong,
// LOP in the local code system with its method, posture, cuff and quality,
// reproducible ids, and a questionnaire that asks every screening question.

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "clinic/screening_store.hpp"
#include "exchange/fhir_bundle.hpp"
#include "exchange/fhir_screening.hpp"
#include "exchange/screening_questions.hpp"
#include "exchange/stored_screening.hpp"
#include "tests/exchange/sample_records.hpp"

namespace bfr::exchange {
namespace {

using nlohmann::json;

FhirExportInput sample_input(bool with_screening) {
  FhirExportInput in;
  in.patient = testing::sample_patient();
  in.limbs = {testing::sample_limb()};
  in.sessions = {testing::sample_session()};
  if (with_screening) {
    ScreeningExport s;
    s.answers = testing::sample_answers();
    s.answered_at = testing::sample_screening_time();
    auto verdict = clinic::evaluate_screening(s.answers, s.answered_at);
    EXPECT_TRUE(verdict.ok()) << verdict.error;
    s.verdict = verdict.value;
    in.screening = s;
  }
  return in;
}

std::vector<json> resources(const json& bundle, const std::string& type) {
  std::vector<json> out;
  for (const auto& e : bundle["entry"]) {
    if (e["resource"]["resourceType"] == type) out.push_back(e["resource"]);
  }
  return out;
}

// The Observation whose code has `code`.
json observation(const json& bundle, const std::string& code) {
  for (const auto& r : resources(bundle, "Observation")) {
    if (r["code"]["coding"][0]["code"] == code) return r;
  }
  ADD_FAILURE() << "no Observation with code " << code;
  return json::object();
}

json component(const json& resource, const std::string& code) {
  for (const auto& c : resource["component"]) {
    if (c["code"]["coding"][0]["code"] == code) return c;
  }
  ADD_FAILURE() << "no component " << code;
  return json::object();
}

// The set Observation of set `index` of the first session.
json set_observation(const json& bundle, int index) {
  for (const auto& r : resources(bundle, "Observation")) {
    if (r["code"]["coding"][0]["code"] != "bfr-set") continue;
    for (const auto& c : r["component"]) {
      if (c["code"]["coding"][0]["code"] == "set-index" && c["valueInteger"] == index) return r;
    }
  }
  ADD_FAILURE() << "no set Observation for set " << index;
  return json::object();
}

bool has_component(const json& resource, const std::string& code) {
  for (const auto& c : resource["component"]) {
    if (c["code"]["coding"][0]["code"] == code) return true;
  }
  return false;
}

TEST(FhirBundle, SetFeedbackIsAComponentOnlyWhereEntered) {
  FhirExportInput in = sample_input(false);
  in.sessions[0].sets[1].load_kg = 22.5;
  in.sessions[0].sets[1].rpe_cr10 = 6.5;
  in.sessions[0].sets[1].pain_0_10 = 3;
  const json b = fhir_bundle(in, BundleScope::kPatient);
  const json entered = set_observation(b, 1);
  const json load = component(entered, "load");
  EXPECT_EQ(load["valueQuantity"]["value"], 22.5);
  EXPECT_EQ(load["valueQuantity"]["code"], "kg");
  const json rpe = component(entered, "rpe-cr10");
  EXPECT_EQ(rpe["valueQuantity"]["value"], 6.5);
  EXPECT_EQ(rpe["valueQuantity"]["code"], "{score}");
  // Pain on LOINC's 0-10 numeric rating scale.
  const json pain = component(entered, "72514-3");
  EXPECT_EQ(pain["code"]["coding"][0]["system"], "http://loinc.org");
  EXPECT_EQ(pain["valueInteger"], 3);
  // Nothing entered for set 0: nothing written, not a zero.
  const json empty = set_observation(b, 0);
  for (const char* code : {"load", "rpe-cr10", "72514-3"}) {
    EXPECT_FALSE(has_component(empty, code)) << code;
  }
}

TEST(FhirBundle, SymptomsAreTheProcedureComplications) {
  FhirExportInput in = sample_input(false);
  EXPECT_FALSE(
      resources(fhir_bundle(in, BundleScope::kPatient), "Procedure")[0].contains("complication"));
  in.sessions[0].symptoms = {
      {1, 31, "dizziness_or_fainting", "moderate", "2025-07-26T07:30:00Z", "after set 3"}};
  const json procedure = resources(fhir_bundle(in, BundleScope::kPatient), "Procedure")[0];
  ASSERT_EQ(procedure["complication"].size(), 1u);
  const json& c = procedure["complication"][0];
  EXPECT_EQ(c["coding"][0]["system"], kBfrCodeSystem);
  EXPECT_EQ(c["coding"][0]["code"], "symptom-dizziness_or_fainting");
  EXPECT_EQ(c["text"], "dizziness or fainting, moderate, noted 2025-07-26T07:30:00Z: after set 3");
}

TEST(FhirBundle, OverrideIsANoteOnItsOwnLimbsOutcome) {
  FhirExportInput in = sample_input(true);
  in.screening->overrides = {{1, 5, clinic::LimbSide::kRight, clinic::LimbSegment::kUpperArm,
                              "Dr Grey", "no swelling since 2015", "2025-07-21T11:00:00Z"}};
  const json b = fhir_bundle(in, BundleScope::kPatient);
  int outcomes = 0;
  for (const auto& r : resources(b, "Observation")) {
    if (r["code"]["coding"][0]["code"] != "bfr-screening-outcome") continue;
    ++outcomes;
    const bool arm = r["bodySite"]["coding"][0]["code"] == "right-upper-arm";
    int override_notes = 0;
    for (const auto& note : r.value("note", json::array())) {
      if (note.value("authorString", "") != "Dr Grey") continue;
      ++override_notes;
      EXPECT_EQ(note["time"], "2025-07-21T11:00:00Z");
      EXPECT_NE(note["text"].get<std::string>().find("no swelling since 2015"), std::string::npos);
    }
    EXPECT_EQ(override_notes, arm ? 1 : 0) << r["bodySite"].dump();
  }
  EXPECT_EQ(outcomes, 2);
}

// A stored screening reads back as the answers and verdict it was made from.
TEST(StoredScreening, RecordReadsBackAsTheAnswersAndVerdict) {
  const auto answers = testing::sample_answers();
  const auto verdict = clinic::evaluate_screening(answers, testing::sample_screening_time());
  ASSERT_TRUE(verdict.ok()) << verdict.error;
  clinic::ScreeningRecord record = clinic::screening_record(7, answers, *verdict.value, 30);
  record.id = 5;
  const std::vector<clinic::ScreeningOverrideRecord> overrides{
      {2, 5, clinic::LimbSide::kRight, clinic::LimbSegment::kUpperArm, "B", "later",
       "2025-07-23T09:00:00Z"},
      {1, 5, clinic::LimbSide::kRight, clinic::LimbSegment::kUpperArm, "A", "earlier",
       "2025-07-22T09:00:00Z"}};
  const ScreeningExport back = screening_export(record, overrides);
  EXPECT_EQ(clinic::canonical_answers(back.answers), clinic::canonical_answers(answers));
  EXPECT_EQ(back.answered_at, testing::sample_screening_time());
  ASSERT_TRUE(back.verdict);
  ASSERT_EQ(back.verdict->limbs.size(), verdict.value->limbs.size());
  for (std::size_t i = 0; i < back.verdict->limbs.size(); ++i) {
    EXPECT_EQ(back.verdict->limbs[i].outcome, verdict.value->limbs[i].outcome);
    EXPECT_EQ(back.verdict->limbs[i].reasons.size(), verdict.value->limbs[i].reasons.size());
  }
  EXPECT_EQ(back.verdict->dvt_risk_points, verdict.value->dvt_risk_points);
  ASSERT_EQ(back.overrides.size(), 2u);
  EXPECT_EQ(back.overrides[0].clinician, "A") << "oldest first";

  record.answers_text = "not the canonical answers";
  EXPECT_THROW(screening_export(record, {}), ExportError);
}

TEST(FhirBundle, BloodPressureAsTheFactsSay) {
  const json b = fhir_bundle(sample_input(false), BundleScope::kPatient);
  const json bp = observation(b, "85354-9");
  EXPECT_EQ(bp["meta"]["profile"][0], "http://hl7.org/fhir/StructureDefinition/bp");
  EXPECT_EQ(bp["code"]["coding"][0]["system"], "http://loinc.org");
  EXPECT_EQ(bp["category"][0]["coding"][0]["code"], "vital-signs");
  const json sys = component(bp, "8480-6");
  const json dia = component(bp, "8462-4");
  EXPECT_EQ(sys["valueQuantity"]["value"], 124);
  EXPECT_EQ(dia["valueQuantity"]["value"], 78);
  for (const json& c : {sys, dia}) {
    EXPECT_EQ(c["valueQuantity"]["system"], "http://unitsofmeasure.org");
    EXPECT_EQ(c["valueQuantity"]["code"], "mm[Hg]");
  }
}

TEST(FhirBundle, HeartRateAtRestAndAtTheLopMeasurement) {
  const json b = fhir_bundle(sample_input(false), BundleScope::kPatient);
  std::multiset<double> rates;
  for (const auto& r : resources(b, "Observation")) {
    if (r["code"]["coding"][0]["code"] != "8867-4") continue;
    EXPECT_EQ(r["valueQuantity"]["code"], "/min");
    EXPECT_EQ(r["meta"]["profile"][0], "http://hl7.org/fhir/StructureDefinition/heartrate");
    rates.insert(r["valueQuantity"]["value"].get<double>());
  }
  EXPECT_EQ(rates, (std::multiset<double>{64, 71}));
}

TEST(FhirBundle, LopInTheLocalCodeSystemWithItsCircumstances) {
  const json b = fhir_bundle(sample_input(false), BundleScope::kPatient);
  const json lop = observation(b, "lop");
  EXPECT_EQ(lop["code"]["coding"][0]["system"], std::string(kBfrCodeSystem));
  EXPECT_EQ(lop["valueQuantity"]["value"], 186.5);
  EXPECT_EQ(lop["valueQuantity"]["code"], "mm[Hg]");
  EXPECT_EQ(lop["bodySite"]["coding"][0]["code"], "left-thigh");
  EXPECT_EQ(component(lop, "lop-method")["valueCodeableConcept"]["coding"][0]["code"], "measured");
  EXPECT_EQ(component(lop, "posture")["valueCodeableConcept"]["coding"][0]["code"], "seated");
  EXPECT_EQ(component(lop, "cuff-width")["valueQuantity"]["value"], 11.5);
  EXPECT_EQ(component(lop, "measurement-quality")["valueQuantity"]["value"], 0.82);
}

TEST(FhirBundle, FailedOrEstimatedLopSaysSo) {
  auto in = sample_input(false);
  in.sessions[0].lop->lop_mmhg.reset();
  in.sessions[0].lop->abort_reason = "motion";
  json lop = observation(fhir_bundle(in, BundleScope::kPatient), "lop");
  EXPECT_FALSE(lop.contains("valueQuantity"));
  EXPECT_EQ(lop["dataAbsentReason"]["coding"][0]["code"], "error");
  EXPECT_NE(lop["note"][0]["text"].get<std::string>().find("motion"), std::string::npos);

  in = sample_input(false);
  in.sessions[0].lop->method = clinic::LopMethod::kEstimated;
  lop = observation(fhir_bundle(in, BundleScope::kPatient), "lop");
  EXPECT_EQ(lop["method"]["coding"][0]["code"], "estimated");
  EXPECT_EQ(component(lop, "lop-method")["valueCodeableConcept"]["coding"][0]["code"], "estimated");
}

TEST(FhirBundle, SessionIsAnExerciseTherapyProcedureWithItsSets) {
  const json b = fhir_bundle(sample_input(false), BundleScope::kSession);
  const auto procedures = resources(b, "Procedure");
  ASSERT_EQ(procedures.size(), 1u);
  const json& p = procedures[0];
  EXPECT_EQ(p["code"]["coding"][0]["system"], "http://snomed.info/sct");
  EXPECT_EQ(p["code"]["coding"][0]["code"], "229065009");
  EXPECT_EQ(p["status"], "completed");
  EXPECT_EQ(p["performedPeriod"]["start"], "2025-07-26T07:06:00Z");
  EXPECT_EQ(p["performedPeriod"]["end"], "2025-07-26T07:48:10Z");
  EXPECT_NE(p["note"][1]["text"].get<std::string>().find("numbness 3/10"), std::string::npos);

  const std::string procedure_ref = "urn:uuid:" + p["id"].get<std::string>();
  int sets = 0;
  for (const auto& r : resources(b, "Observation")) {
    if (r["code"]["coding"][0]["code"] != "bfr-set") continue;
    EXPECT_EQ(r["partOf"][0]["reference"], procedure_ref);
    const int index = component(r, "set-index")["valueInteger"];
    const clinic::SetRecord set =
        testing::sample_session().sets.at(static_cast<std::size_t>(index));
    EXPECT_EQ(component(r, "actual-reps")["valueInteger"], set.actual_reps);
    EXPECT_DOUBLE_EQ(component(r, "time-in-band")["valueQuantity"]["value"].get<double>(),
                     set.time_in_band_fraction * 100);
    ++sets;
  }
  EXPECT_EQ(sets, 4);
  const json restriction = observation(b, "bfr-restriction");
  EXPECT_EQ(component(restriction, "target-pressure")["valueQuantity"]["value"], 149.2);
}

TEST(FhirBundle, StoppedSessionIsStoppedWithItsReason) {
  auto in = sample_input(false);
  in.sessions[0].session.stop_reason = "alarm: over-pressure";
  const auto p = resources(fhir_bundle(in, BundleScope::kSession), "Procedure").at(0);
  EXPECT_EQ(p["status"], "stopped");
  EXPECT_EQ(p["statusReason"]["text"], "alarm: over-pressure");
}

TEST(FhirBundle, IdsAreDeterministicUrnUuids) {
  const json a = fhir_bundle(sample_input(true), BundleScope::kPatient);
  const json b = fhir_bundle(sample_input(true), BundleScope::kPatient);
  EXPECT_EQ(a.dump(), b.dump());
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (const auto& e : a["entry"]) {
    const std::string id = e["resource"]["id"];
    EXPECT_TRUE(std::regex_match(id, uuid)) << id;
    EXPECT_EQ(e["fullUrl"], "urn:uuid:" + id);
    EXPECT_TRUE(seen.insert(id).second) << "duplicate id " << id;
  }
  // Another patient id gives other ids.
  auto other = sample_input(true);
  other.patient.id = 8;
  const json c = fhir_bundle(other, BundleScope::kPatient);
  EXPECT_NE(c["entry"][0]["resource"]["id"], a["entry"][0]["resource"]["id"]);
  EXPECT_NE(c["id"], a["id"]);
}

TEST(FhirBundle, SessionScopeNeedsOneSessionAndStoreTimestamps) {
  auto in = sample_input(false);
  in.sessions.push_back(in.sessions[0]);
  EXPECT_THROW(fhir_bundle(in, BundleScope::kSession), ExportError);
  in = sample_input(false);
  in.sessions[0].session.started_at = "yesterday";
  EXPECT_THROW(fhir_bundle(in, BundleScope::kPatient), ExportError);
}

// The questionnaire's keys are the screening's keys, in its order: read back
// from clinic::canonical_answers, which lists every question it judges.
TEST(FhirScreening, QuestionnaireAsksEveryScreeningQuestion) {
  const std::string canonical = clinic::canonical_answers(testing::sample_answers());
  std::vector<std::string> patient_keys, limb_keys;
  std::istringstream lines(canonical);
  std::string line;
  bool in_first_limb = false, past_first_limb = false;
  std::getline(lines, line);  // the version tag
  EXPECT_EQ(line, kScreeningQuestionnaireVersion);
  while (std::getline(lines, line)) {
    const std::string key = line.substr(0, line.find('='));
    if (key == "limb") {
      past_first_limb = in_first_limb;
      in_first_limb = true;
      continue;
    }
    if (key == "birth_year" || key.starts_with("resting_")) continue;
    if (!in_first_limb) patient_keys.push_back(key);
    if (in_first_limb && !past_first_limb) limb_keys.push_back(key.substr(2));  // indented
  }
  std::vector<std::string> ours, our_limb;
  for (const auto& q : patient_question_texts()) ours.emplace_back(q.key);
  for (const auto& q : limb_question_texts()) our_limb.emplace_back(q.key);
  EXPECT_EQ(ours, patient_keys);
  EXPECT_EQ(our_limb, limb_keys);

  const json q = screening_questionnaire();
  EXPECT_EQ(q["item"][0]["item"].size(), patient_keys.size() + 3);
  EXPECT_EQ(q["item"][1]["item"].size(), limb_keys.size() + 1);
  EXPECT_EQ(q["item"][1]["repeats"], true);
}

TEST(FhirScreening, ResponseCarriesTheAnswersAndTheVerdictEachLimb) {
  const json b = fhir_bundle(sample_input(true), BundleScope::kPatient);
  const auto responses = resources(b, "QuestionnaireResponse");
  ASSERT_EQ(responses.size(), 1u);
  const json& r = responses[0];
  EXPECT_EQ(r["status"], "completed");
  EXPECT_EQ(r["authored"], "2025-07-21T10:00:00Z");
  bool surgery_yes = false, dvt_no = false;
  for (const auto& item : r["item"][0]["item"]) {
    if (item["linkId"] == "orthopaedic_post_surgery")
      surgery_yes = item["answer"][0]["valueBoolean"];
    if (item["linkId"] == "current_dvt") dvt_no = !item["answer"][0]["valueBoolean"];
  }
  EXPECT_TRUE(surgery_yes);
  EXPECT_TRUE(dvt_no);
  ASSERT_EQ(r["item"].size(), 3u);  // person + two limbs
  EXPECT_EQ(r["item"][2]["item"][0]["answer"][0]["valueCoding"]["code"], "right-upper-arm");

  std::map<std::string, std::string> outcomes;
  for (const auto& o : resources(b, "Observation")) {
    if (o["code"]["coding"][0]["code"] != "bfr-screening-outcome") continue;
    outcomes[o["bodySite"]["coding"][0]["code"]] = o["valueCodeableConcept"]["coding"][0]["code"];
    EXPECT_EQ(o["derivedFrom"][0]["reference"], "urn:uuid:" + r["id"].get<std::string>());
  }
  // Lymph nodes removed contraindicates the arm; the post-surgery caution
  // needs clearance for the thigh.
  EXPECT_EQ(outcomes,
            (std::map<std::string, std::string>{{"right-upper-arm", "screening-contraindicated"},
                                                {"left-thigh", "screening-needs-clearance"}}));
}

TEST(FhirScreening, UnansweredQuestionsAreLeftOutAndTheResponseIsInProgress) {
  auto in = sample_input(false);
  ScreeningExport s;
  s.answers = testing::sample_answers();
  s.answers.patient.pregnant = clinic::Answer::kUnanswered;
  s.answered_at = testing::sample_screening_time();
  in.screening = s;
  const auto r = resources(fhir_bundle(in, BundleScope::kPatient), "QuestionnaireResponse").at(0);
  EXPECT_EQ(r["status"], "in-progress");
  for (const auto& item : r["item"][0]["item"]) EXPECT_NE(item["linkId"], "pregnant");
  for (const auto& o : resources(fhir_bundle(in, BundleScope::kPatient), "Observation")) {
    EXPECT_NE(o["code"]["coding"][0]["code"], "bfr-screening-outcome") << "nothing judged";
  }
}

}  // namespace
}  // namespace bfr::exchange

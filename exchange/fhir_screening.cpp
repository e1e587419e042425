#include "exchange/fhir_screening.hpp"

#include <fmt/format.h>

#include <array>

#include "clinic/timestamp.hpp"
#include "exchange/fhir_ids.hpp"
#include "exchange/fhir_json.hpp"
#include "exchange/limb_names.hpp"
#include "exchange/screening_questions.hpp"

namespace bfr::exchange {
namespace {

using nlohmann::json;

constexpr std::string_view kLimbSiteLinkId = "limb.site";

std::string limb_link_id(std::string_view key) {
  return fmt::format("limb.{}", key);
}

json question(std::string_view link_id, std::string_view type, std::string_view text) {
  return {{"linkId", link_id}, {"type", type}, {"text", text}, {"required", true}};
}

json limb_options() {
  json options = json::array();
  for (const auto side : {clinic::LimbSide::kRight, clinic::LimbSide::kLeft}) {
    for (const auto segment : {clinic::LimbSegment::kThigh, clinic::LimbSegment::kUpperArm}) {
      options.push_back({{"valueCoding", fhir::coding(kBfrCodeSystem, limb_code(side, segment),
                                                      limb_text(side, segment))}});
    }
  }
  return options;
}

// One answered item; nothing for an unanswered question (a response item
// without an answer would claim an answer that was never given).
void add_answer(json& items, std::string_view link_id, clinic::Answer answer) {
  if (answer == clinic::Answer::kUnanswered) return;
  items.push_back({{"linkId", link_id},
                   {"answer", json::array({{{"valueBoolean", answer == clinic::Answer::kYes}}})}});
}

bool complete(const clinic::ScreeningAnswers& answers) {
  for (const auto& q : patient_question_texts()) {
    if (answers.patient.*q.field == clinic::Answer::kUnanswered) return false;
  }
  for (const auto& limb : answers.limbs) {
    for (const auto& q : limb_question_texts()) {
      if (limb.*q.field == clinic::Answer::kUnanswered) return false;
    }
  }
  return answers.patient.birth_year > 0 && answers.patient.resting_sbp_mmhg > 0 &&
         answers.patient.resting_dbp_mmhg > 0 && !answers.limbs.empty();
}

json response(const ScreeningExport& s, const std::string& patient_uuid) {
  const clinic::PatientAnswers& p = s.answers.patient;
  json person = json::array();
  if (p.birth_year > 0) {
    person.push_back(
        {{"linkId", "birth_year"}, {"answer", json::array({{{"valueInteger", p.birth_year}}})}});
  }
  if (p.resting_sbp_mmhg > 0) {
    person.push_back({{"linkId", "resting_sbp_mmhg"},
                      {"answer", json::array({{{"valueDecimal", p.resting_sbp_mmhg}}})}});
  }
  if (p.resting_dbp_mmhg > 0) {
    person.push_back({{"linkId", "resting_dbp_mmhg"},
                      {"answer", json::array({{{"valueDecimal", p.resting_dbp_mmhg}}})}});
  }
  for (const auto& q : patient_question_texts()) add_answer(person, q.key, p.*q.field);

  json items = json::array();
  if (!person.empty()) items.push_back({{"linkId", "person"}, {"item", person}});
  for (const clinic::LimbAnswers& limb : s.answers.limbs) {
    json limb_items = json::array(
        {{{"linkId", kLimbSiteLinkId},
          {"answer",
           json::array({{{"valueCoding",
                          fhir::coding(kBfrCodeSystem, limb_code(limb.limb.side, limb.limb.segment),
                                       limb_text(limb.limb.side, limb.limb.segment))}}})}}});
    for (const auto& q : limb_question_texts()) {
      add_answer(limb_items, limb_link_id(q.key), limb.*q.field);
    }
    items.push_back({{"linkId", "limb"}, {"item", limb_items}});
  }
  return {{"resourceType", "QuestionnaireResponse"},
          {"questionnaire",
           fmt::format("{}|{}", kScreeningQuestionnaireUrl, kScreeningQuestionnaireVersion)},
          {"status", complete(s.answers) ? "completed" : "in-progress"},
          {"subject", fhir::reference(patient_uuid)},
          {"authored", clinic::format_utc_timestamp(s.answered_at)},
          {"item", items}};
}

std::string outcome_code(clinic::ScreeningOutcome outcome) {
  switch (outcome) {
    case clinic::ScreeningOutcome::kCleared:
      return "screening-cleared";
    case clinic::ScreeningOutcome::kNeedsClinicianClearance:
      return "screening-needs-clearance";
    case clinic::ScreeningOutcome::kContraindicated:
      return "screening-contraindicated";
  }
  return "screening-unknown";
}

// One Observation per judged limb: the outcome, the reasons, and the figures
// the rules computed. (An Observation rather than a RiskAssessment: the
// outcome is a rule's verdict, not a probability.)
json outcome_observation(const ScreeningExport& screening, const clinic::LimbScreening& limb,
                         const std::string& patient_uuid, const std::string& response_uuid) {
  const clinic::Screening& verdict = *screening.verdict;
  const std::string limb_name = limb_text(limb.limb.side, limb.limb.segment);
  json value = fhir::local_concept(outcome_code(limb.outcome),
                                   std::string(clinic::outcome_name(limb.outcome)));
  json r = {
      {"resourceType", "Observation"},
      {"status", "final"},
      {"category", json::array({fhir::concept_of(fhir::kObservationCategory, "survey", "Survey")})},
      {"code", fhir::local_concept("bfr-screening-outcome", "BFR screening outcome of a limb")},
      {"subject", fhir::reference(patient_uuid)},
      {"effectiveDateTime", clinic::format_utc_timestamp(verdict.screened_at)},
      {"bodySite", fhir::local_concept(limb_code(limb.limb.side, limb.limb.segment), limb_name)},
      {"valueCodeableConcept", value},
      {"derivedFrom", json::array({fhir::reference(response_uuid)})},
      {"component",
       json::array({{{"code", fhir::local_concept("dvt-risk-points", "DVT risk points")},
                     {"valueInteger", verdict.dvt_risk_points}},
                    {{"code", fhir::local_concept("age", "Age at the screening")},
                     {"valueQuantity", fhir::quantity(verdict.age_years, "years", "a")}}})}};
  json notes = json::array();
  for (const clinic::ScreeningReason& reason : limb.reasons) {
    notes.push_back(
        {{"text", fmt::format("{} ({})", reason.text, clinic::outcome_name(reason.level))}});
  }
  // A clinician's override lets a limb that was not cleared train; it is
  // kept with the outcome it overrides, by whom and when.
  for (const clinic::ScreeningOverrideRecord& given : screening.overrides) {
    if (given.side != limb.limb.side || given.segment != limb.limb.segment) continue;
    json note = {{"authorString", given.clinician},
                 {"text", fmt::format("clinician override: allowed to train ({})", given.reason)}};
    if (!given.given_at.empty()) note["time"] = given.given_at;
    notes.push_back(std::move(note));
  }
  if (!notes.empty()) r["note"] = notes;
  return r;
}

}  // namespace

json screening_questionnaire() {
  json person = json::array(
      {question("birth_year", "integer", "Year of birth"),
       question("resting_sbp_mmhg", "decimal", "Resting systolic blood pressure (mmHg)"),
       question("resting_dbp_mmhg", "decimal", "Resting diastolic blood pressure (mmHg)")});
  for (const auto& q : patient_question_texts()) {
    person.push_back(question(q.key, "boolean", q.text));
  }
  json site = question(kLimbSiteLinkId, "choice", "Limb that may carry the cuff");
  site["answerOption"] = limb_options();
  json limb = json::array({site});
  for (const auto& q : limb_question_texts()) {
    limb.push_back(question(limb_link_id(q.key), "boolean", q.text));
  }
  return {{"resourceType", "Questionnaire"},
          {"url", kScreeningQuestionnaireUrl},
          {"version", kScreeningQuestionnaireVersion},
          {"name", "OpenBfrScreening"},
          {"title", "Screening before blood flow restriction training"},
          {"status", "active"},
          {"subjectType", json::array({"Patient"})},
          {"item", json::array({{{"linkId", "person"},
                                 {"type", "group"},
                                 {"text", "About you"},
                                 {"required", true},
                                 {"item", person}},
                                {{"linkId", "limb"},
                                 {"type", "group"},
                                 {"text", "About each limb that may carry the cuff"},
                                 {"required", true},
                                 {"repeats", true},
                                 {"item", limb}}})}};
}

std::vector<json> screening_entries(const ScreeningExport& screening,
                                    const std::string& patient_uuid, const std::string& key) {
  const auto wrap = [](const std::string& uuid, json resource) {
    resource["id"] = uuid;
    return json{{"fullUrl", urn_uuid(uuid)}, {"resource", std::move(resource)}};
  };
  std::vector<json> entries;
  entries.push_back(wrap(deterministic_uuid("questionnaire", kScreeningQuestionnaireVersion),
                         screening_questionnaire()));
  const std::string response_uuid = deterministic_uuid("screening-response", key);
  entries.push_back(wrap(response_uuid, response(screening, patient_uuid)));
  if (screening.verdict) {
    for (const clinic::LimbScreening& limb : screening.verdict->limbs) {
      const std::string limb_key =
          fmt::format("{}/{}", key, limb_code(limb.limb.side, limb.limb.segment));
      entries.push_back(wrap(deterministic_uuid("screening-outcome", limb_key),
                             outcome_observation(screening, limb, patient_uuid, response_uuid)));
    }
  }
  return entries;
}

}  // namespace bfr::exchange

#pragma once
// The screening in FHIR: the Questionnaire generated from the screening
// questions (exchange/screening_questions.hpp), the patient's
// QuestionnaireResponse, and, when the answers were judged, an Observation of
// each limb's outcome with its reasons.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exchange/fhir_bundle.hpp"

namespace bfr::exchange {

// The Questionnaire resource (no id): the same for every patient.
nlohmann::json screening_questionnaire();

// Bundle entries for one screening: Questionnaire, QuestionnaireResponse and
// the limbs' outcome Observations (when `screening.verdict` is set). `key`
// makes their ids.
std::vector<nlohmann::json> screening_entries(const ScreeningExport& screening,
                                              const std::string& patient_uuid,
                                              const std::string& key);

}  // namespace bfr::exchange

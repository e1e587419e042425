#include "exchange/fhir_json.hpp"

#include "exchange/fhir_bundle.hpp"
#include "exchange/fhir_ids.hpp"

namespace bfr::exchange::fhir {

nlohmann::json coding(std::string_view system, std::string_view code, std::string_view display) {
  return {{"system", system}, {"code", code}, {"display", display}};
}

nlohmann::json concept_of(std::string_view system, std::string_view code,
                          std::string_view display) {
  return {{"coding", nlohmann::json::array({coding(system, code, display)})}, {"text", display}};
}

nlohmann::json local_concept(std::string_view code, std::string_view display) {
  return concept_of(kBfrCodeSystem, code, display);
}

nlohmann::json quantity(double value, std::string_view unit, std::string_view ucum) {
  return {{"value", value}, {"unit", unit}, {"system", kUcum}, {"code", ucum}};
}

nlohmann::json reference(std::string_view uuid) {
  return {{"reference", urn_uuid(uuid)}};
}

nlohmann::json vital_signs_category() {
  return nlohmann::json::array({concept_of(kObservationCategory, "vital-signs", "Vital Signs")});
}

}  // namespace bfr::exchange::fhir

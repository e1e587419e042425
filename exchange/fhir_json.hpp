#pragma once
// Small builders for the FHIR datatypes the exports use, so that every
// Coding, Quantity and Reference is spelled the same way.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace bfr::exchange::fhir {

inline constexpr std::string_view kLoinc = "http://loinc.org";
inline constexpr std::string_view kSnomed = "http://snomed.info/sct";
inline constexpr std::string_view kUcum = "http://unitsofmeasure.org";
inline constexpr std::string_view kObservationCategory =
    "http://terminology.hl7.org/CodeSystem/observation-category";

nlohmann::json coding(std::string_view system, std::string_view code, std::string_view display);
// A CodeableConcept of one coding, with the display as its text.
nlohmann::json concept_of(std::string_view system, std::string_view code, std::string_view display);
// A code of OpenBFR's local code system (kBfrCodeSystem).
nlohmann::json local_concept(std::string_view code, std::string_view display);
// A UCUM quantity: `unit` for people, `ucum` the code.
nlohmann::json quantity(double value, std::string_view unit, std::string_view ucum);
nlohmann::json reference(std::string_view uuid);
// The vital-signs category every vital-signs profile requires.
nlohmann::json vital_signs_category();

}  // namespace bfr::exchange::fhir

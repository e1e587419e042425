#pragma once
// FHIR R4 Bundles (type "collection") of one patient or one session, with
// resources as bfr-facts §5 names them: Patient; blood pressure (profile bp,
// LOINC 85354-9) and heart rate (profile heartrate, LOINC 8867-4)
// Observations; LOP as an Observation in OpenBFR's local code system (no
// standard code exists); each session as a Procedure (SNOMED CT 229065009
// "Exercise therapy") with Observations of its restriction and of each set;
// the screening as Questionnaire, QuestionnaireResponse and, when judged, an
// outcome Observation per limb. docs/EXPORTS.md lists every mapping and the local codes.
//
// Every entry has a urn:uuid fullUrl derived from the record ids
// (exchange/fhir_ids.hpp), so the same data always gives the same Bundle.

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "clinic/screening.hpp"
#include "exchange/bfr_workout.hpp"

namespace bfr::exchange {

// OpenBFR's code system for what no standard terminology names.
inline constexpr std::string_view kBfrCodeSystem = "https://openbfr.org/fhir/CodeSystem/bfr";
inline constexpr std::string_view kPatientIdSystem = "https://openbfr.org/fhir/sid/patient-id";
inline constexpr std::string_view kScreeningQuestionnaireUrl =
    "https://openbfr.org/fhir/Questionnaire/bfr-screening";

// A screening to export: the answers as given, when, the verdict on them if
// it was judged (clinic::evaluate_screening), and the clinicians' overrides
// given on it (each a note on its limb's outcome).
struct ScreeningExport {
  clinic::ScreeningAnswers answers;
  std::chrono::sys_seconds answered_at{};
  std::optional<clinic::Screening> verdict;
  std::vector<clinic::ScreeningOverrideRecord> overrides;
};

struct FhirExportInput {
  clinic::Patient patient;
  std::vector<clinic::Limb> limbs;
  // Each session with its sets, limb and LOP measurement (load_kg unused).
  std::vector<BfrSessionInput> sessions;
  std::optional<ScreeningExport> screening;
};

enum class BundleScope { kPatient, kSession };

// The Bundle of everything in `input`. `scope` only names the Bundle (its id
// is derived from the patient id, or from the one session's id). Throws
// ExportError on a timestamp that is not the store's format, or a session
// scope without exactly one session.
nlohmann::json fhir_bundle(const FhirExportInput& input, BundleScope scope);

}  // namespace bfr::exchange

#pragma once
// A screening as the store keeps it (clinic::ScreeningRecord: the canonical
// answers text and the verdict per limb) turned back into what the FHIR
// export takes: the answers, when they were given, the verdict and the
// clinicians' overrides.

#include <vector>

#include "clinic/records.hpp"
#include "exchange/fhir_bundle.hpp"

namespace bfr::exchange {

// Throws ExportError when the stored answers or outcomes cannot be read back
// (a damaged store): an export never invents answers.
ScreeningExport screening_export(const clinic::ScreeningRecord& record,
                                 const std::vector<clinic::ScreeningOverrideRecord>& overrides);

}  // namespace bfr::exchange

#include "exchange/stored_screening.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "clinic/screening_store.hpp"

namespace bfr::exchange {

ScreeningExport screening_export(const clinic::ScreeningRecord& record,
                                 const std::vector<clinic::ScreeningOverrideRecord>& overrides) {
  auto answers = clinic::parse_canonical_answers(record.answers_text);
  if (!answers.ok()) {
    throw ExportError(fmt::format("screening {}: the stored answers cannot be read: {}", record.id,
                                  answers.error));
  }
  auto verdict = clinic::screening_from_record(record);
  if (!verdict.ok()) throw ExportError(verdict.error);
  ScreeningExport out;
  out.answers = std::move(*answers.value);
  out.answered_at = verdict.value->screened_at;
  out.verdict = std::move(*verdict.value);
  out.overrides = overrides;
  std::stable_sort(out.overrides.begin(), out.overrides.end(),
                   [](const auto& a, const auto& b) { return a.given_at < b.given_at; });
  return out;
}

}  // namespace bfr::exchange

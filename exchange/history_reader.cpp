#include "exchange/history_reader.hpp"

#include <fmt/format.h>

#include "exchange/csv.hpp"
#include "exchange/set_checks.hpp"

namespace bfr::exchange {

ImportResult import_history(std::string_view text, std::string_view format, std::string_view app,
                            clinic::OneRmEquation equation, const RowReaderFactory& make_reader) {
  const std::vector<CsvRecord> records = read_csv(text);
  if (records.empty()) {
    throw ImportError(fmt::format("empty file: a {} export starts with its header", app));
  }
  if (!records.front().error.empty()) {
    throw ImportError("the header line is malformed: " + records.front().error);
  }
  const CsvColumns columns(records.front().fields);
  const RowReader read_row = make_reader(columns);

  ImportResult result;
  result.format = std::string(format);
  result.equation = equation;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const CsvRecord& r = records[i];
    if (const auto error = record_shape_error(r, columns.count())) {
      result.rejected.push_back({r.line, *error});
      continue;
    }
    ImportedSet set;
    set.line = r.line;
    const RowVerdict verdict = read_row(r.fields, set);
    if (verdict.rejected) {
      result.rejected.push_back({r.line, *verdict.rejected});
    } else if (verdict.skipped) {
      result.skipped.push_back({r.line, *verdict.skipped});
    } else {
      result.accepted.push_back(std::move(set));
    }
  }
  result.estimates = best_one_rep_max(result.accepted, equation);
  return result;
}

}  // namespace bfr::exchange

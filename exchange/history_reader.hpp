#pragma once
// The part every history importer shares: the header read and its columns
// looked up by name, then each record with its line number checked for shape
// and handed to the app's row reader, which accepts it as a working set,
// skips it with a reason, or rejects it with a reason. The estimates are
// made from the accepted sets at the end.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/csv_columns.hpp"
#include "exchange/history_import.hpp"

namespace bfr::exchange {

// What a row reader made of one well-formed record.
struct RowVerdict {
  std::optional<std::string> rejected;  // why the row is malformed
  std::optional<std::string> skipped;   // why the row is not a working set
};

// Reads one record's fields into `set` (its line is already set).
using RowReader =
    std::function<RowVerdict(const std::vector<std::string>& fields, ImportedSet& set)>;

// Makes the app's row reader from the header's columns; throws ImportError
// when a required column is missing.
using RowReaderFactory = std::function<RowReader(const CsvColumns& columns)>;

// `format` is the result's name ("hevy"), `app` the name in messages ("Hevy").
// Throws ImportError for an empty file or a malformed header.
ImportResult import_history(std::string_view text, std::string_view format, std::string_view app,
                            clinic::OneRmEquation equation, const RowReaderFactory& make_reader);

}  // namespace bfr::exchange

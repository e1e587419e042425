#pragma once
// CSV as RFC 4180 writes it: fields separated by commas, records by line
// breaks; a field holding a comma, a quote or a line break is quoted and its
// quotes doubled. Reading accepts LF and CRLF line ends and a leading UTF-8
// byte-order mark (spreadsheet exports carry one).

#include <string>
#include <string_view>
#include <vector>

namespace bfr::exchange {

enum class Quoting {
  kWhenNeeded,  // only fields that need it (Strong, traces)
  kAlways,      // every field (Hevy quotes every field, bfr-facts §5)
};

// One field as it appears in a file.
std::string csv_field(std::string_view value, Quoting quoting);

// A whole record with its trailing "\n".
std::string csv_row(const std::vector<std::string>& fields, Quoting quoting);

// One record read back. A record with quoted line breaks spans several
// physical lines; `line` is the first of them (1-based), the line a user
// looks for in an editor.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
  std::string error;  // not empty when the record is malformed; fields are then partial
};

// Splits `text` into records. Blank lines are dropped. A malformed record (a
// quote that never closes, text after a closing quote) is returned with its
// error so that the caller reports it by line and goes on with the next one.
std::vector<CsvRecord> read_csv(std::string_view text);

}  // namespace bfr::exchange

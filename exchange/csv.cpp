#include "exchange/csv.hpp"

namespace bfr::exchange {

std::string csv_field(std::string_view value, Quoting quoting) {
  const bool needs_quotes = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quoting == Quoting::kWhenNeeded && !needs_quotes) return std::string(value);
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_row(const std::vector<std::string>& fields, Quoting quoting) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(fields[i], quoting);
  }
  out += '\n';
  return out;
}

namespace {

// A hand-written state machine rather than a regex: quoted fields may span
// lines, and a malformed record must not take its neighbours with it.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  }

  std::vector<CsvRecord> read_all() {
    std::vector<CsvRecord> records;
    while (pos_ < text_.size()) {
      CsvRecord record = read_record();
      const bool blank =
          record.error.empty() && record.fields.size() == 1 && record.fields.front().empty();
      if (!blank) records.push_back(std::move(record));
    }
    return records;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  // Consumes a line end (LF or CRLF) if one is next; true when it did.
  bool take_line_end() {
    if (peek() == '\n') {
      ++pos_;
      ++line_;
      return true;
    }
    if (peek() == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      pos_ += 2;
      ++line_;
      return true;
    }
    return false;
  }

  void skip_rest_of_line() {
    while (!at_end() && !take_line_end()) ++pos_;
  }

  CsvRecord read_record() {
    CsvRecord record;
    record.line = line_;
    std::string field;
    while (true) {
      if (at_end()) {
        record.fields.push_back(std::move(field));
        return record;
      }
      if (take_line_end()) {
        record.fields.push_back(std::move(field));
        return record;
      }
      const char c = peek();
      if (c == ',') {
        ++pos_;
        record.fields.push_back(std::move(field));
        field.clear();
        continue;
      }
      if (c == '"' && field.empty()) {
        if (!read_quoted(field, record)) return record;
        continue;
      }
      field += c;
      ++pos_;
    }
  }

  // Reads a quoted field up to its closing quote and checks what follows.
  // False when the record is malformed (the rest of it is skipped).
  bool read_quoted(std::string& field, CsvRecord& record) {
    const int opened_on = line_;
    ++pos_;  // the opening quote
    while (true) {
      if (at_end()) {
        record.error =
            "a quoted field opened on line " + std::to_string(opened_on) + " never closes";
        return false;
      }
      if (peek() == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field += '"';
          pos_ += 2;
          continue;
        }
        ++pos_;  // the closing quote
        break;
      }
      if (peek() == '\n') ++line_;
      field += peek();
      ++pos_;
    }
    if (at_end() || peek() == ',' || peek() == '\n' || peek() == '\r') return true;
    record.error = "text after the closing quote of a field";
    skip_rest_of_line();
    return false;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

std::vector<CsvRecord> read_csv(std::string_view text) {
  return CsvReader(text).read_all();
}

}  // namespace bfr::exchange

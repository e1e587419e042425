#include "exchange/csv_columns.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "exchange/history_import.hpp"

namespace bfr::exchange {

CsvColumns::CsvColumns(const std::vector<std::string>& header) : count_(header.size()) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    index_.emplace(std::string(trim(header[i])), i);
  }
}

bool CsvColumns::has(std::string_view name) const {
  return index_.find(name) != index_.end();
}

std::size_t CsvColumns::require(std::string_view name, std::string_view format) const {
  const auto found = index_.find(name);
  if (found == index_.end()) {
    throw ImportError(fmt::format("not a {} export: the header has no '{}' column", format, name));
  }
  return found->second;
}

std::optional<std::size_t> CsvColumns::find(std::string_view name) const {
  const auto found = index_.find(name);
  if (found == index_.end()) return std::nullopt;
  return found->second;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<int> parse_count(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace bfr::exchange

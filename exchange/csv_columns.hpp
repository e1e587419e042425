#pragma once
// Column lookup by header name and the strict number readers the importers
// share. Numbers are read whole: "12kg" or "1,5" is not a number.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bfr::exchange {

class CsvColumns {
 public:
  explicit CsvColumns(const std::vector<std::string>& header);

  bool has(std::string_view name) const;
  // Throws ImportError naming the missing column and the file format.
  std::size_t require(std::string_view name, std::string_view format) const;
  std::optional<std::size_t> find(std::string_view name) const;
  std::size_t count() const { return count_; }

 private:
  std::map<std::string, std::size_t, std::less<>> index_;
  std::size_t count_ = 0;
};

std::optional<double> parse_number(std::string_view text);  // finite decimals only
std::optional<int> parse_count(std::string_view text);      // 0 or more, digits only
std::string_view trim(std::string_view text);

}  // namespace bfr::exchange

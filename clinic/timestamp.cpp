#include "clinic/timestamp.hpp"

#include <cstddef>

#include <fmt/format.h>

namespace bfr::clinic {

namespace {

constexpr std::string_view kLayout = "dddd-dd-ddTdd:dd:ddZ";

// Reads the run of digits at [begin, begin + count).
int digits_at(std::string_view text, std::size_t begin, std::size_t count) {
  int value = 0;
  for (std::size_t i = begin; i < begin + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

}  // namespace

std::string format_utc_timestamp(std::chrono::sys_seconds time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time_of_day{time - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     time_of_day.hours().count(), time_of_day.minutes().count(),
                     time_of_day.seconds().count());
}

std::string utc_timestamp_now() {
  return format_utc_timestamp(
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

std::string utc_timestamp_or_now(const std::string& timestamp) {
  return timestamp.empty() ? utc_timestamp_now() : timestamp;
}

bool is_utc_timestamp(std::string_view text) {
  if (text.size() != kLayout.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool wants_digit = kLayout[i] == 'd';
    const bool is_digit = text[i] >= '0' && text[i] <= '9';
    if (wants_digit ? !is_digit : text[i] != kLayout[i]) return false;
  }
  const std::chrono::year_month_day date{
      std::chrono::year{digits_at(text, 0, 4)},
      std::chrono::month{static_cast<unsigned>(digits_at(text, 5, 2))},
      std::chrono::day{static_cast<unsigned>(digits_at(text, 8, 2))}};
  return date.ok() && digits_at(text, 11, 2) < 24 && digits_at(text, 14, 2) < 60 &&
         digits_at(text, 17, 2) < 60;
}

std::optional<std::chrono::sys_seconds> parse_utc_timestamp(std::string_view text) {
  if (!is_utc_timestamp(text)) return std::nullopt;
  const std::chrono::year_month_day date{
      std::chrono::year{digits_at(text, 0, 4)},
      std::chrono::month{static_cast<unsigned>(digits_at(text, 5, 2))},
      std::chrono::day{static_cast<unsigned>(digits_at(text, 8, 2))}};
  return std::chrono::sys_days{date} + std::chrono::hours{digits_at(text, 11, 2)} +
         std::chrono::minutes{digits_at(text, 14, 2)} +
         std::chrono::seconds{digits_at(text, 17, 2)};
}

}  // namespace bfr::clinic

#include "exchange/date_text.hpp"

#include <fmt/format.h>

#include <array>

namespace bfr::exchange {
namespace {

using std::chrono::sys_seconds;

constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Reads `count` digits at `pos`; nullopt if any is not a digit.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<sys_seconds> make_time(int year, int month, int day, int hour, int minute,
                                     int second) {
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return sys_seconds{std::chrono::sys_days{date}} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second};
}

struct Parts {
  int year, month, day, hour, minute, second;
};

Parts split(sys_seconds time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock{time - day};
  return {static_cast<int>(date.year()),
          static_cast<int>(unsigned{date.month()}),
          static_cast<int>(unsigned{date.day()}),
          static_cast<int>(clock.hours().count()),
          static_cast<int>(clock.minutes().count()),
          static_cast<int>(clock.seconds().count())};
}

bool char_at(std::string_view text, std::size_t pos, char c) {
  return pos < text.size() && text[pos] == c;
}

// "YYYY-MM-DD" + separator + "HH:MM:SS" + optional suffix.
std::optional<sys_seconds> parse_iso_like(std::string_view text, char separator,
                                          std::string_view suffix) {
  if (text.size() != 19 + suffix.size() || !text.ends_with(suffix)) return std::nullopt;
  if (!char_at(text, 4, '-') || !char_at(text, 7, '-') || !char_at(text, 10, separator) ||
      !char_at(text, 13, ':') || !char_at(text, 16, ':')) {
    return std::nullopt;
  }
  const auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2),
             h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
  if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
  return make_time(*y, *mo, *d, *h, *mi, *s);
}

}  // namespace

std::optional<sys_seconds> parse_store_time(std::string_view text) {
  return parse_iso_like(text, 'T', "Z");
}

std::string format_hevy_time(sys_seconds time) {
  const Parts p = split(time);
  return fmt::format("{} {} {:04}, {:02}:{:02}", p.day,
                     kMonths[static_cast<std::size_t>(p.month - 1)], p.year, p.hour, p.minute);
}

std::optional<sys_seconds> parse_hevy_time(std::string_view text) {
  // "D Mon YYYY, HH:MM" with a one- or two-digit day.
  const std::size_t space = text.find(' ');
  if (space != 1 && space != 2) return std::nullopt;
  const auto day = digits(text, 0, space);
  const std::string_view rest = text.substr(space + 1);
  if (!day || rest.size() != 3 + 1 + 4 + 2 + 5) return std::nullopt;
  int month = 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (rest.substr(0, 3) == kMonths[i]) month = static_cast<int>(i) + 1;
  }
  if (month == 0 || !char_at(rest, 3, ' ') || rest.substr(8, 2) != ", " ||
      !char_at(rest, 12, ':')) {
    return std::nullopt;
  }
  const auto year = digits(rest, 4, 4), hour = digits(rest, 10, 2), minute = digits(rest, 13, 2);
  if (!year || !hour || !minute) return std::nullopt;
  return make_time(*year, month, *day, *hour, *minute, 0);
}

std::string format_strong_time(sys_seconds time) {
  const Parts p = split(time);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", p.year, p.month, p.day, p.hour,
                     p.minute, p.second);
}

std::optional<sys_seconds> parse_strong_time(std::string_view text) {
  return parse_iso_like(text, ' ', "");
}

std::string format_strong_duration(std::chrono::seconds duration) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(duration).count();
  if (minutes < 60) return fmt::format("{}m", minutes);
  return fmt::format("{}h {}m", minutes / 60, minutes % 60);
}

}  // namespace bfr::exchange

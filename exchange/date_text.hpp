#pragma once
// The date formats of the exchange files, all read as UTC (the store keeps
// UTC; the apps write the phone's local time without a zone, so an import
// keeps the clock reading as it is):
//   store   "2025-07-26T07:06:00Z"
//   Hevy    "26 Jul 2025, 07:06"    (bfr-facts §5)
//   Strong  "2025-07-26 07:06:00"   (bfr-facts §5)
// Parsers return nullopt for anything that is not exactly the format or not
// a real calendar date, so callers can report the offending line.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bfr::exchange {

std::optional<std::chrono::sys_seconds> parse_store_time(std::string_view text);

std::string format_hevy_time(std::chrono::sys_seconds time);
std::optional<std::chrono::sys_seconds> parse_hevy_time(std::string_view text);

std::string format_strong_time(std::chrono::sys_seconds time);
std::optional<std::chrono::sys_seconds> parse_strong_time(std::string_view text);

// Strong's workout duration: "42m", "1h 5m"; under a minute "0m".
std::string format_strong_duration(std::chrono::seconds duration);

}  // namespace bfr::exchange

#pragma once
// The one timestamp format of the clinic store: ISO 8601 UTC with whole
// seconds, "YYYY-MM-DDTHH:MM:SSZ". It is fixed width, so comparing the text
// compares the times.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bfr::clinic {

std::string format_utc_timestamp(std::chrono::sys_seconds time);
std::string utc_timestamp_now();
// `timestamp` itself, or the time now when it is empty (a record whose
// caller left the time to the store).
std::string utc_timestamp_or_now(const std::string& timestamp);

// True only for a well-formed timestamp naming a real calendar date.
bool is_utc_timestamp(std::string_view text);

// The time a well-formed timestamp names; nullopt for anything else.
std::optional<std::chrono::sys_seconds> parse_utc_timestamp(std::string_view text);

}  // namespace bfr::clinic

#pragma once
// Small pieces of command output that several commands print the same way.

#include <optional>

#include <nlohmann/json.hpp>

namespace bfr::cli {

// A benchmark target's verdict as the tables print it.
inline const char* pass_word(bool pass) {
  return pass ? "pass" : "FAIL";
}

// An optional value in JSON output: the value, or null when there is none.
template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace bfr::cli

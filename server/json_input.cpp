#include "server/json_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "server/api_error.hpp"

namespace bfr::server {

namespace {

const nlohmann::json* field(const nlohmann::json& body, std::string_view name) {
  const auto found = body.find(std::string(name));
  if (found == body.end() || found->is_null()) return nullptr;
  return &*found;
}

ApiError missing(std::string_view name) {
  return ApiError(400, fmt::format("'{}' is required", name));
}

}  // namespace

nlohmann::json parse_body(const std::string& body) {
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error&) {
    throw ApiError(400, "the request body is not valid JSON");
  }
}

void require_fields(const nlohmann::json& body, std::span<const std::string_view> known,
                    std::string_view what) {
  if (!body.is_object()) throw ApiError(400, fmt::format("{} must be a JSON object", what));
  for (const auto& [key, value] : body.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      throw ApiError(400, fmt::format("unknown field '{}' in {} (known: {})", key, what,
                                      fmt::join(known, ", ")));
    }
  }
}

std::optional<std::string> string_field(const nlohmann::json& body, std::string_view name) {
  const nlohmann::json* value = field(body, name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) throw ApiError(400, fmt::format("'{}' must be a string", name));
  return value->get<std::string>();
}

std::optional<int> int_field(const nlohmann::json& body, std::string_view name) {
  const nlohmann::json* value = field(body, name);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) {
    const auto number = value->get<std::int64_t>();
    if (number >= std::numeric_limits<int>::min() && number <= std::numeric_limits<int>::max()) {
      return static_cast<int>(number);
    }
  }
  throw ApiError(400, fmt::format("'{}' must be a whole number", name));
}

std::optional<double> number_field(const nlohmann::json& body, std::string_view name) {
  const nlohmann::json* value = field(body, name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number() || !std::isfinite(value->get<double>())) {
    throw ApiError(400, fmt::format("'{}' must be a number", name));
  }
  return value->get<double>();
}

std::string required_string(const nlohmann::json& body, std::string_view name) {
  auto value = string_field(body, name);
  if (!value) throw missing(name);
  return *value;
}

int required_int(const nlohmann::json& body, std::string_view name) {
  auto value = int_field(body, name);
  if (!value) throw missing(name);
  return *value;
}

double required_number(const nlohmann::json& body, std::string_view name) {
  auto value = number_field(body, name);
  if (!value) throw missing(name);
  return *value;
}

}  // namespace bfr::server

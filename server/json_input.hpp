#pragma once
// Reading request bodies: parse, require an object with known fields only,
// and read each field with its type checked. Every problem is an ApiError 400
// naming the field, raised before anything is written.

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bfr::server {

nlohmann::json parse_body(const std::string& body);
// Refuses a body that is not an object or holds a field not in `known`.
void require_fields(const nlohmann::json& body, std::span<const std::string_view> known,
                    std::string_view what);
inline void require_fields(const nlohmann::json& body,
                           std::initializer_list<std::string_view> known, std::string_view what) {
  require_fields(body, std::span<const std::string_view>(known.begin(), known.size()), what);
}

std::optional<std::string> string_field(const nlohmann::json& body, std::string_view name);
std::optional<int> int_field(const nlohmann::json& body, std::string_view name);
std::optional<double> number_field(const nlohmann::json& body, std::string_view name);

std::string required_string(const nlohmann::json& body, std::string_view name);
int required_int(const nlohmann::json& body, std::string_view name);
double required_number(const nlohmann::json& body, std::string_view name);

}  // namespace bfr::server

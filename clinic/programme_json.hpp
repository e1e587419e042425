#pragma once
// clinic::Programme as JSON, the form a programme assignment is stored in
// and a custom programme is written in. Reading checks the shape and types
// (a clear message naming the field) and then validate_programme(), so a
// programme read back is always one a patient may train on.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "clinic/programme.hpp"
#include "clinic/rule_result.hpp"

namespace bfr::clinic {

nlohmann::json programme_to_json(const Programme& programme);
Result<Programme> programme_from_json(const nlohmann::json& json);
// Parses text first; a syntax error names the position.
Result<Programme> programme_from_json_text(std::string_view text);

std::string_view segment_name(LimbSegment segment);

}  // namespace bfr::clinic

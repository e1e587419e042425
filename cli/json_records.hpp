#pragma once
// JSON views of stored records for `--json` output.

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"

namespace bfr::cli {

nlohmann::json to_json(const clinic::Patient& p);
nlohmann::json to_json(const clinic::Limb& l);
nlohmann::json to_json(const clinic::LopMeasurement& m);
nlohmann::json to_json(const clinic::SessionRecord& s);
nlohmann::json to_json(const clinic::SetRecord& s);
nlohmann::json to_json(const clinic::EventRecord& e);

}  // namespace bfr::cli

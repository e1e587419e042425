#pragma once
// JSON views of stored records: the `bfr` command's `--json` output and the
// web app's API answers (which add what a page needs around them).

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"

namespace bfr::clinic {

nlohmann::json to_json(const Patient& p);
nlohmann::json to_json(const Limb& l);
nlohmann::json to_json(const LopMeasurement& m);
nlohmann::json to_json(const SessionRecord& s);
nlohmann::json to_json(const SetRecord& s);
nlohmann::json to_json(const EventRecord& e);

}  // namespace bfr::clinic

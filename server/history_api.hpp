#pragma once
// A patient's stored sessions for the history page and the live pages'
// results: the same records `bfr history` and `bfr session show` read.

#include <cstdint>
#include <nlohmann/json.hpp>

#include "clinic/repository.hpp"

namespace bfr::server::history_api {

nlohmann::json set_json(const clinic::SetRecord& set);
// A session with its sets and symptoms (no trace).
nlohmann::json session_json(clinic::Repository& repository, const clinic::SessionRecord& session);
// A LOP measurement with the limb it was taken on.
nlohmann::json lop_json(const clinic::Limb& limb, const clinic::LopMeasurement& m);

// Every session of the patient, oldest first, each with its sets and the
// totals the charts plot (reps, load, restriction time).
nlohmann::json patient_sessions(clinic::Repository& repository, std::int64_t patient_id);
// One session with its sets, symptoms, events and the whole pressure trace
// as columns (t_s, cuff_mmhg, target_mmhg, phase, set_index).
nlohmann::json session_detail(clinic::Repository& repository, std::int64_t session_id);

}  // namespace bfr::server::history_api

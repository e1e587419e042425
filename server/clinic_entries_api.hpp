#pragma once
// The clinician's entries beside the screening form: programmes (the
// templates, the patient's programme in force, assigning one), 1RMs and
// screening overrides. The same rules and messages as `bfr program assign`,
// `bfr patient one-rep-max` and `bfr screen override`: both call
// clinic/clinician_entries.hpp. Every check runs before the first write; a
// refusal is an ApiError and changes nothing.

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "clinic/records.hpp"
#include "clinic/repository.hpp"

namespace bfr::server::clinic_entries_api {

// Every template with its key and whole programme (phases, exercises,
// prescriptions), as `bfr program show --json` prints it.
nlohmann::json programme_templates();

// The programme in force with its phases named; 404 when there is none.
nlohmann::json current_programme(clinic::Repository& repository, std::int64_t patient_id);
// {"template": KEY or name, "started_at"?: "2025-03-03" or "2025-03-03T09:00:00Z",
//  "phase"?: from 1}. 201 with the programme in force.
nlohmann::json assign_programme(clinic::Repository& repository, std::int64_t patient_id,
                                const nlohmann::json& body, std::chrono::sys_seconds now);

// {"phase": from 1}: the programme in force moves to that phase from now
// (as `bfr program phase`). 409 when the patient has no programme, 400 for
// a phase the programme does not have.
nlohmann::json change_phase(clinic::Repository& repository, std::int64_t patient_id,
                            const nlohmann::json& body, std::chrono::sys_seconds now);

// The patient's 1RM records, oldest first.
nlohmann::json one_rep_maxes(clinic::Repository& repository, std::int64_t patient_id);
// {"exercise", "one_rep_max_kg"} or {"exercise", "test_load_kg", "test_reps",
//  "equation"?: "epley"|"brzycki"}.
nlohmann::json add_one_rep_max(clinic::Repository& repository, std::int64_t patient_id,
                               const nlohmann::json& body, std::chrono::sys_seconds now);

// {"limb", "reason"} on the newest screening, given by `clinician` (the
// signed-in account). 409 when the screening refuses it (none, the limb not
// judged, or cleared already).
nlohmann::json add_override(clinic::Repository& repository, std::int64_t patient_id,
                            const nlohmann::json& body, const std::string& clinician,
                            std::chrono::sys_seconds now);

// {"limb", "cuff_width_cm", "posture"?}: LOP estimated from the published
// prediction equation for the patient and limb as they are on record, stored
// as an estimate. 409 when no equation applies (with the reason).
nlohmann::json estimate_lop(clinic::Repository& repository, std::int64_t patient_id,
                            const nlohmann::json& body, std::chrono::sys_seconds now);

// The published error of a stored estimate's equation, or null.
nlohmann::json estimate_error_json(clinic::LimbSegment segment, double cuff_width_cm,
                                   double lop_mmhg);

// An override as the API shows it, with when it lapses (with its screening).
nlohmann::json override_json(const clinic::ScreeningOverrideRecord& given,
                             const clinic::ScreeningRecord& screening);

}  // namespace bfr::server::clinic_entries_api

#pragma once
// The patient and screening routes: JSON in, the clinic repository and rules
// (the same operations as `bfr patient` and `bfr screen`), JSON out. Every
// check runs before the first write; a refusal is an ApiError and changes
// nothing.

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "clinic/repository.hpp"
#include "clinic/screening.hpp"

namespace bfr::server::clinic_api {

// Limbs as the API names them: "right_thigh", "left_upper_arm".
std::string limb_text(clinic::LimbSide side, clinic::LimbSegment segment);
// Refuses (400) a name that is no limb.
clinic::LimbKey parse_limb_key(std::string_view text);

nlohmann::json list_patients(clinic::Repository& repository);
nlohmann::json get_patient(clinic::Repository& repository, std::int64_t id);
// {"name", "birth_year", "sex", "resting_sbp_mmhg", "resting_dbp_mmhg",
//  "resting_hr_bpm", "notes"?, "limbs"?: [{"limb": "right_thigh", "circumference_cm": 55}]}
nlohmann::json add_patient(clinic::Repository& repository, const nlohmann::json& body);
// The same fields, each optional: given ones change, limbs are added. The
// answer says whether the change voided the newest screening.
nlohmann::json edit_patient(clinic::Repository& repository, std::int64_t id,
                            const nlohmann::json& body);

// The questionnaire's keys: {"patient": [...], "limb": [...]}.
nlohmann::json screening_questions();
// {"patient": {KEY: "yes"|"no", ...}, "limbs": {"right_thigh": {KEY: ...}},
//  "valid_days"?: 1-365}: judged and stored; the outcome per limb with reasons.
nlohmann::json add_screening(clinic::Repository& repository, std::int64_t patient_id,
                             const nlohmann::json& body, std::chrono::sys_seconds now);
// The newest screening with its status now ("current", "expired", ...) and
// the overrides given for it, each lapsing with the screening.
nlohmann::json latest_screening(clinic::Repository& repository, std::int64_t patient_id,
                                std::chrono::sys_seconds now);

// Every LOP measurement on the patient's limbs, oldest first per limb.
nlohmann::json lop_measurements(clinic::Repository& repository, std::int64_t patient_id);

}  // namespace bfr::server::clinic_api

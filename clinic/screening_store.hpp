#pragma once
// Screenings between the rules (screening.hpp) and the store: an evaluated
// screening becomes a record, a stored one becomes what the rules judge
// again, and the gate in front of a session reads the newest screening and
// its overrides.
//
// "When answers change": the stored answers are the questionnaire's, but the
// birth year and resting blood pressure in them come from the patient record.
// The current answers are the stored ones with today's patient values, so an
// edit of the patient's blood pressure voids the screening as a changed
// answer would.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "clinic/repository.hpp"
#include "clinic/rule_result.hpp"
#include "clinic/screening.hpp"

namespace bfr::clinic {

// "cleared", "needs_clinician_clearance", "contraindicated": the stored names.
std::string_view outcome_key(ScreeningOutcome outcome);
std::optional<ScreeningOutcome> parse_outcome_key(std::string_view key);

ScreeningRecord screening_record(std::int64_t patient_id, const ScreeningAnswers& answers,
                                 const Screening& screening, int validity_days);
Result<Screening> screening_from_record(const ScreeningRecord& record);

// The answers with the patient's birth year and resting blood pressure as
// they are now.
ScreeningAnswers with_patient_values(ScreeningAnswers answers, const Patient& patient);
Result<std::string> current_answers_fingerprint(const ScreeningRecord& record,
                                                const Patient& patient);

std::string_view status_text(ScreeningStatus status);

// may_start_session() for `limb` on the newest stored screening and the newest
// override for that limb given for it. Refuses when there is no screening.
SessionDecision screening_gate(Repository& repository, const Patient& patient, const LimbKey& limb,
                               std::chrono::sys_seconds now);

}  // namespace bfr::clinic

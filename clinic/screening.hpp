#pragma once
// Pre-participation screening for BFR and the gate in front of every session.
//
// The questionnaire covers every contraindication and caution of bfr-facts §1
// (seeds), the clot-concern conditions, the DVT risk points and the
// cardiovascular red flags of Nascimento et al. 2022 (bfr-facts §1). Some
// answers belong to the person, some to one limb (the cuff sits on that limb).
// Each limb gets an outcome with the reasons behind it; a limb that is not
// cleared may only train under a recorded clinician override.
//
// Every question is tri-state and starts unanswered: a screening with an
// unanswered question is refused as incomplete, so that "not asked" can never
// read as "no".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/records.hpp"
#include "clinic/rule_result.hpp"

namespace bfr::clinic {

enum class Answer { kUnanswered, kNo, kYes };

// Answers about the person; they apply to every limb.
struct PatientAnswers {
  int birth_year = 0;
  // Measured at the screening; needed for the resting-BP red flag.
  double resting_sbp_mmhg = 0;
  double resting_dbp_mmhg = 0;

  // Contraindications, bfr-facts §1 (seeds).
  Answer current_dvt = Answer::kUnanswered;  // DVT now, in any limb
  Answer sickle_cell = Answer::kUnanswered;  // anaemia or trait
  Answer pregnant = Answer::kUnanswered;
  Answer uncontrolled_hypertension = Answer::kUnanswered;

  // Cautions, bfr-facts §1 (seeds).
  Answer cardiopulmonary_disease = Answer::kUnanswered;
  Answer diabetes = Answer::kUnanswered;  // also a clot concern (Nascimento 2022)
  Answer poor_circulation = Answer::kUnanswered;
  Answer infection = Answer::kUnanswered;  // systemic, or away from the cuff sites
  Answer cancer = Answer::kUnanswered;
  Answer clotting_condition = Answer::kUnanswered;

  // Conditions raising clot concern, bfr-facts §1 (Nascimento 2022). Pregnancy
  // and diabetes are asked above.
  Answer hypertension = Answer::kUnanswered;  // diagnosed, controlled
  Answer post_covid19 = Answer::kUnanswered;
  Answer postpartum = Answer::kUnanswered;
  Answer oral_contraceptives = Answer::kUnanswered;
  Answer rheumatoid_arthritis = Answer::kUnanswered;
  Answer chronic_kidney_disease = Answer::kUnanswered;
  Answer orthopaedic_post_surgery = Answer::kUnanswered;
  Answer anabolic_steroids = Answer::kUnanswered;

  // DVT risk points, bfr-facts §1 (Nascimento 2022). Age >= 60 is computed.
  Answer previous_vte = Answer::kUnanswered;  // DVT or pulmonary embolism before
  Answer known_thrombophilia = Answer::kUnanswered;
  Answer lower_limb_paralysis = Answer::kUnanswered;  // current paralysis or paresis
  Answer cancer_last_5_years = Answer::kUnanswered;
  Answer icu_ccu_stay = Answer::kUnanswered;
  Answer immobilised_one_day_or_more = Answer::kUnanswered;  // complete immobilisation

  // Cardiovascular red flags, bfr-facts §1 (Nascimento 2022). Resting BP
  // >= 180/110 is computed from the measured values.
  Answer acute_myocarditis = Answer::kUnanswered;
  Answer angina_or_st_depression_below_6_mets = Answer::kUnanswered;
  Answer ejection_fraction_below_30_percent = Answer::kUnanswered;
  Answer heart_failure_class_3_or_4 = Answer::kUnanswered;
  Answer uncontrolled_complex_arrhythmia = Answer::kUnanswered;
  Answer recent_revascularisation = Answer::kUnanswered;
  Answer exercise_capacity_below_6_mets = Answer::kUnanswered;
  Answer bp_falls_below_rest_during_exercise = Answer::kUnanswered;
  Answer peripheral_artery_disease = Answer::kUnanswered;
  Answer symptomatic_postural_hypotension = Answer::kUnanswered;  // >= 20 mmHg drop
  Answer abdominal_aortic_aneurysm = Answer::kUnanswered;
  Answer prior_cardiac_arrest = Answer::kUnanswered;
};

struct LimbKey {
  LimbSide side = LimbSide::kRight;
  LimbSegment segment = LimbSegment::kThigh;
  bool operator==(const LimbKey&) const = default;
};

// Answers about one limb that may carry the cuff, bfr-facts §1 (seeds).
struct LimbAnswers {
  LimbKey limb;
  Answer wound_or_infection_near_cuff_site = Answer::kUnanswered;
  Answer lymph_nodes_removed = Answer::kUnanswered;
  Answer lymphoedema = Answer::kUnanswered;
  Answer dvt = Answer::kUnanswered;  // current or past DVT in this limb
  Answer peripheral_vascular_disease = Answer::kUnanswered;
};

struct ScreeningAnswers {
  PatientAnswers patient;
  std::vector<LimbAnswers> limbs;  // at least one, each limb once
};

// Ordered from least to most restrictive.
enum class ScreeningOutcome { kCleared, kNeedsClinicianClearance, kContraindicated };

struct ScreeningReason {
  ScreeningOutcome level = ScreeningOutcome::kCleared;  // kCleared marks a note
  std::string text;
};

struct LimbScreening {
  LimbKey limb;
  ScreeningOutcome outcome = ScreeningOutcome::kCleared;
  std::vector<ScreeningReason> reasons;  // person-wide reasons first
};

struct Screening {
  std::chrono::sys_seconds screened_at{};
  std::string answers_fingerprint;  // of the answers this screening judged
  int age_years = 0;
  int dvt_risk_points = 0;
  std::vector<LimbScreening> limbs;
};

// DVT risk score cut-offs. Project choice: bfr-facts §1 (Nascimento 2022)
// gives the points but no cut-off. One point (age alone, or one ICU stay) is
// common and clears; two points (one major factor) needs a clinician; three
// or more (previous VTE alone reaches it) contraindicates.
inline constexpr int kDvtPointsNeedingClearance = 2;
inline constexpr int kDvtPointsContraindicated = 3;

// Project choice: bfr-facts gives no validity period. Thirty days matches a
// monthly review and is short against the weeks a rehabilitation phase lasts.
inline constexpr std::chrono::seconds kDefaultScreeningValidity = std::chrono::days{30};

ScreeningOutcome outcome_for_dvt_points(int points);
std::string_view outcome_name(ScreeningOutcome outcome);

// Judges complete answers. Fails when a question is unanswered, the birth
// year or blood pressure is implausible, or limbs are missing or repeated.
Result<Screening> evaluate_screening(const ScreeningAnswers& answers,
                                     std::chrono::sys_seconds screened_at);

// A canonical text of every answer (limbs in a fixed order, whatever order
// they were given in) and its 64-bit FNV-1a hash as 16 hex digits. Storage
// keeps the fingerprint beside a screening and compares it with the current
// answers: any change voids the screening.
std::string canonical_answers(const ScreeningAnswers& answers);
std::string answers_fingerprint(const ScreeningAnswers& answers);

// The questions' keys, as they appear in the canonical answers (and in
// answers files): patient questions, then the questions asked per limb.
std::vector<std::string_view> patient_question_keys();
std::vector<std::string_view> limb_question_keys();
// Sets the answer to question `key`; false (nothing changed) for an unknown key.
bool set_patient_answer(PatientAnswers& answers, std::string_view key, Answer answer);
bool set_limb_answer(LimbAnswers& answers, std::string_view key, Answer answer);
// "left thigh", "right upper arm": as in reasons and the canonical answers.
std::string limb_display_name(const LimbKey& limb);
// Reads canonical_answers() text back (a stored screening's answers), so that
// canonical_answers(parse_canonical_answers(t).value) == t.
Result<ScreeningAnswers> parse_canonical_answers(std::string_view text);

enum class ScreeningStatus { kCurrent, kExpired, kAnswersChanged, kDatedInFuture };

ScreeningStatus screening_status(const Screening& screening,
                                 std::string_view current_answers_fingerprint,
                                 std::chrono::sys_seconds now,
                                 std::chrono::seconds validity = kDefaultScreeningValidity);

// A clinician's decision to let a limb that is not cleared train anyway.
struct ClinicianOverride {
  LimbKey limb;
  std::string clinician;  // name, not blank
  std::string reason;     // not blank
  std::chrono::sys_seconds given_at{};
};

struct SessionDecision {
  bool allowed = false;
  std::string reason;
};

// The gate in front of every session on `limb`: the screening must be current
// for the current answers, and a limb that is not cleared needs a valid
// override given for that limb after the screening and not after `now`.
SessionDecision may_start_session(const Screening& screening, const LimbKey& limb,
                                  const std::optional<ClinicianOverride>& clinician_override,
                                  std::chrono::sys_seconds now,
                                  std::string_view current_answers_fingerprint,
                                  std::chrono::seconds validity = kDefaultScreeningValidity);

}  // namespace bfr::clinic

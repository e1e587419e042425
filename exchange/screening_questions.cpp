#include "exchange/screening_questions.hpp"

#include <array>

namespace bfr::exchange {
namespace {

using clinic::LimbAnswers;
using clinic::PatientAnswers;

// Grouped as clinic/screening.hpp groups them: contraindications and cautions
// (bfr-facts §1, seeds), clot concerns, DVT risk points and cardiovascular red
// flags (bfr-facts §1, Nascimento 2022).
constexpr std::array kPatient{
    PatientQuestionText{&PatientAnswers::current_dvt, "current_dvt",
                        "Do you have a deep vein thrombosis (DVT) now, in any limb?"},
    PatientQuestionText{&PatientAnswers::sickle_cell, "sickle_cell",
                        "Do you have sickle cell anaemia or sickle cell trait?"},
    PatientQuestionText{&PatientAnswers::pregnant, "pregnant", "Are you pregnant?"},
    PatientQuestionText{&PatientAnswers::uncontrolled_hypertension, "uncontrolled_hypertension",
                        "Do you have uncontrolled high blood pressure?"},
    PatientQuestionText{&PatientAnswers::cardiopulmonary_disease, "cardiopulmonary_disease",
                        "Do you have a heart or lung disease?"},
    PatientQuestionText{&PatientAnswers::diabetes, "diabetes", "Do you have diabetes?"},
    PatientQuestionText{&PatientAnswers::poor_circulation, "poor_circulation",
                        "Do you have poor circulation?"},
    PatientQuestionText{&PatientAnswers::infection, "infection", "Do you have an infection?"},
    PatientQuestionText{&PatientAnswers::cancer, "cancer", "Do you have cancer?"},
    PatientQuestionText{&PatientAnswers::clotting_condition, "clotting_condition",
                        "Do you have a blood-clotting condition?"},
    PatientQuestionText{&PatientAnswers::hypertension, "hypertension",
                        "Have you been diagnosed with high blood pressure (controlled)?"},
    PatientQuestionText{&PatientAnswers::post_covid19, "post_covid19",
                        "Are you recovering from COVID-19?"},
    PatientQuestionText{&PatientAnswers::postpartum, "postpartum",
                        "Have you given birth recently (postpartum)?"},
    PatientQuestionText{&PatientAnswers::oral_contraceptives, "oral_contraceptives",
                        "Do you take oral contraceptives?"},
    PatientQuestionText{&PatientAnswers::rheumatoid_arthritis, "rheumatoid_arthritis",
                        "Do you have rheumatoid arthritis?"},
    PatientQuestionText{&PatientAnswers::chronic_kidney_disease, "chronic_kidney_disease",
                        "Do you have chronic kidney disease?"},
    PatientQuestionText{&PatientAnswers::orthopaedic_post_surgery, "orthopaedic_post_surgery",
                        "Are you recovering from orthopaedic surgery?"},
    PatientQuestionText{&PatientAnswers::anabolic_steroids, "anabolic_steroids",
                        "Do you use anabolic steroids?"},
    PatientQuestionText{&PatientAnswers::previous_vte, "previous_vte",
                        "Have you ever had a DVT or a pulmonary embolism?"},
    PatientQuestionText{&PatientAnswers::known_thrombophilia, "known_thrombophilia",
                        "Do you have a known thrombophilia?"},
    PatientQuestionText{&PatientAnswers::lower_limb_paralysis, "lower_limb_paralysis",
                        "Do you have paralysis or paresis of a leg now?"},
    PatientQuestionText{&PatientAnswers::cancer_last_5_years, "cancer_last_5_years",
                        "Have you had cancer in the last 5 years?"},
    PatientQuestionText{&PatientAnswers::icu_ccu_stay, "icu_ccu_stay",
                        "Have you stayed in an intensive or coronary care unit?"},
    PatientQuestionText{&PatientAnswers::immobilised_one_day_or_more, "immobilised_one_day_or_more",
                        "Have you been completely immobilised for a day or more?"},
    PatientQuestionText{&PatientAnswers::acute_myocarditis, "acute_myocarditis",
                        "Do you have acute myocarditis?"},
    PatientQuestionText{&PatientAnswers::angina_or_st_depression_below_6_mets,
                        "angina_or_st_depression_below_6_mets",
                        "Do you have angina or ST depression at under 6 METs?"},
    PatientQuestionText{&PatientAnswers::ejection_fraction_below_30_percent,
                        "ejection_fraction_below_30_percent",
                        "Is your ejection fraction below 30 %?"},
    PatientQuestionText{&PatientAnswers::heart_failure_class_3_or_4, "heart_failure_class_3_or_4",
                        "Do you have heart failure of class III or IV?"},
    PatientQuestionText{&PatientAnswers::uncontrolled_complex_arrhythmia,
                        "uncontrolled_complex_arrhythmia",
                        "Do you have an uncontrolled complex arrhythmia?"},
    PatientQuestionText{&PatientAnswers::recent_revascularisation, "recent_revascularisation",
                        "Have you had a revascularisation recently?"},
    PatientQuestionText{&PatientAnswers::exercise_capacity_below_6_mets,
                        "exercise_capacity_below_6_mets",
                        "Is your exercise capacity below 6 METs?"},
    PatientQuestionText{&PatientAnswers::bp_falls_below_rest_during_exercise,
                        "bp_falls_below_rest_during_exercise",
                        "Does your blood pressure fall below its resting value during exercise?"},
    PatientQuestionText{&PatientAnswers::peripheral_artery_disease, "peripheral_artery_disease",
                        "Do you have peripheral artery disease?"},
    PatientQuestionText{&PatientAnswers::symptomatic_postural_hypotension,
                        "symptomatic_postural_hypotension",
                        "Does your blood pressure drop by 20 mmHg or more with symptoms when "
                        "you stand up?"},
    PatientQuestionText{&PatientAnswers::abdominal_aortic_aneurysm, "abdominal_aortic_aneurysm",
                        "Do you have an abdominal aortic aneurysm?"},
    PatientQuestionText{&PatientAnswers::prior_cardiac_arrest, "prior_cardiac_arrest",
                        "Have you ever had a cardiac arrest?"},
};

constexpr std::array kLimb{
    LimbQuestionText{&LimbAnswers::wound_or_infection_near_cuff_site,
                     "wound_or_infection_near_cuff_site",
                     "Is there an open wound or an infection at or near the cuff site?"},
    LimbQuestionText{&LimbAnswers::lymph_nodes_removed, "lymph_nodes_removed",
                     "Have lymph nodes been removed on this limb?"},
    LimbQuestionText{&LimbAnswers::lymphoedema, "lymphoedema",
                     "Is there lymphoedema in this limb?"},
    LimbQuestionText{&LimbAnswers::dvt, "dvt", "Has this limb had a DVT, now or in the past?"},
    LimbQuestionText{&LimbAnswers::peripheral_vascular_disease, "peripheral_vascular_disease",
                     "Is there peripheral vascular disease in this limb?"},
};

}  // namespace

std::span<const PatientQuestionText> patient_question_texts() {
  return kPatient;
}

std::span<const LimbQuestionText> limb_question_texts() {
  return kLimb;
}

}  // namespace bfr::exchange

#pragma once
// The screening questions of clinic/screening.hpp as a questionnaire shows
// them: each answer field with its key (the same keys, in the same order, as
// clinic::canonical_answers writes, which a test checks) and the question put
// to the patient.

#include <span>
#include <string_view>

#include "clinic/screening.hpp"

namespace bfr::exchange {

struct PatientQuestionText {
  clinic::Answer clinic::PatientAnswers::*field;
  std::string_view key;
  std::string_view text;
};

struct LimbQuestionText {
  clinic::Answer clinic::LimbAnswers::*field;
  std::string_view key;
  std::string_view text;
};

std::span<const PatientQuestionText> patient_question_texts();
std::span<const LimbQuestionText> limb_question_texts();

// The questionnaire's version: the tag of clinic::canonical_answers, which
// changes whenever the questions do.
inline constexpr std::string_view kScreeningQuestionnaireVersion = "openbfr-screening-v1";

}  // namespace bfr::exchange

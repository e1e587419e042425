// Setting answers by key and reading stored canonical answers back
// (clinic/screening.hpp).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clinic/screening.hpp"

namespace bfr::clinic {
namespace {

ScreeningAnswers every_answer(Answer answer) {
  ScreeningAnswers answers;
  answers.patient.birth_year = 1961;
  answers.patient.resting_sbp_mmhg = 131.5;
  answers.patient.resting_dbp_mmhg = 82.25;
  for (const std::string_view key : patient_question_keys()) {
    EXPECT_TRUE(set_patient_answer(answers.patient, key, answer)) << key;
  }
  for (const LimbKey limb : {LimbKey{LimbSide::kRight, LimbSegment::kThigh},
                             LimbKey{LimbSide::kLeft, LimbSegment::kUpperArm}}) {
    LimbAnswers limb_answers{.limb = limb};
    for (const std::string_view key : limb_question_keys()) {
      EXPECT_TRUE(set_limb_answer(limb_answers, key, answer)) << key;
    }
    answers.limbs.push_back(limb_answers);
  }
  return answers;
}

TEST(ScreeningAnswersTest, KeysCoverTheQuestionnaire) {
  // 4 contraindications, 6 cautions, 8 clot concerns, 6 DVT point items and
  // 12 asked red flags (screening.hpp).
  EXPECT_EQ(patient_question_keys().size(), 36U);
  EXPECT_EQ(limb_question_keys().size(), 5U);
  PatientAnswers patient;
  EXPECT_TRUE(set_patient_answer(patient, "pregnant", Answer::kYes));
  EXPECT_EQ(patient.pregnant, Answer::kYes);
  EXPECT_FALSE(set_patient_answer(patient, "pregnancy", Answer::kYes));
  LimbAnswers limb;
  EXPECT_TRUE(set_limb_answer(limb, "lymphoedema", Answer::kNo));
  EXPECT_EQ(limb.lymphoedema, Answer::kNo);
  EXPECT_FALSE(set_limb_answer(limb, "pregnant", Answer::kNo));
}

TEST(ScreeningAnswersTest, CanonicalTextReadsBackToTheSameAnswers) {
  ScreeningAnswers answers = every_answer(Answer::kNo);
  set_patient_answer(answers.patient, "diabetes", Answer::kYes);
  set_limb_answer(answers.limbs[1], "dvt", Answer::kYes);
  const std::string text = canonical_answers(answers);
  const Result<ScreeningAnswers> read = parse_canonical_answers(text);
  ASSERT_TRUE(read.ok()) << read.error;
  EXPECT_EQ(canonical_answers(*read.value), text);
  EXPECT_EQ(answers_fingerprint(*read.value), answers_fingerprint(answers));
  EXPECT_EQ(read.value->patient.diabetes, Answer::kYes);
  EXPECT_EQ(read.value->patient.resting_dbp_mmhg, 82.25);
  ASSERT_EQ(read.value->limbs.size(), 2U);
  // Canonical order: left before right.
  EXPECT_EQ(read.value->limbs[0].limb.side, LimbSide::kLeft);
  EXPECT_EQ(read.value->limbs[0].dvt, Answer::kYes);
}

TEST(ScreeningAnswersTest, DamagedTextIsRefusedWithTheLine) {
  const std::string text = canonical_answers(every_answer(Answer::kNo));
  EXPECT_THAT(parse_canonical_answers("something else\n").error, ::testing::HasSubstr("line 1"));
  std::string unknown = text;
  unknown.replace(unknown.find("pregnant="), 8, "pregnanX");
  EXPECT_THAT(parse_canonical_answers(unknown).error, ::testing::HasSubstr("unknown answer"));
  std::string bad_limb = text;
  bad_limb.replace(bad_limb.find("limb=left upper arm"), 19, "limb=left foot");
  EXPECT_THAT(parse_canonical_answers(bad_limb).error, ::testing::HasSubstr("unknown limb"));
  EXPECT_FALSE(parse_canonical_answers("").ok());
}

}  // namespace
}  // namespace bfr::clinic

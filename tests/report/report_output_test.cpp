// Writing report files: complete or not at all.

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "report/html_renderer.hpp"
#include "report/report_loader.hpp"
#include "report/report_output.hpp"
#include "report/session_report.hpp"
#include "tests/report/report_fixtures.hpp"

namespace bfr {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t entries(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST(WriteFileAtomically, ReplacesTheTargetAndLeavesNoTemporary) {
  testing::ScratchDir dir;
  const auto target = dir.path() / "r.html";
  report::write_file_atomically(target, "first");
  report::write_file_atomically(target, "second");
  EXPECT_EQ(slurp(target), "second");
  EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(WriteFileAtomically, MissingDirectoryFailsWithTheFileNamed) {
  testing::ScratchDir dir;
  const auto target = dir.path() / "no-such-dir" / "r.pdf";
  try {
    report::write_file_atomically(target, "x");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(entries(dir.path()), 0u);
}

TEST(WriteFileAtomically, TargetThatIsADirectoryStaysAndNoTemporaryRemains) {
  testing::ScratchDir dir;
  const auto target = dir.path() / "taken";
  std::filesystem::create_directory(target);
  EXPECT_THROW(report::write_file_atomically(target, "x"), std::runtime_error);
  EXPECT_TRUE(std::filesystem::is_directory(target));
  EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(SessionReportLoader, UnknownSessionIsAnError) {
  testing::ScratchDir dir;
  auto stored = testing::hand_filled_session(dir.path() / "hand.db");
  try {
    report::load_session_report(*stored.repo, stored.session_id + 7);
    FAIL() << "expected an error";
  } catch (const report::ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("no session"), std::string::npos) << e.what();
  }
}

TEST(SessionReportLoader, ReadsWhatTheStoreHolds) {
  testing::ScratchDir dir;
  auto stored = testing::hand_filled_session(dir.path() / "hand.db");
  const auto data = report::load_session_report(*stored.repo, stored.session_id);
  EXPECT_EQ(data.patient.display_name, testing::kHandPatientName);
  ASSERT_TRUE(data.lop);
  EXPECT_EQ(data.lop->method, clinic::LopMethod::kEstimated);
  ASSERT_EQ(data.sets.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(data.sets[i].record.actual_reps, testing::kHandActualReps[i]);
  }
  EXPECT_FALSE(data.trace.empty());
  EXPECT_EQ(data.events.size(), 2u);
  EXPECT_FALSE(data.screening);
  EXPECT_FALSE(data.prescription);
  EXPECT_FALSE(data.symptoms);
}

TEST(SessionReportLoader, FillsScreeningProgrammeFeedbackAndSymptoms) {
  testing::ScratchDir dir;
  auto stored = testing::recorded_session(dir.path() / "recorded.db");
  const auto data = report::load_session_report(*stored.repo, stored.session_id);
  ASSERT_TRUE(data.screening);
  EXPECT_EQ(data.screening->screened_at, testing::kRecordedScreenedAt);
  ASSERT_TRUE(data.screening->limb);
  EXPECT_EQ(data.screening->limb->outcome, clinic::ScreeningOutcome::kNeedsClinicianClearance);
  EXPECT_FALSE(data.screening->limb->reasons.empty());
  ASSERT_EQ(data.screening->overrides.size(), 1u);
  EXPECT_EQ(data.screening->overrides[0].clinician, testing::kRecordedClinician);
  ASSERT_TRUE(data.programme);
  EXPECT_EQ(data.programme->programme_name, testing::kRecordedProgramme);
  EXPECT_EQ(data.programme->phase_name, testing::kRecordedPhase);
  ASSERT_TRUE(data.prescription);
  EXPECT_EQ(data.prescription->sessions_per_week, testing::kRecordedSessionsPerWeek);
  ASSERT_EQ(data.sets.size(), 4u);
  EXPECT_EQ(data.sets[1].feedback.load_kg, testing::kRecordedLoadKg);
  EXPECT_EQ(data.sets[1].feedback.rpe_cr10, testing::kRecordedRpe);
  EXPECT_EQ(data.sets[1].feedback.pain_0_10, testing::kRecordedPain);
  EXPECT_FALSE(data.sets[0].feedback.rpe_cr10);
  ASSERT_TRUE(data.symptoms);
  ASSERT_EQ(data.symptoms->size(), 1u);
  EXPECT_EQ(data.symptoms->front().report.symptom, clinic::Symptom::kNumbness);
  EXPECT_EQ(data.symptoms->front().report.severity, clinic::Severity::kModerate);
  EXPECT_EQ(data.symptoms->front().note, testing::kRecordedSymptomNote);
}

// Feedback entered for a set means the patient was asked: no stored symptom
// then reads "none reported" rather than "not recorded".
TEST(SessionReportLoader, FeedbackWithoutSymptomsIsNoneReported) {
  testing::ScratchDir dir;
  auto stored = testing::hand_filled_session(dir.path() / "hand.db");
  stored.repo->record_set_feedback(stored.session_id, 0, {std::nullopt, 4.0, std::nullopt});
  const auto data = report::load_session_report(*stored.repo, stored.session_id);
  ASSERT_TRUE(data.symptoms);
  EXPECT_TRUE(data.symptoms->empty());
}

// A screening that did not judge the session's limb is named, not passed off
// as this limb's outcome; one taken after the session says so.
TEST(SessionReportLoader, ScreeningOfOtherLimbsIsNamedAsSuch) {
  testing::ScratchDir dir;
  auto stored = testing::hand_filled_session(dir.path() / "hand.db");
  clinic::ScreeningRecord screening;
  screening.patient_id = stored.patient_id;
  screening.taken_at = "2026-03-05T10:00:00Z";  // after the session of 2026-03-02
  screening.answers_text = "stands in for the answers";
  screening.answers_fingerprint = "0123456789abcdef";
  screening.age_years = 46;
  screening.limbs.push_back(
      {clinic::LimbSide::kRight, clinic::LimbSegment::kUpperArm, "cleared", {}});
  stored.repo->add_screening(screening);
  const auto data = report::load_session_report(*stored.repo, stored.session_id);
  ASSERT_TRUE(data.screening);
  EXPECT_FALSE(data.screening->limb);
  const auto html = report::render_html(report::session_report(data, "2026-03-06T10:00:00Z"));
  EXPECT_NE(html.find("left thigh not screened (the screening covers right upper arm)"),
            std::string::npos);
  EXPECT_NE(html.find("2026-03-05 10:00 UTC (after this session)"), std::string::npos);
}

}  // namespace
}  // namespace bfr

// The session report of a session run through the real controller on a
// simulated limb: rendered to PDF, read back with pdftotext and rasterised
// with pdftoppm, and checked against the stored records and the plot's
// geometry.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "report/pdf_renderer.hpp"
#include "report/report_loader.hpp"
#include "report/report_output.hpp"
#include "report/session_report.hpp"
#include "tests/report/poppler_tools.hpp"
#include "tests/report/report_fixtures.hpp"

namespace bfr {
namespace {

using testing::PngImage;

using testing::has_line_matching;
using testing::kArtefacts;
using testing::kDpi;
using testing::kPixelsPerPoint;
using testing::px;

class SimulatedSessionReport : public ::testing::Test {
 protected:
  // A failure here would make GoogleTest skip the suite; it is recorded and
  // reported by every test instead.
  static void SetUpTestSuite() {
    dir_ = new testing::ScratchDir();
    try {
      build_report();
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void build_report() {
    auto stored = testing::simulated_session(dir_->path() / "sim.db");
    data_ =
        new report::SessionReportData(report::load_session_report(*stored.repo, stored.session_id));
    pdf_ = new report::RenderedPdf(
        report::render_pdf(report::session_report(*data_, "2026-11-22T12:00:00Z")));
    std::filesystem::create_directories(kArtefacts);
    report::write_file_atomically(kArtefacts / "sample-session-report.pdf", pdf_->bytes);
  }
  static void TearDownTestSuite() {
    delete pdf_;
    delete data_;
    delete dir_;
  }
  void SetUp() override {
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
    for (const char* tool : {"pdftotext", "pdftoppm"}) {
      const auto missing = testing::missing_tool_message(tool);
      ASSERT_TRUE(missing.empty()) << missing;
    }
  }
  static std::filesystem::path pdf_path() { return kArtefacts / "sample-session-report.pdf"; }

  static testing::ScratchDir* dir_;
  static std::string setup_error_;
  static report::SessionReportData* data_;
  static report::RenderedPdf* pdf_;
};
testing::ScratchDir* SimulatedSessionReport::dir_ = nullptr;
std::string SimulatedSessionReport::setup_error_;
report::SessionReportData* SimulatedSessionReport::data_ = nullptr;
report::RenderedPdf* SimulatedSessionReport::pdf_ = nullptr;

TEST_F(SimulatedSessionReport, TextNamesPatientLopAndSetsFromTheRecords) {
  ASSERT_EQ(pdf_->bytes.rfind("%PDF-", 0), 0u);
  const std::string text = testing::pdf_text(pdf_path());
  EXPECT_NE(text.find(data_->patient.display_name), std::string::npos) << text;
  ASSERT_TRUE(data_->lop && data_->lop->lop_mmhg);
  EXPECT_NE(text.find(fmt::format("{:.1f} mmHg", *data_->lop->lop_mmhg)), std::string::npos);
  EXPECT_NE(text.find("measured through the cuff"), std::string::npos);
  EXPECT_EQ(text.find("estimated"), std::string::npos) << "a measured LOP is not called estimated";
  // One table line per set: its number, target reps and actual reps as stored.
  ASSERT_EQ(data_->sets.size(), 4u);
  for (const auto& set : data_->sets) {
    const auto& r = set.record;
    EXPECT_TRUE(
        has_line_matching(text, fmt::format(R"(^\s*{}\s+{}\s+{}\s+{:.1f}\s)", r.set_index + 1,
                                            r.target_reps, r.actual_reps, r.duration_s)))
        << "set " << r.set_index + 1 << " row missing in:\n"
        << text;
  }
  // Nothing about screening, prescription or symptoms is stored today.
  EXPECT_TRUE(has_line_matching(text, R"(Outcome\s+not recorded)")) << text;
  EXPECT_TRUE(has_line_matching(text, R"(Symptoms\s+not recorded)")) << text;
  EXPECT_NE(text.find(data_->session.stop_reason), std::string::npos);
}

TEST_F(SimulatedSessionReport, PagesShowTheTraceInsideItsBandAndSetSpans) {
  const auto pages = testing::pdf_pages_png(pdf_path(), kDpi, kArtefacts / "sample-session-report");
  ASSERT_EQ(static_cast<int>(pages.size()), pdf_->pages);
  for (const auto& page : pages) {
    const PngImage image(page);
    EXPECT_NEAR(image.width(), report::kA4WidthPt * kPixelsPerPoint, 1.0);  // pdftoppm rounds up
    EXPECT_GT(image.count_non_white(), image.width() * image.height() / 100)
        << page << " looks blank";
  }
  const auto figure = std::find_if(pdf_->figures.begin(), pdf_->figures.end(),
                                   [](const auto& f) { return f.title == "Cuff pressure"; });
  ASSERT_NE(figure, pdf_->figures.end());
  ASSERT_TRUE(figure->frame.has_data);
  const PngImage image(pages[static_cast<std::size_t>(figure->page)]);
  const auto& f = figure->frame;
  const int left = px(f.area.x) + 2, right = px(f.area.x + f.area.width) - 2;
  const int top = px(f.area.y) + 1, bottom = px(f.area.y + f.area.height) - 1;

  double target_lo = 1e9, target_hi = 0, peak = 0;
  for (const auto& s : data_->trace) {
    if (s.target_mmhg > 0) {
      target_lo = std::min(target_lo, s.target_mmhg);
      target_hi = std::max(target_hi, s.target_mmhg);
    }
    peak = std::max(peak, s.cuff_mmhg);
  }
  ASSERT_GT(target_hi, 0);

  // The band's shade fills the rows of target +-10 % and no others.
  const int band_top = px(f.to_y(target_hi * 1.1)) - 2;
  const int band_bottom = px(f.to_y(target_lo * 0.9)) + 2;
  constexpr int kShadeTolerance = 6;
  EXPECT_GT(
      image.count_near(report::palette::kBand, kShadeTolerance, left, band_top, right, band_bottom),
      (right - left) * (band_bottom - band_top) / 4);
  EXPECT_EQ(image.count_near(report::palette::kBand, kShadeTolerance, left, top, right, band_top),
            0);
  EXPECT_EQ(
      image.count_near(report::palette::kBand, kShadeTolerance, left, band_bottom, right, bottom),
      0);

  // Inside every set the measured trace runs near the target.
  constexpr int kLineTolerance = 60;
  for (const auto& set : data_->sets) {
    const auto& r = set.record;
    const int x0 = px(f.to_x(r.started_s + 0.2 * r.duration_s));
    const int x1 = px(f.to_x(r.started_s + 0.8 * r.duration_s));
    const int y0 = px(f.to_y(target_hi * 1.3));
    const int y1 = px(f.to_y(target_lo * 0.7));
    EXPECT_GT(image.count_near(report::palette::kTrace, kLineTolerance, x0, y0, x1, y1), 3)
        << "no trace in set " << r.set_index + 1;
    // The set spans' grey shows above the band within the set.
    EXPECT_GT(image.count_near(report::palette::kSpan, 3, x0, top + px(12), x1, band_top), 0)
        << "set " << r.set_index + 1 << " is not marked";
  }
  // And never above its own peak.
  EXPECT_EQ(image.count_near(report::palette::kTrace, kLineTolerance, left, top, right,
                             px(f.to_y(peak)) - 3),
            0);
}

TEST(SessionReportPdf, EstimatedLopIsLabelledAndHandFilledSetsAppear) {
  for (const char* tool : {"pdftotext", "pdftoppm"}) {
    const auto missing = testing::missing_tool_message(tool);
    ASSERT_TRUE(missing.empty()) << missing;
  }
  testing::ScratchDir dir;
  auto stored = testing::hand_filled_session(dir.path() / "hand.db");
  const auto data = report::load_session_report(*stored.repo, stored.session_id);
  const auto pdf = dir.path() / "hand.pdf";
  report::write_report(report::session_report(data, "2026-03-02T10:00:00Z"),
                       report::ReportFormat::kPdf, pdf);
  const std::string text = testing::pdf_text(pdf);
  EXPECT_NE(text.find(testing::kHandPatientName), std::string::npos);
  EXPECT_NE(text.find(fmt::format("{:.1f} mmHg", testing::kHandLopMmhg)), std::string::npos);
  EXPECT_TRUE(has_line_matching(text, R"(Method\s+estimated)")) << text;
  EXPECT_NE(text.find("supine"), std::string::npos);
  for (std::size_t i = 0; i < testing::kHandActualReps.size(); ++i) {
    EXPECT_TRUE(has_line_matching(
        text, fmt::format(R"(^\s*{}\s+{}\s+{}\s)", i + 1, testing::kHandTargetReps[i],
                          testing::kHandActualReps[i])))
        << text;
  }
  // The one alarm is listed; the overall time in band is 100 % (the trace
  // sits on target in every set).
  EXPECT_TRUE(has_line_matching(text, R"(200\.0\s+alarm_raised\s+over_pressure_cap)")) << text;
  EXPECT_TRUE(has_line_matching(text, R"(all sets\)\s+100\.0 %)")) << text;
  EXPECT_TRUE(has_line_matching(text, R"(Total restriction time\s+4 min 15 s)")) << text;
  // Nothing else is stored for this session: each part says so.
  EXPECT_TRUE(has_line_matching(text, R"(Outcome\s+not recorded)")) << text;
  EXPECT_TRUE(has_line_matching(text, R"(Programme prescription\s+not recorded)")) << text;
  EXPECT_TRUE(has_line_matching(text, R"(Symptoms\s+not recorded)")) << text;
  EXPECT_EQ(text.find("Programme  "), std::string::npos) << "no programme row without one";
}

// The screening, override, programme prescription, set feedback and symptom
// stored beside a session come out of the loader and into the PDF's text.
TEST(SessionReportPdf, StoredScreeningPrescriptionFeedbackAndSymptomsAppear) {
  const auto missing = testing::missing_tool_message("pdftotext");
  ASSERT_TRUE(missing.empty()) << missing;
  testing::ScratchDir dir;
  auto stored = testing::recorded_session(dir.path() / "recorded.db");
  const auto data = report::load_session_report(*stored.repo, stored.session_id);
  // Kept as the sample of a report with every part filled.
  std::filesystem::create_directories(kArtefacts);
  const auto pdf = kArtefacts / "sample-recorded-session-report.pdf";
  report::write_report(report::session_report(data, "2026-03-02T10:00:00Z"),
                       report::ReportFormat::kPdf, pdf);
  report::write_report(report::session_report(data, "2026-03-02T10:00:00Z"),
                       report::ReportFormat::kHtml,
                       kArtefacts / "sample-recorded-session-report.html");
  const std::string text = testing::pdf_text(pdf);
  EXPECT_EQ(text.find("not recorded"), std::string::npos) << text;
  EXPECT_TRUE(has_line_matching(text, R"(Outcome\s+needs clinician clearance \(left thigh\))"))
      << text;
  EXPECT_TRUE(has_line_matching(text, R"(Screened\s+2026-03-01 10:00 UTC\s*$)")) << text;
  EXPECT_TRUE(has_line_matching(text, R"(needs clinician clearance\s+.*orthopaedic)")) << text;
  EXPECT_TRUE(has_line_matching(
      text, fmt::format(R"({}\s+{}\s+2026-03-01 11:00 UTC)", testing::kRecordedClinician,
                        testing::kRecordedOverrideReason)))
      << text;
  EXPECT_TRUE(
      has_line_matching(text, fmt::format(R"(Programme\s+{}, phase 1 \({}\))",
                                          testing::kRecordedProgramme, testing::kRecordedPhase)))
      << text;
  EXPECT_TRUE(has_line_matching(text, R"(Prescribed pressure\s+80 % LOP)")) << text;
  EXPECT_TRUE(has_line_matching(
      text, fmt::format(R"(Sessions per week\s+{}\s*$)", testing::kRecordedSessionsPerWeek)))
      << text;
  EXPECT_TRUE(has_line_matching(text, R"(Reps per set\s+30-15-15-15)")) << text;
  // Set 2 carries the entered load, RPE and pain; the other sets show dashes.
  EXPECT_TRUE(has_line_matching(
      text, fmt::format(R"(^\s*2\s+15\s+14\s.*{:.1f}\s+{:.1f}\s+{}\s*$)", testing::kRecordedLoadKg,
                        testing::kRecordedRpe, testing::kRecordedPain)))
      << text;
  EXPECT_TRUE(has_line_matching(text, R"(^\s*1\s+30\s+27\s.*-\s+-\s+-\s*$)")) << text;
  EXPECT_TRUE(
      has_line_matching(text, fmt::format(R"(numbness\s+moderate\s+2026-03-02 09:06 UTC\s+{})",
                                          testing::kRecordedSymptomNote)))
      << text;
  const auto pages =
      testing::pdf_pages_png(pdf, kDpi, kArtefacts / "sample-recorded-session-report");
  EXPECT_FALSE(pages.empty());
}

TEST(SessionReportPdf, FilledOptionalPartsReplaceNotRecorded) {
  const auto missing = testing::missing_tool_message("pdftotext");
  ASSERT_TRUE(missing.empty()) << missing;
  testing::ScratchDir dir;
  auto stored = testing::hand_filled_session(dir.path() / "hand.db");
  auto data = report::load_session_report(*stored.repo, stored.session_id);
  report::ScreeningSummary screening;
  screening.screened_at = "2026-03-01T10:00:00Z";
  clinic::LimbScreening limb;
  limb.limb = {clinic::LimbSide::kLeft, clinic::LimbSegment::kThigh};
  limb.outcome = clinic::ScreeningOutcome::kNeedsClinicianClearance;
  limb.reasons.push_back(
      {clinic::ScreeningOutcome::kNeedsClinicianClearance, "orthopaedic post-surgery"});
  screening.limb = limb;
  screening.dvt_risk_points = 2;
  data.screening = screening;
  data.prescription = clinic::resistance_prescription(clinic::LimbSegment::kThigh);
  data.sets[1].feedback = {22.5, 6.5, 3};
  data.symptoms = std::vector<report::SessionSymptom>{
      {{clinic::Symptom::kNumbness, clinic::Severity::kModerate}, "", ""}};

  const auto pdf = dir.path() / "full.pdf";
  report::write_report(report::session_report(data, "2026-03-02T10:00:00Z"),
                       report::ReportFormat::kPdf, pdf);
  const std::string text = testing::pdf_text(pdf);
  EXPECT_EQ(text.find("not recorded"), std::string::npos) << text;
  EXPECT_TRUE(has_line_matching(text, R"(Outcome\s+needs clinician clearance \(left thigh\))"))
      << text;
  EXPECT_NE(text.find("orthopaedic post-surgery"), std::string::npos);
  EXPECT_TRUE(has_line_matching(text, R"(Reps per set\s+30-15-15-15)")) << text;
  EXPECT_TRUE(has_line_matching(text, R"(^\s*2\s+15\s+14\s.*22\.5\s+6\.5\s+3\s*$)")) << text;
  EXPECT_TRUE(has_line_matching(text, R"(numbness\s+moderate)")) << text;
}

TEST(SessionReportPdf, EmptySymptomListReadsNoneReported) {
  const auto missing = testing::missing_tool_message("pdftotext");
  ASSERT_TRUE(missing.empty()) << missing;
  testing::ScratchDir dir;
  auto stored = testing::hand_filled_session(dir.path() / "hand.db");
  auto data = report::load_session_report(*stored.repo, stored.session_id);
  data.symptoms = std::vector<report::SessionSymptom>{};
  const auto pdf = dir.path() / "none.pdf";
  report::write_report(report::session_report(data, "2026-03-02T10:00:00Z"),
                       report::ReportFormat::kPdf, pdf);
  const std::string text = testing::pdf_text(pdf);
  EXPECT_NE(text.find("none reported"), std::string::npos);
  EXPECT_FALSE(has_line_matching(text, R"(Symptoms\s+not recorded)"));
}

}  // namespace
}  // namespace bfr

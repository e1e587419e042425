// The progress report over four hand-filled weeks: sessions per week, LOP
// over time (one estimate among measurements), and the charts' pixels.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "report/html_renderer.hpp"
#include "report/pdf_renderer.hpp"
#include "report/progress_report.hpp"
#include "report/report_loader.hpp"
#include "report/report_output.hpp"
#include "report/report_text.hpp"
#include "tests/report/poppler_tools.hpp"
#include "tests/report/report_fixtures.hpp"

namespace bfr {
namespace {

using testing::has_line_matching;
using testing::kArtefacts;
using testing::kDpi;
using testing::kPixelsPerPoint;
using testing::px;

class ProgressReport : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"pdftotext", "pdftoppm"}) {
      const auto missing = testing::missing_tool_message(tool);
      ASSERT_TRUE(missing.empty()) << missing;
    }
    stored_ = testing::progress_store(dir_.path() / "progress.db");
    const auto end = report::parse_timestamp(testing::kProgressEnd);
    ASSERT_TRUE(end);
    data_ = report::load_progress_report(*stored_.repo, stored_.patient_id, 4, *end);
  }
  testing::ScratchDir dir_;
  testing::StoredSession stored_;
  report::ProgressReportData data_;
};

TEST_F(ProgressReport, LoadsOnlyThePeriod) {
  EXPECT_EQ(data_.period_start, "2026-03-01T00:00:00Z");
  ASSERT_EQ(data_.sessions.size(), testing::kProgressSessionStarts.size());
  for (std::size_t i = 0; i < data_.sessions.size(); ++i) {
    EXPECT_EQ(data_.sessions[i].started_at, testing::kProgressSessionStarts[i]);
    EXPECT_EQ(data_.sessions[i].target_reps, 75);
  }
  // The fixture's per-week layout: 3, 2, none, 1.
  EXPECT_EQ(report::sessions_per_week(data_), (std::vector<int>{3, 2, 0, 1}));
  EXPECT_EQ(data_.lops.size(), testing::kProgressSessionStarts.size());
  // The heaviest set of each session and the programme's plan, from the store.
  for (std::size_t i = 0; i < data_.sessions.size(); ++i) {
    ASSERT_TRUE(data_.sessions[i].load_kg) << i;
    EXPECT_DOUBLE_EQ(*data_.sessions[i].load_kg, testing::progress_load_kg(i + 1));
  }
  EXPECT_EQ(data_.planned_sessions_per_week, testing::kRecordedSessionsPerWeek);
}

TEST_F(ProgressReport, PdfListsWeeksLopsAndSessions) {
  const auto rendered = report::render_pdf(report::progress_report(data_, "2026-03-29T08:00:00Z"));
  std::filesystem::create_directories(kArtefacts);
  const auto pdf = kArtefacts / "sample-progress-report.pdf";
  report::write_file_atomically(pdf, rendered.bytes);
  const std::string text = testing::pdf_text(pdf);

  const std::vector<std::pair<std::string, int>> weeks{
      {"2026-03-01", 3}, {"2026-03-08", 2}, {"2026-03-15", 0}, {"2026-03-22", 1}};
  for (std::size_t w = 0; w < weeks.size(); ++w) {
    EXPECT_TRUE(has_line_matching(
        text, fmt::format(R"(^\s*{}\s+{}\s+{}\s+3\s*$)", w + 1, weeks[w].first, weeks[w].second)))
        << "week " << w + 1 << " in:\n"
        << text;
  }
  EXPECT_TRUE(has_line_matching(text, R"(Sessions in period\s+6)"));
  EXPECT_TRUE(has_line_matching(text, R"(Mean sessions per week\s+1\.5)"));
  // Every LOP in the period with its method; the one before it is left out.
  for (const auto& l : data_.lops) {
    const bool estimated = l.measurement.method == clinic::LopMethod::kEstimated;
    EXPECT_TRUE(has_line_matching(text, fmt::format(R"({:.1f}\s+{}\s)", *l.measurement.lop_mmhg,
                                                    estimated ? "estimated" : "measured")))
        << *l.measurement.lop_mmhg;
  }
  EXPECT_EQ(text.find("170.0"), std::string::npos);
  EXPECT_NE(text.find("Load per session"), std::string::npos);
  EXPECT_EQ(text.find("load not recorded"), std::string::npos);
  EXPECT_TRUE(has_line_matching(
      text, fmt::format(R"(UTC\s+{}\s+leg press\s.*\s{:.1f}\s+completed)",
                        data_.sessions.back().session_id, testing::progress_load_kg(6))))
      << text;
}

TEST_F(ProgressReport, AdherenceBarsFollowTheWeeks) {
  const auto rendered = report::render_pdf(report::progress_report(data_, "2026-03-29T08:00:00Z"));
  const auto pdf = dir_.path() / "progress.pdf";
  report::write_file_atomically(pdf, rendered.bytes);
  const auto pages = testing::pdf_pages_png(pdf, kDpi, dir_.path() / "progress");
  ASSERT_EQ(static_cast<int>(pages.size()), rendered.pages);
  const auto figure = std::find_if(rendered.figures.begin(), rendered.figures.end(), [](auto& f) {
    return f.title.find("Adherence") != std::string::npos;
  });
  ASSERT_NE(figure, rendered.figures.end());
  const testing::PngImage image(pages[static_cast<std::size_t>(figure->page)]);
  const auto& f = figure->frame;
  auto bar_pixels = [&](int week, double sessions) {
    // A strip inside the week's bar at the height of `sessions`.
    const int x0 = px(f.to_x(week + 0.35)), x1 = px(f.to_x(week + 0.65));
    const int y = px(f.to_y(sessions));
    return image.count_near(report::palette::kBar, 8, x0, y - 1, x1, y + 2);
  };
  EXPECT_GT(bar_pixels(0, 2.5), 0) << "week 1 holds 3 sessions";
  EXPECT_GT(bar_pixels(1, 1.5), 0) << "week 2 holds 2";
  EXPECT_EQ(bar_pixels(1, 2.5), 0) << "week 2's bar stops at 2";
  EXPECT_EQ(bar_pixels(2, 0.5), 0) << "week 3 is empty";
  EXPECT_GT(bar_pixels(3, 0.5), 0) << "week 4 holds 1";
  // The planned frequency line at 3 sessions across the plot.
  const int y3 = px(f.to_y(3));
  EXPECT_GT(image.count_near(report::palette::kPlanned, 60, px(f.area.x), y3 - 1,
                             px(f.area.x + f.area.width), y3 + 2),
            5);
  // The estimated LOP is drawn in its own colour in the LOP chart.
  const auto lop_figure =
      std::find_if(rendered.figures.begin(), rendered.figures.end(),
                   [](auto& fig) { return fig.title == "Limb occlusion pressure"; });
  ASSERT_NE(lop_figure, rendered.figures.end());
  const testing::PngImage lop_page(pages[static_cast<std::size_t>(lop_figure->page)]);
  const auto& lf = lop_figure->frame;
  EXPECT_GT(lop_page.count_near(report::palette::kEstimated, 60, px(lf.area.x), px(lf.area.y),
                                px(lf.area.x + lf.area.width), px(lf.area.y + lf.area.height)),
            0);
  for (std::size_t p = 0; p < pages.size(); ++p) {
    std::filesystem::copy_file(pages[p],
                               kArtefacts / fmt::format("sample-progress-report-{}.png", p + 1),
                               std::filesystem::copy_options::overwrite_existing);
  }
}

TEST_F(ProgressReport, HtmlHasEveryChart) {
  const std::string html =
      report::render_html(report::progress_report(data_, "2026-03-29T08:00:00Z"));
  std::size_t svgs = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++svgs;
  EXPECT_EQ(svgs, 5u);
  EXPECT_NE(html.find("<td>2026-03-08</td><td>2</td>"), std::string::npos);
}

// Without loads or a programme in the store the report says so.
TEST(ProgressReportLoader, NothingStoredReadsNotRecorded) {
  const auto missing = testing::missing_tool_message("pdftotext");
  ASSERT_TRUE(missing.empty()) << missing;
  testing::ScratchDir dir;
  auto stored = testing::hand_filled_session(dir.path() / "hand.db");
  const auto data = report::load_progress_report(*stored.repo, stored.patient_id, 4,
                                                 *report::parse_timestamp(testing::kProgressEnd));
  ASSERT_EQ(data.sessions.size(), 1u);
  EXPECT_FALSE(data.sessions.front().load_kg);
  EXPECT_FALSE(data.planned_sessions_per_week);
  const auto pdf = dir.path() / "bare-progress.pdf";
  report::write_report(report::progress_report(data, "2026-03-29T08:00:00Z"),
                       report::ReportFormat::kPdf, pdf);
  const std::string text = testing::pdf_text(pdf);
  EXPECT_NE(text.find("load not recorded"), std::string::npos) << text;
  EXPECT_TRUE(has_line_matching(text, R"(Planned sessions per week\s+not recorded)")) << text;
}

TEST(ProgressReportLoader, RefusesUnknownPatientAndEmptyPeriod) {
  testing::ScratchDir dir;
  auto stored = testing::progress_store(dir.path() / "p.db");
  const auto end = *report::parse_timestamp(testing::kProgressEnd);
  EXPECT_THROW(report::load_progress_report(*stored.repo, stored.patient_id + 100, 4, end),
               report::ReportError);
  EXPECT_THROW(report::load_progress_report(*stored.repo, stored.patient_id, 0, end),
               report::ReportError);
}

}  // namespace
}  // namespace bfr

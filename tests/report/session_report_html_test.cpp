// The HTML form of the session report: one self-contained, well-formed file
// with the same table as the PDF and each plot as inline SVG.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "report/html_renderer.hpp"
#include "report/report_loader.hpp"
#include "report/session_report.hpp"
#include "tests/report/report_fixtures.hpp"

namespace bfr {
namespace {

// Checks that every element is closed in order. HTML void elements and
// self-closing SVG elements need no end tag; comments, the doctype and
// processing instructions are skipped. Returns the first problem, or "".
std::string unbalanced_tag(const std::string& html) {
  static const std::set<std::string> kVoid{"meta", "br", "img", "hr", "link", "input"};
  std::vector<std::string> open;
  std::size_t at = 0;
  while ((at = html.find('<', at)) != std::string::npos) {
    if (html.compare(at, 4, "<!--") == 0) {
      at = html.find("-->", at);
      if (at == std::string::npos) return "unterminated comment";
      continue;
    }
    const std::size_t end = html.find('>', at);
    if (end == std::string::npos) return "unterminated tag";
    const std::string tag = html.substr(at + 1, end - at - 1);
    at = end + 1;
    if (tag.empty() || tag[0] == '!' || tag[0] == '?') continue;
    if (tag.back() == '/') continue;
    if (tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) {
        return fmt::format("</{}> closes <{}>", name, open.empty() ? "nothing" : open.back());
      }
      open.pop_back();
      continue;
    }
    const std::string name = tag.substr(0, tag.find_first_of(" \t\n"));
    if (!kVoid.count(name)) open.push_back(name);
  }
  return open.empty() ? "" : "<" + open.back() + "> never closed";
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class SessionReportHtml : public ::testing::Test {
 protected:
  void SetUp() override {
    stored_ = testing::hand_filled_session(dir_.path() / "hand.db");
    data_ = report::load_session_report(*stored_.repo, stored_.session_id);
    html_ = report::render_html(report::session_report(data_, "2026-03-02T10:00:00Z"));
  }
  testing::ScratchDir dir_;
  testing::StoredSession stored_;
  report::SessionReportData data_;
  std::string html_;
};

TEST_F(SessionReportHtml, IsWellFormed) {
  EXPECT_EQ(html_.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(unbalanced_tag(html_), "");
  EXPECT_EQ(html_.find("<?xml"), std::string::npos) << "the SVG's XML declaration stays out";
}

TEST_F(SessionReportHtml, CarriesTheSetTableAndAnInlineSvgPlot) {
  ASSERT_EQ(data_.sets.size(), testing::kHandActualReps.size());
  for (const auto& set : data_.sets) {
    const auto& r = set.record;
    EXPECT_NE(html_.find(fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td>", r.set_index + 1,
                                     r.target_reps, r.actual_reps)),
              std::string::npos)
        << "set " << r.set_index + 1;
  }
  EXPECT_EQ(count(html_, "<svg"), 1u);
  EXPECT_NE(html_.find("<path"), std::string::npos) << "the plot has drawn content";
  EXPECT_NE(html_.find(testing::kHandPatientName), std::string::npos);
  EXPECT_NE(html_.find("estimated"), std::string::npos);
  EXPECT_EQ(html_.find("src=\"http"), std::string::npos) << "self-contained";
}

TEST_F(SessionReportHtml, SvgIdsAreUniqueAcrossPlots) {
  // Two plots in one page must not share ids (cairo numbers each SVG alike).
  report::PlotSpec spec;
  spec.title = "a";
  report::LineSeries line;
  line.x = {0, 1};
  line.y = {0, 1};
  spec.lines.push_back(line);
  const auto first = report::plot_svg(spec, 200, 100, "p1-");
  const auto second = report::plot_svg(spec, 200, 100, "p2-");
  std::set<std::string> ids;
  for (const auto* svg : {&first, &second}) {
    for (std::size_t at = svg->find("id=\""); at != std::string::npos;
         at = svg->find("id=\"", at + 1)) {
      const auto end = svg->find('"', at + 4);
      EXPECT_TRUE(ids.insert(svg->substr(at + 4, end - at - 4)).second)
          << "duplicate id " << svg->substr(at + 4, end - at - 4);
    }
  }
  EXPECT_FALSE(ids.empty());
}

// The HTML carries the same stored records as the PDF; without them it
// says "not recorded" in the same places.
TEST(SessionReportHtmlRecords, StoredScreeningPrescriptionFeedbackAndSymptomsAppear) {
  testing::ScratchDir dir;
  auto stored = testing::recorded_session(dir.path() / "recorded.db");
  const auto html = report::render_html(report::session_report(
      report::load_session_report(*stored.repo, stored.session_id), "2026-03-02T10:00:00Z"));
  EXPECT_EQ(html.find("not recorded"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>Outcome</td><td>needs clinician clearance (left thigh)</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find(fmt::format("<tr><td>{}</td><td>{}</td>", testing::kRecordedClinician,
                                  testing::kRecordedOverrideReason)),
            std::string::npos);
  EXPECT_NE(html.find(fmt::format("<tr><td>Programme</td><td>{}, phase 1 ({})</td></tr>",
                                  testing::kRecordedProgramme, testing::kRecordedPhase)),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td>Reps per set</td><td>30-15-15-15</td></tr>"), std::string::npos);
  EXPECT_NE(html.find(fmt::format("<td>{:.1f}</td><td>{:.1f}</td><td>{}</td></tr>",
                                  testing::kRecordedLoadKg, testing::kRecordedRpe,
                                  testing::kRecordedPain)),
            std::string::npos);
  EXPECT_NE(html.find(fmt::format("<tr><td>numbness</td><td>moderate</td><td>2026-03-02 09:06 "
                                  "UTC</td><td>{}</td></tr>",
                                  report::html_escape(testing::kRecordedSymptomNote))),
            std::string::npos);

  testing::ScratchDir bare_dir;
  auto bare = testing::hand_filled_session(bare_dir.path() / "bare.db");
  const auto bare_html = report::render_html(report::session_report(
      report::load_session_report(*bare.repo, bare.session_id), "2026-03-02T10:00:00Z"));
  for (const char* label : {"Outcome", "Programme prescription", "Symptoms"}) {
    EXPECT_NE(bare_html.find(fmt::format("<tr><td>{}</td><td>not recorded</td></tr>", label)),
              std::string::npos)
        << label;
  }
}

TEST(HtmlEscape, EscapesMarkup) {
  EXPECT_EQ(report::html_escape("<b> & \"x\" 'y'"), "&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;");
}

}  // namespace
}  // namespace bfr

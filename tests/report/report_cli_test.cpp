// `bfr report session|progress` end to end: the real binary on a database
// filled by `bfr demo`, then the written files read back.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli/command_runner.hpp"
#include "tests/report/lsan_suppressions.hpp"
#include "tests/report/poppler_tools.hpp"

namespace bfr {
namespace {

using testing::run_bfr;

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ReportCli : public ::testing::Test {
 protected:
  // Failures here would make GoogleTest skip the suite; they are recorded
  // and reported by every test instead, so a broken demo fails the tests.
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = (dir_->path() / "demo.db").string();
    suppress_font_cache_leaks_in_bfr();
    const auto demo = run_bfr({"demo", "--db", db_, "--json"});
    if (demo.exit_code != 0) {
      setup_error_ = fmt::format("bfr demo exited with {}: {}", demo.exit_code, demo.err);
      return;
    }
    try {
      const auto doc = nlohmann::json::parse(demo.out);
      session_id_ = doc["session"]["id"].get<std::int64_t>();
      patient_id_ = doc["patient"]["id"].get<std::int64_t>();
      patient_name_ = doc["patient"]["display_name"].get<std::string>();
      lop_mmhg_ = doc["lop"]["lop_mmhg"].get<double>();
    } catch (const std::exception& e) {
      setup_error_ = std::string("bfr demo printed unexpected JSON: ") + e.what();
    }
  }
  static void TearDownTestSuite() { delete dir_; }
  // `bfr report` draws text through fontconfig, whose process-long cache a
  // sanitizer build of bfr would report at exit (lsan_suppressions.hpp).
  static void suppress_font_cache_leaks_in_bfr() {
    const auto file = dir_->path() / "lsan.supp";
    std::ofstream(file) << testing::kFontconfigLeakSuppressions;
    const char* previous = std::getenv("LSAN_OPTIONS");
    const std::string options =
        (previous ? std::string(previous) + ":" : std::string()) + "suppressions=" + file.string();
    ::setenv("LSAN_OPTIONS", options.c_str(), 1);
  }
  void SetUp() override {
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
    const auto missing = testing::missing_tool_message("pdftotext");
    ASSERT_TRUE(missing.empty()) << missing;
  }
  static std::filesystem::path out(const std::string& name) { return dir_->path() / name; }

  static testing::TempDir* dir_;
  static std::string setup_error_;
  static std::string db_;
  static std::int64_t session_id_;
  static std::int64_t patient_id_;
  static std::string patient_name_;
  static double lop_mmhg_;
};
testing::TempDir* ReportCli::dir_ = nullptr;
std::string ReportCli::setup_error_;
std::string ReportCli::db_;
std::int64_t ReportCli::session_id_ = 0;
std::int64_t ReportCli::patient_id_ = 0;
std::string ReportCli::patient_name_;
double ReportCli::lop_mmhg_ = 0;

TEST_F(ReportCli, SessionPdfNamesPatientAndLop) {
  const auto pdf = out("session.pdf");
  const auto r = run_bfr(
      {"report", "session", std::to_string(session_id_), "--pdf", pdf.string(), "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(pdf.string()), std::string::npos);
  const std::string text = testing::pdf_text(pdf);
  EXPECT_NE(text.find(patient_name_), std::string::npos);
  EXPECT_NE(text.find(fmt::format("{:.1f} mmHg", lop_mmhg_)), std::string::npos);
}

TEST_F(ReportCli, SessionHtmlHasSvgAndTable) {
  const auto html = out("session.html");
  const auto r = run_bfr(
      {"report", "session", std::to_string(session_id_), "--html", html.string(), "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = slurp(html);
  EXPECT_NE(text.find("<svg"), std::string::npos);
  EXPECT_NE(text.find("<table class=\"data\">"), std::string::npos);
  EXPECT_NE(text.find(patient_name_), std::string::npos);
}

TEST_F(ReportCli, ProgressPdfAndHtml) {
  const auto pdf = out("progress.pdf");
  auto r = run_bfr({"report", "progress", std::to_string(patient_id_), "--pdf", pdf.string(),
                    "--db", db_, "--weeks", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = testing::pdf_text(pdf);
  EXPECT_NE(text.find("Sessions in period"), std::string::npos);
  EXPECT_NE(text.find(fmt::format("{:.1f}", lop_mmhg_)), std::string::npos) << text;
  const auto html = out("progress.html");
  r = run_bfr(
      {"report", "progress", std::to_string(patient_id_), "--html", html.string(), "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(slurp(html).find("<svg"), std::string::npos);
}

TEST_F(ReportCli, UnknownSessionFailsAndLeavesExistingFileAlone) {
  const auto pdf = out("kept.pdf");
  std::ofstream(pdf) << "previous";
  const auto r = run_bfr({"report", "session", std::to_string(session_id_ + 1000), "--pdf",
                          pdf.string(), "--db", db_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(fmt::format("no session {}", session_id_ + 1000)), std::string::npos)
      << r.err;
  EXPECT_EQ(slurp(pdf), "previous");
}

TEST_F(ReportCli, UnknownPatientFails) {
  const auto pdf = out("nobody.pdf");
  const auto r = run_bfr({"report", "progress", std::to_string(patient_id_ + 1000), "--pdf",
                          pdf.string(), "--db", db_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no patient"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(pdf));
}

TEST_F(ReportCli, UnwritableFileFailsWithoutLeavingAnything) {
  const auto dir = out("missing-dir");
  const auto pdf = dir / "r.pdf";
  const auto r = run_bfr(
      {"report", "session", std::to_string(session_id_), "--pdf", pdf.string(), "--db", db_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot write " + pdf.string()), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST_F(ReportCli, OutputMustBeExactlyOneOfPdfAndHtml) {
  EXPECT_EQ(run_bfr({"report", "session", std::to_string(session_id_), "--db", db_}).exit_code, 2);
  EXPECT_EQ(run_bfr({"report", "session", std::to_string(session_id_), "--db", db_, "--pdf",
                     out("a.pdf").string(), "--html", out("a.html").string()})
                .exit_code,
            2);
  EXPECT_FALSE(std::filesystem::exists(out("a.pdf")));
}

TEST_F(ReportCli, MissingDatabaseIsAnError) {
  const auto r = run_bfr(
      {"report", "session", "1", "--pdf", out("x.pdf").string(), "--db", out("no.db").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(out("no.db")));
  EXPECT_FALSE(std::filesystem::exists(out("x.pdf")));
}

}  // namespace
}  // namespace bfr

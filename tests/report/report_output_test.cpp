// Writing report files: complete or not at all.

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "report/report_loader.hpp"
#include "report/report_output.hpp"
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

}  // namespace
}  // namespace bfr

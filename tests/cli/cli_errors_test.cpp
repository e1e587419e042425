// Bad input to `bfr`: a clear message on stderr, a non-zero exit, and
// nothing created or changed.

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/cli/command_runner.hpp"

namespace bfr {
namespace {

using testing::run_bfr;
using testing::TempDir;

TEST(CliErrors, HelpWorksForEveryCommand) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"demo", "--help"}, {"session", "show", "--help"}}) {
    const auto r = run_bfr(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  }
}

TEST(CliErrors, UnknownCommandIsAUsageError) {
  const auto r = run_bfr({"fly"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
}

TEST(CliErrors, BadDemoArgumentsCreateNoDatabase) {
  TempDir dir;
  const auto db = (dir.path() / "never.db").string();
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"demo", "--db", db, "--seed", "-3"},
                                             {"demo", "--db", db, "--seed", "many"},
                                             {"demo", "--db", db, "--unknown-flag"}}) {
    const auto r = run_bfr(args);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_FALSE(r.err.empty());
    EXPECT_FALSE(std::filesystem::exists(db));
  }
}

TEST(CliErrors, UnknownSessionIsReportedOnStderr) {
  TempDir dir;
  const auto db = (dir.path() / "demo.db").string();
  ASSERT_EQ(run_bfr({"demo", "--db", db}).exit_code, 0);
  const auto r = run_bfr({"session", "show", "42", "--db", db});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no session 42"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(CliErrors, ReadingAMissingDatabaseDoesNotCreateIt) {
  TempDir dir;
  const auto db = (dir.path() / "typo.db").string();
  const auto r = run_bfr({"session", "show", "1", "--db", db});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no database at"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db));
}

TEST(CliErrors, UnsupportedDatabaseUrlIsRefused) {
  const auto r = run_bfr({"session", "show", "1", "--db", "mysql://localhost/x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("error:"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace bfr

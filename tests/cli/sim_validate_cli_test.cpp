// `bfr sim validate`: the full table (LOP cohorts, posture, simulated arm
// sweeps, unregulated sets) passes, every row is shown, and the JSON agrees
// with the exit code.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/command_runner.hpp"

namespace bfr {
namespace {

using testing::run_bfr;

TEST(SimValidateCli, EveryRowPassesAndIsShown) {
  const auto r = run_bfr({"sim", "validate"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* row :
       {"Loenneke 2012", "Brown 2018", "Hughes 2018", "Liu 2014", "Babbs 2012", "Swain 2025"}) {
    EXPECT_NE(r.out.find(row), std::string::npos) << row;
  }
  EXPECT_NE(r.out.find("16 of 16 rows within tolerance"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
}

TEST(SimValidateCli, JsonRowsCarryTheirBands) {
  const auto r = run_bfr({"sim", "validate", "--json", "--seed", "7", "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc.at("pass").get<bool>());
  ASSERT_EQ(doc.at("rows").size(), 16u);
  for (const auto& row : doc.at("rows")) {
    const double model = row.at("model").get<double>();
    EXPECT_EQ(row.at("pass").get<bool>(),
              model >= row.at("low").get<double>() && model <= row.at("high").get<double>())
        << row.dump();
  }
}

TEST(SimValidateCli, RejectsTooSmallCohorts) {
  const auto r = run_bfr({"sim", "validate", "--lop-people", "5"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace bfr

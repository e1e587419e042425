// Runs `bfr demo` against a temporary database and checks what it stored:
// values, not just row counts. Every per-set figure the demo reports is
// recomputed here from the stored trace.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "clinic/repository.hpp"
#include "tests/cli/command_runner.hpp"

namespace bfr {
namespace {

using testing::run_bfr;
using testing::TempDir;

// core::Phase values as stored in the trace.
constexpr int kPhaseExercise = 3;
constexpr int kPhaseRest = 4;

class DemoEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = (dir_->path() / "demo.db").string();
    first_ = new testing::CommandResult(run_bfr({"demo", "--db", db_, "--json"}));
  }
  static void TearDownTestSuite() {
    delete first_;
    delete dir_;
  }
  static TempDir* dir_;
  static std::string db_;
  static testing::CommandResult* first_;
};
TempDir* DemoEndToEnd::dir_ = nullptr;
std::string DemoEndToEnd::db_;
testing::CommandResult* DemoEndToEnd::first_ = nullptr;

TEST_F(DemoEndToEnd, ExitsCleanlyWithJsonSummary) {
  ASSERT_EQ(first_->exit_code, 0) << first_->err;
  const auto doc = nlohmann::json::parse(first_->out);
  EXPECT_EQ(doc["session"]["stop_reason"], "completed");
  EXPECT_EQ(doc["sets"].size(), 4u);
  EXPECT_NE(first_->err.find("measuring LOP"), std::string::npos) << "progress is shown";
}

TEST_F(DemoEndToEnd, StoresPatientLimbAndMeasuredLop) {
  ASSERT_EQ(first_->exit_code, 0) << first_->err;
  auto repo = clinic::open_repository(db_);
  const auto patient = repo->find_patient_by_name("Demo Patient");
  ASSERT_TRUE(patient);
  EXPECT_GT(patient->resting_sbp_mmhg, patient->resting_dbp_mmhg);
  const auto limbs = repo->limbs_of(patient->id);
  ASSERT_EQ(limbs.size(), 1u);
  EXPECT_EQ(limbs[0].side, clinic::LimbSide::kRight);
  EXPECT_EQ(limbs[0].segment, clinic::LimbSegment::kThigh);

  const auto doc = nlohmann::json::parse(first_->out);
  const auto lop = repo->get_lop_measurement(doc["lop"]["id"].get<std::int64_t>());
  ASSERT_TRUE(lop);
  ASSERT_TRUE(lop->lop_mmhg);
  ASSERT_TRUE(lop->sim_true_lop_mmhg);
  EXPECT_EQ(lop->method, clinic::LopMethod::kMeasured);
  // The first-version fixed-ratio detector is known to read low; 25 mmHg
  // bounds a gross failure without hiding the bias the summary reports.
  EXPECT_NEAR(*lop->lop_mmhg, *lop->sim_true_lop_mmhg, 25.0);
  EXPECT_GT(lop->quality, 0.0);
  EXPECT_LE(lop->quality, 1.0);
  ASSERT_TRUE(lop->trace_id);
  const auto lop_trace = repo->load_trace(*lop->trace_id);
  ASSERT_FALSE(lop_trace.empty());
  const double lop_peak =
      std::max_element(lop_trace.begin(), lop_trace.end(), [](auto& a, auto& b) {
        return a.cuff_mmhg < b.cuff_mmhg;
      })->cuff_mmhg;
  EXPECT_GT(lop_peak, *lop->lop_mmhg) << "the cuff went past the reported LOP";
  EXPECT_LT(lop_peak, 300.0) << "never above the cap";
  EXPECT_LT(lop_trace.back().cuff_mmhg, 20.0) << "deflated after measuring";
}

TEST_F(DemoEndToEnd, StoredSetsMatchTheirTrace) {
  ASSERT_EQ(first_->exit_code, 0) << first_->err;
  auto repo = clinic::open_repository(db_);
  const auto doc = nlohmann::json::parse(first_->out);
  const auto session = repo->get_session(doc["session"]["id"].get<std::int64_t>());
  ASSERT_TRUE(session);
  EXPECT_EQ(session->exercise, "seated calf raise");
  EXPECT_DOUBLE_EQ(session->target_fraction, 0.8);
  const auto lop = repo->get_lop_measurement(*session->lop_measurement_id);
  EXPECT_NEAR(session->target_mmhg, 0.8 * *lop->lop_mmhg, 0.05);
  EXPECT_FALSE(session->ended_at.empty());

  const auto sets = repo->sets_of(session->id);
  ASSERT_EQ(sets.size(), 4u);
  const int targets[] = {30, 15, 15, 15};
  const auto trace = repo->load_trace(*session->trace_id);
  ASSERT_GT(trace.size(), 1000u);
  EXPECT_EQ(trace.size(), doc["trace_samples"].get<std::size_t>());

  for (const auto& set : sets) {
    SCOPED_TRACE(set.set_index);
    EXPECT_EQ(set.target_reps, targets[set.set_index]);
    EXPECT_GT(set.actual_reps, 0);
    EXPECT_LE(set.actual_reps, set.target_reps);
    // Recompute the stored statistics from the stored trace.
    int n = 0, in_band = 0;
    double peak = 0, sum = 0, low = 1e9;
    for (const auto& s : trace) {
      if (s.phase != kPhaseExercise || s.set_index != set.set_index) continue;
      ++n;
      sum += s.cuff_mmhg;
      peak = std::max(peak, s.cuff_mmhg);
      low = std::min(low, s.cuff_mmhg);
      if (std::fabs(s.cuff_mmhg - s.target_mmhg) <= 0.1 * s.target_mmhg) ++in_band;
    }
    ASSERT_GT(n, 0);
    EXPECT_NEAR(set.peak_mmhg, peak, 0.01);
    EXPECT_NEAR(set.min_mmhg, low, 0.01);
    EXPECT_NEAR(set.mean_mmhg, sum / n, 0.01);
    EXPECT_NEAR(set.time_in_band_fraction, static_cast<double>(in_band) / n, 1e-9);
    // A set lasts about its reps at the lifter's 3-5 s cadence.
    EXPECT_NEAR(set.duration_s, n * 0.01, 0.05);
    EXPECT_GT(set.duration_s, set.actual_reps * 2.9);
    EXPECT_LT(set.duration_s, set.actual_reps * 5.1 + 1.0);
    EXPECT_LT(set.peak_mmhg, *repo->get_lop_measurement(*session->lop_measurement_id)->lop_mmhg)
        << "never above 100 % LOP";
    if (set.set_index < 3) {
      EXPECT_NEAR(set.rest_after_s, 30.0, 0.05);
    }
  }
  // Cuff inflated through the rests, deflated at the end.
  for (const auto& s : trace) {
    if (s.phase == kPhaseRest) {
      EXPECT_GT(s.cuff_mmhg, 0.5 * session->target_mmhg);
    }
  }
  // The controller goes idle below 10 mmHg; the link carries pressure to
  // 0.1 mmHg (docs/protocol.md), so a reading just under 10 arrives as 10.0.
  EXPECT_LE(trace.back().cuff_mmhg, 10.0);
  // Restriction time: every trace sample above 20 mmHg, 10 ms each.
  const auto restricted =
      std::count_if(trace.begin(), trace.end(), [](const auto& s) { return s.cuff_mmhg > 20.0; });
  EXPECT_NEAR(session->total_restriction_s, static_cast<double>(restricted) * 0.01, 0.05);
}

TEST_F(DemoEndToEnd, SecondRunReusesThePatientAndAddsASession) {
  ASSERT_EQ(first_->exit_code, 0) << first_->err;
  const auto second = run_bfr({"demo", "--db", db_, "--json", "--seed", "7"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  auto repo = clinic::open_repository(db_);
  const auto patient = repo->find_patient_by_name("Demo Patient");
  ASSERT_TRUE(patient);
  EXPECT_EQ(repo->limbs_of(patient->id).size(), 1u);
  EXPECT_GE(repo->sessions_of(patient->id).size(), 2u);
}

TEST_F(DemoEndToEnd, SessionShowReadsTheSessionBackWithItsTrace) {
  ASSERT_EQ(first_->exit_code, 0) << first_->err;
  const auto doc = nlohmann::json::parse(first_->out);
  const auto id = std::to_string(doc["session"]["id"].get<std::int64_t>());
  const auto csv = (dir_->path() / "trace.csv").string();
  const auto shown = run_bfr({"session", "show", id, "--db", db_, "--json", "--trace-csv", csv});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const auto back = nlohmann::json::parse(shown.out);
  EXPECT_EQ(back["sets"], doc["sets"]);
  EXPECT_EQ(back["trace_samples"], doc["trace_samples"]);
  EXPECT_FALSE(back["events"].empty());
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "time_s,cuff_pressure_mmhg,target_mmhg,phase,set_index");
  std::size_t rows = 0;
  for (std::string line; std::getline(in, line);) ++rows;
  EXPECT_EQ(rows, doc["trace_samples"].get<std::size_t>());
}

}  // namespace
}  // namespace bfr

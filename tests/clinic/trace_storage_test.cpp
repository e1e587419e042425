// Pressure traces: bulk append and reload, time order, and all-or-nothing
// batches.

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include "clinic_test_support.hpp"

namespace bfr::clinic::testing {
namespace {

constexpr double kSampleRateHz = 100;

// A plausible trace: inflation, four sets with rests, deflation.
std::vector<TraceSample> synthetic_trace(std::size_t first, std::size_t count) {
  std::vector<TraceSample> samples;
  samples.reserve(count);
  for (std::size_t i = first; i < first + count; ++i) {
    const double t_s = static_cast<double>(i) / kSampleRateHz;
    const int set_index = static_cast<int>(i / 1500);
    samples.push_back(TraceSample{.t_s = t_s,
                                  .cuff_mmhg = 112.0 + 3.7 * std::sin(t_s * 1.3),
                                  .target_mmhg = 112.0,
                                  .phase = static_cast<int>(i % 5),
                                  .set_index = i % 1500 < 1000 ? set_index : -1});
  }
  return samples;
}

void expect_same_samples(const std::vector<TraceSample>& actual,
                         const std::vector<TraceSample>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    // Doubles are stored as 8-byte floating point, so they come back bit for
    // bit.
    ASSERT_EQ(actual[i].t_s, expected[i].t_s) << "sample " << i;
    ASSERT_EQ(actual[i].cuff_mmhg, expected[i].cuff_mmhg) << "sample " << i;
    ASSERT_EQ(actual[i].target_mmhg, expected[i].target_mmhg) << "sample " << i;
    ASSERT_EQ(actual[i].phase, expected[i].phase) << "sample " << i;
    ASSERT_EQ(actual[i].set_index, expected[i].set_index) << "sample " << i;
  }
}

TEST_P(RepositoryTest, TraceOfThousandsOfSamplesReloadsExactly) {
  const std::int64_t trace_id = repository_->create_trace("session", kSampleRateHz);
  const std::vector<TraceSample> first_half = synthetic_trace(0, 3000);
  const std::vector<TraceSample> second_half = synthetic_trace(3000, 3000);
  repository_->append_trace(trace_id, first_half);
  repository_->append_trace(trace_id, second_half);

  expect_same_samples(repository_->load_trace(trace_id), synthetic_trace(0, 6000));
  EXPECT_EQ(rows("trace_samples"), 6000);
}

TEST_P(RepositoryTest, TracesAreKeptApart) {
  const std::int64_t first = repository_->create_trace("lop", kSampleRateHz);
  const std::int64_t second = repository_->create_trace("session", kSampleRateHz);
  repository_->append_trace(first, synthetic_trace(0, 10));
  repository_->append_trace(second, synthetic_trace(0, 20));
  EXPECT_EQ(repository_->load_trace(first).size(), 10U);
  EXPECT_EQ(repository_->load_trace(second).size(), 20U);
  EXPECT_TRUE(repository_->load_trace(repository_->create_trace("empty", 10)).empty());
}

TEST_P(RepositoryTest, EmptyAppendChangesNothing) {
  const std::int64_t trace_id = repository_->create_trace("session", kSampleRateHz);
  const std::string before = dump();
  repository_->append_trace(trace_id, {});
  EXPECT_EQ(dump(), before);
}

TEST_P(RepositoryTest, BadSampleInTheMiddleOfABatchStoresNoneOfIt) {
  const std::int64_t trace_id = repository_->create_trace("session", kSampleRateHz);
  repository_->append_trace(trace_id, synthetic_trace(0, 100));
  const std::string before = dump();

  std::vector<TraceSample> out_of_order = synthetic_trace(100, 1000);
  out_of_order[500].t_s = out_of_order[499].t_s;
  expect_storage_error([&] { repository_->append_trace(trace_id, out_of_order); },
                       "trace sample 500: t_s must be strictly increasing");

  std::vector<TraceSample> implausible = synthetic_trace(100, 1000);
  implausible[700].cuff_mmhg = 1200;
  expect_storage_error([&] { repository_->append_trace(trace_id, implausible); },
                       "trace sample 700: cuff_mmhg must be between -50 and 500 (got 1200)");

  std::vector<TraceSample> bad_set = synthetic_trace(100, 1000);
  bad_set.back().set_index = -2;
  expect_storage_error([&] { repository_->append_trace(trace_id, bad_set); },
                       "trace sample 999: set_index must be >= -1 (got -2)");

  EXPECT_EQ(dump(), before);
  expect_same_samples(repository_->load_trace(trace_id), synthetic_trace(0, 100));
}

TEST_P(RepositoryTest, AppendMustContinueAfterTheLastStoredSample) {
  const std::int64_t trace_id = repository_->create_trace("session", kSampleRateHz);
  repository_->append_trace(trace_id, synthetic_trace(0, 100));  // up to t = 0.99 s
  const std::string before = dump();

  expect_storage_error([&] { repository_->append_trace(trace_id, synthetic_trace(99, 10)); },
                       "(the last stored sample)");
  expect_storage_error([&] { repository_->append_trace(trace_id, synthetic_trace(0, 1)); },
                       "trace sample 0: t_s must be strictly increasing: 0 does not follow 0.99");
  EXPECT_EQ(dump(), before);

  repository_->append_trace(trace_id, synthetic_trace(100, 1));
  EXPECT_EQ(repository_->load_trace(trace_id).size(), 101U);
}

// A trigger keeps the time order even for writers that skip the repository.
TEST_P(RepositoryTest, SchemaRefusesOutOfOrderSamples) {
  const std::int64_t trace_id = repository_->create_trace("session", kSampleRateHz);
  repository_->append_trace(trace_id, synthetic_trace(0, 10));
  expect_storage_error(
      [&] {
        store_->execute(
            "INSERT INTO trace_samples (trace_id, t_s, cuff_mmhg, target_mmhg, phase, set_index) "
            "VALUES (" +
            std::to_string(trace_id) + ", 0.05, 100, 100, 0, -1)");
      },
      "trace samples must be appended in increasing t_s order");
  EXPECT_EQ(rows("trace_samples"), 10);
}

}  // namespace
}  // namespace bfr::clinic::testing

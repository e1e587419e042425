// The load bench's accounting on a small run: two devices for two seconds.
// No speed targets here (a shared machine); only that every count adds up.

#include "runtime/link_load_bench.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace bfr::runtime {
namespace {

TEST(LinkLoadBench, EveryFrameSentIsReceivedAndRecordedPerDevice) {
  LinkLoadBenchOptions options;
  options.devices = 2;
  options.seconds = 2;
  const LinkLoadBenchResult r = run_link_load_bench(options);
  ASSERT_EQ(r.devices.size(), 2u);
  EXPECT_EQ(r.telemetry_rate_hz, 100);
  for (const DeviceLoadFigures& d : r.devices) {
    SCOPED_TRACE(d.address);
    // Two seconds at 100 Hz, give or take a slow start.
    EXPECT_GT(d.sent, 50u);
    EXPECT_EQ(d.received, d.sent);
    EXPECT_EQ(d.recorded, d.received);
    EXPECT_EQ(d.sequence_gaps, 0u);
    EXPECT_EQ(d.malformed, 0u);
  }
  EXPECT_TRUE(r.lossless());
  EXPECT_EQ(r.total_recorded(), r.devices[0].recorded + r.devices[1].recorded);
  // A latency for (nearly) every frame, ordered sensibly.
  EXPECT_GE(r.latency.samples, r.total_recorded() - 10);
  EXPECT_LE(r.latency.samples, r.total_recorded());
  EXPECT_GE(r.latency.p50_ms, 0.0);
  EXPECT_LE(r.latency.p50_ms, r.latency.p99_ms);
  EXPECT_LE(r.latency.p99_ms, r.latency.max_ms);
  EXPECT_GT(r.host_cpu_s, 0.0);
  EXPECT_GE(r.wall_s, 2.0);
}

TEST(LinkLoadBench, RefusesCountsOutsideItsRange) {
  LinkLoadBenchOptions options;
  options.devices = 0;
  EXPECT_THROW(run_link_load_bench(options), std::invalid_argument);
  options.devices = 2;
  options.seconds = 0.1;
  EXPECT_THROW(run_link_load_bench(options), std::invalid_argument);
}

TEST(LinkLoadBench, PercentileIsTheNearestRank) {
  EXPECT_EQ(percentile({}, 50), 0.0);
  EXPECT_EQ(percentile({5, 1, 4, 2, 3}, 50), 3.0);
  EXPECT_EQ(percentile({5, 1, 4, 2, 3}, 99), 5.0);
  EXPECT_EQ(percentile({5, 1, 4, 2, 3}, 0), 1.0);
  std::vector<double> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  EXPECT_EQ(percentile(hundred, 99), 99.0);
}

}  // namespace
}  // namespace bfr::runtime

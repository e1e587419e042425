// The raw trace CSV: units in the header, and a write -> read that gives back
// every double bit for bit, including values with no short decimal form.

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "exchange/trace_csv.hpp"

namespace bfr::exchange {
namespace {

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

std::vector<clinic::TraceSample> awkward_trace() {
  std::vector<clinic::TraceSample> samples{
      {0.0, 0.1 + 0.2, 0, 0, -1},
      {0.01, 1.0 / 3.0, 141.77122497558594, 2, -1},
      {-0.0, std::numeric_limits<double>::denorm_min(), 1e-300, 3, 0},
      {1e15 + 0.5, std::numeric_limits<double>::max(), M_PI, 4, 1},
      {123456.789, 299.99999999999994, 150.00000000000003, 6, 3},
  };
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> pressure(0, 300);
  for (int i = 0; i < 500; ++i) {
    samples.push_back({i * 0.01, pressure(rng), pressure(rng), i % 7, i / 100 - 1});
  }
  return samples;
}

TEST(TraceCsv, HeaderNamesUnits) {
  const std::string csv = trace_csv({});
  EXPECT_EQ(csv, "t_s,cuff_mmhg,target_mmhg,phase,phase_name,set_index\n");
}

TEST(TraceCsv, RoundTripIsExact) {
  const auto samples = awkward_trace();
  const auto back = read_trace_csv(trace_csv(samples));
  ASSERT_EQ(back.size(), samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    EXPECT_TRUE(same_bits(back[i].t_s, samples[i].t_s)) << i;
    EXPECT_TRUE(same_bits(back[i].cuff_mmhg, samples[i].cuff_mmhg)) << i;
    EXPECT_TRUE(same_bits(back[i].target_mmhg, samples[i].target_mmhg)) << i;
    EXPECT_EQ(back[i].phase, samples[i].phase) << i;
    EXPECT_EQ(back[i].set_index, samples[i].set_index) << i;
  }
}

TEST(TraceCsv, NamesThePhase) {
  const std::string csv = trace_csv({{0, 150, 150, 3, 0}});
  EXPECT_NE(csv.find(",3,exercise,0\n"), std::string::npos) << csv;
}

TEST(TraceCsv, ABadLineIsAnErrorNamingIt) {
  const std::string good = trace_csv({{0, 1, 2, 3, 0}, {0.01, 1, 2, 3, 0}});
  try {
    read_trace_csv(good + "0.02,1x,2,3,exercise,0\n");
    FAIL() << "a bad number was accepted";
  } catch (const TraceCsvError& e) {
    EXPECT_NE(std::string(e.what()).find("line 4"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cuff_mmhg"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_trace_csv(good + "0.02,1,2\n"), TraceCsvError);
  EXPECT_THROW(read_trace_csv("time_s,cuff\n0,1\n"), TraceCsvError);
  EXPECT_THROW(read_trace_csv(""), TraceCsvError);
}

}  // namespace
}  // namespace bfr::exchange

// The plot helper's arithmetic: ticks, data-to-page mapping, decimation.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "report/plot.hpp"

namespace bfr {
namespace {

TEST(NiceTicks, StepsOfOneTwoOrFive) {
  EXPECT_EQ(report::nice_ticks(0, 100, 5), (std::vector<double>{0, 20, 40, 60, 80, 100}));
  EXPECT_EQ(report::nice_ticks(3, 9, 3), (std::vector<double>{4, 6, 8}));
  const auto small = report::nice_ticks(0.1, 0.35, 5);
  ASSERT_EQ(small.size(), 6u);
  EXPECT_NEAR(small[1] - small[0], 0.05, 1e-12);
}

TEST(PlotFrame, MapsDataCornersToTheArea) {
  report::PlotFrame f;
  f.area = {10, 20, 200, 100};
  f.x_min = 0;
  f.x_max = 50;
  f.y_min = 100;
  f.y_max = 200;
  EXPECT_DOUBLE_EQ(f.to_x(0), 10);
  EXPECT_DOUBLE_EQ(f.to_x(50), 210);
  EXPECT_DOUBLE_EQ(f.to_y(100), 120);  // bottom
  EXPECT_DOUBLE_EQ(f.to_y(200), 20);   // top
}

TEST(DecimateMinMax, KeepsExtremesAndEnds) {
  std::vector<double> x, y;
  for (int i = 0; i < 10000; ++i) {
    x.push_back(i * 0.01);
    y.push_back(std::sin(i * 0.05) * 100);
  }
  y[4321] = 500;  // a spike a naive stride would miss
  std::vector<double> ox, oy;
  report::decimate_min_max(x, y, 100, ox, oy);
  EXPECT_LE(ox.size(), 301u);
  EXPECT_EQ(*std::max_element(oy.begin(), oy.end()), 500);
  EXPECT_EQ(*std::min_element(oy.begin(), oy.end()), *std::min_element(y.begin(), y.end()));
  EXPECT_EQ(ox.front(), x.front());
  EXPECT_EQ(ox.back(), x.back());
  EXPECT_TRUE(std::is_sorted(ox.begin(), ox.end()));
}

TEST(PlotSpec, EmptySpecHasNoData) {
  report::PlotSpec spec;
  EXPECT_FALSE(report::has_data(spec));
  spec.lines.push_back({});
  spec.lines[0].x = {1};
  spec.lines[0].y = {2};
  EXPECT_TRUE(report::has_data(spec));
}

}  // namespace
}  // namespace bfr

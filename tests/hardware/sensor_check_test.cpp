// The bring-up check's summary over replayed readings: counts, range and
// mean of the good ones, the first fault kept.

#include "hardware/sensor_check.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "replay_i2c_bus.hpp"

namespace bfr::hardware {
namespace {

using std::chrono::microseconds;

TEST(SensorCheck, SummarisesGoodReadingsAndKeepsTheFirstFault) {
  testing::ReplayI2cBus bus;
  const std::vector<std::uint8_t> measure{0xAA, 0x00, 0x00};
  bus.expect_write(0x18, measure);
  bus.expect_read(0x18, {0x40, 0x4C, 0xCC, 0xCD});  // 75 mmHg
  bus.expect_write(0x18, measure);
  bus.expect_read(0x18, {0x44, 0x80, 0x00, 0x00});  // memory integrity error
  bus.expect_write(0x18, measure);
  bus.expect_read(0x18, {0x40, 0x80, 0x00, 0x00});  // 150 mmHg
  bus.expect_write(0x18, measure);
  bus.fail_read(0x18);
  bus.expect_write(0x18, measure);
  std::vector<microseconds> sleeps;
  MprlsSensor sensor(bus, MprlsConfig{}, [&](microseconds d) { sleeps.push_back(d); });
  int seen = 0;
  int periods = 0;
  const SensorCheckResult r = check_sensor(
      sensor, 4, microseconds(10000), [&](microseconds) { ++periods; },
      [&](int, const MprlsReading&) { ++seen; });
  EXPECT_EQ(seen, 4);
  EXPECT_EQ(periods, 3);  // between the readings
  EXPECT_EQ(r.readings, 4);
  EXPECT_EQ(r.good, 2);
  EXPECT_FALSE(r.all_good());
  EXPECT_NEAR(r.min_mmhg, 75.0f, 1e-3f);
  EXPECT_NEAR(r.max_mmhg, 150.0f, 1e-3f);
  EXPECT_NEAR(r.mean_mmhg, 112.5f, 1e-3f);
  EXPECT_NE(r.first_fault.find("memory integrity"), std::string::npos) << r.first_fault;
  EXPECT_TRUE(bus.script_done());
  EXPECT_TRUE(bus.mismatches().empty());
}

TEST(SensorCheck, AllGoodOnlyWhenEveryReadingWas) {
  testing::ReplayI2cBus bus;
  const std::vector<std::uint8_t> measure{0xAA, 0x00, 0x00};
  bus.expect_write(0x18, measure);
  bus.expect_read(0x18, {0x40, 0x19, 0x99, 0x9A});
  bus.expect_write(0x18, measure);
  MprlsSensor sensor(bus, MprlsConfig{}, [](microseconds) {});
  const SensorCheckResult r = check_sensor(sensor, 1, microseconds(10000), [](microseconds) {}, {});
  EXPECT_TRUE(r.all_good());
  EXPECT_TRUE(r.first_fault.empty());
  EXPECT_FALSE(SensorCheckResult{}.all_good());
}

}  // namespace
}  // namespace bfr::hardware

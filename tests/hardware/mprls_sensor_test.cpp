// The MPR series protocol on a replayed bus: the bytes on the wire, the
// waits, pipelined conversions, busy polling, and every way a reply or a
// transfer fails. The replay stands in for the chip only.

#include "hardware/mprls_sensor.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "replay_i2c_bus.hpp"

namespace bfr::hardware {
namespace {

using std::chrono::microseconds;
using testing::ReplayI2cBus;

using testing::kMprlsAddress;
using testing::kMprlsMeasure;

struct Fixture {
  ReplayI2cBus bus;
  std::vector<microseconds> sleeps;
  MprlsSensor sensor{bus, MprlsConfig{}, [this](microseconds d) { sleeps.push_back(d); }};
};

TEST(MprlsSensor, FirstReadStartsAConversionWaitsAndReadsFourBytes) {
  Fixture f;
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x40, 0x80, 0x00, 0x00});  // 150 mmHg
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);            // the next conversion
  const MprlsReading r = f.sensor.read();
  EXPECT_TRUE(r.ok) << r.fault;
  EXPECT_NEAR(r.pressure.mmhg(), 150.0f, 1e-3f);
  EXPECT_EQ(r.status_byte, 0x40);
  EXPECT_EQ(r.counts, 0x800000u);
  EXPECT_EQ(f.sleeps, std::vector<microseconds>{microseconds(5000)});
  EXPECT_TRUE(f.bus.script_done());
  EXPECT_TRUE(f.bus.mismatches().empty());
}

TEST(MprlsSensor, LaterReadsTakeTheConversionStartedBeforeWithoutWaiting) {
  Fixture f;
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x40, 0x80, 0x00, 0x00});
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x40, 0x4C, 0xCC, 0xCD});  // 75 mmHg
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.sensor.read();
  const MprlsReading r = f.sensor.read();
  EXPECT_TRUE(r.ok) << r.fault;
  EXPECT_NEAR(r.pressure.mmhg(), 75.0f, 1e-3f);
  EXPECT_EQ(f.sleeps.size(), 1u);
  EXPECT_TRUE(f.bus.script_done());
  EXPECT_TRUE(f.bus.mismatches().empty());
}

TEST(MprlsSensor, ABusyReplyIsReadAgainAfterThePollInterval) {
  Fixture f;
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x60, 0x00, 0x00, 0x00});
  f.bus.expect_read(kMprlsAddress, {0x40, 0x80, 0x00, 0x00});
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  const MprlsReading r = f.sensor.read();
  EXPECT_TRUE(r.ok) << r.fault;
  EXPECT_NEAR(r.pressure.mmhg(), 150.0f, 1e-3f);
  EXPECT_EQ(f.sleeps, (std::vector<microseconds>{microseconds(5000), microseconds(1000)}));
  EXPECT_TRUE(f.bus.script_done());
}

TEST(MprlsSensor, StillBusyAfterThePollsIsAFault) {
  Fixture f;
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  for (int i = 0; i < 4; ++i) f.bus.expect_read(kMprlsAddress, {0x60, 0x80, 0x00, 0x00});
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  const MprlsReading r = f.sensor.read();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.fault.find("busy"), std::string::npos) << r.fault;
  EXPECT_TRUE(f.bus.script_done());
  EXPECT_TRUE(f.bus.mismatches().empty());
}

TEST(MprlsSensor, StatusFaultsAreNamedWithTheByte) {
  struct Case {
    std::uint8_t status;
    const char* words;
  };
  for (const Case& c : {Case{0x44, "memory integrity error"}, Case{0x41, "math saturation"},
                        Case{0x00, "not powered"}}) {
    Fixture f;
    f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
    f.bus.expect_read(kMprlsAddress, {c.status, 0x80, 0x00, 0x00});
    f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
    const MprlsReading r = f.sensor.read();
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.fault.find(c.words), std::string::npos) << r.fault;
    EXPECT_NE(r.fault.find("status 0x"), std::string::npos) << r.fault;
  }
}

TEST(MprlsSensor, CountsJustUnderTheSpanAreASmallNegativePressure) {
  // -1 mmHg: 1677722 - 13421772 / 300 = 1677722 - 44739 = 1632983 = 0x18EAD7.
  Fixture f;
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x40, 0x18, 0xEA, 0xD7});
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  const MprlsReading r = f.sensor.read();
  EXPECT_TRUE(r.ok) << r.fault;
  EXPECT_NEAR(r.pressure.mmhg(), -1.0f, 1e-3f);
}

TEST(MprlsSensor, CountsFarOutsideTheSpanAreFaults) {
  for (const std::vector<std::uint8_t>& reply :
       {std::vector<std::uint8_t>{0x40, 0x00, 0x00, 0x00},
        std::vector<std::uint8_t>{0x40, 0xFF, 0xFF, 0xFF}}) {
    Fixture f;
    f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
    f.bus.expect_read(kMprlsAddress, reply);
    f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
    const MprlsReading r = f.sensor.read();
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.fault.find("range"), std::string::npos) << r.fault;
  }
}

TEST(MprlsSensor, AFailedReadIsAFaultAndTheNextReadRecovers) {
  Fixture f;
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.fail_read(kMprlsAddress);
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x40, 0x80, 0x00, 0x00});
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  const MprlsReading failed = f.sensor.read();
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(failed.fault, "replayed: remote I/O error");
  const MprlsReading next = f.sensor.read();
  EXPECT_TRUE(next.ok) << next.fault;
  EXPECT_TRUE(f.bus.script_done());
  EXPECT_TRUE(f.bus.mismatches().empty());
}

TEST(MprlsSensor, AFailedCommandIsAFaultWithoutWaitingAndIsSentAgainNextTime) {
  Fixture f;
  f.bus.fail_write(kMprlsAddress);
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x40, 0x80, 0x00, 0x00});
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  EXPECT_FALSE(f.sensor.read().ok);
  EXPECT_TRUE(f.sleeps.empty());
  EXPECT_TRUE(f.sensor.read().ok);
  EXPECT_TRUE(f.bus.script_done());
  EXPECT_TRUE(f.bus.mismatches().empty());
}

TEST(MprlsSensor, CaptureZeroAveragesAndIsSubtractedAfterwards) {
  Fixture f;
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x40, 0x19, 0x99, 0x9A});  // 0 mmHg
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x40, 0x4C, 0xCC, 0xCD});  // 75 mmHg
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x40, 0x80, 0x00, 0x00});  // 150 mmHg
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  EXPECT_EQ(f.sensor.capture_zero(3), "");
  EXPECT_NEAR(f.sensor.config().zero_offset.mmhg(), 75.0f, 1e-3f);
  f.bus.expect_read(kMprlsAddress, {0x40, 0xE6, 0x66, 0x66});  // 300 mmHg
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  const MprlsReading r = f.sensor.read();
  EXPECT_TRUE(r.ok) << r.fault;
  EXPECT_NEAR(r.pressure.mmhg(), 225.0f, 1e-3f);
  EXPECT_TRUE(f.bus.script_done());
}

TEST(MprlsSensor, AFailedZeroKeepsTheOldOne) {
  Fixture f;
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x40, 0x4C, 0xCC, 0xCD});
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  f.bus.expect_read(kMprlsAddress, {0x44, 0x4C, 0xCC, 0xCD});
  f.bus.expect_write(kMprlsAddress, kMprlsMeasure);
  EXPECT_NE(f.sensor.capture_zero(2).find("memory integrity"), std::string::npos);
  EXPECT_EQ(f.sensor.config().zero_offset.mmhg(), 0.0f);
}

}  // namespace
}  // namespace bfr::hardware

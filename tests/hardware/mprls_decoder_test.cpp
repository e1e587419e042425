// The MPR series reply decoding against the datasheet (Honeywell 32332628):
// status bits one by one, byte order, and the transfer function A (10 % to
// 90 % of 2^24 counts) at points worked out by hand below.

#include "hardware/mprls_decoder.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

namespace bfr::hardware {
namespace {

MprlsDecoded decode(std::array<std::uint8_t, 4> reply,
                    const MprlsTransfer& transfer = mprls_0300yg()) {
  return decode_mprls(reply, transfer);
}

TEST(MprlsDecoder, TransferFunctionLimitsAreTenAndNinetyPercentOfTwoToThe24) {
  // 0.1 * 16777216 = 1677721.6 and 0.9 * 16777216 = 15099494.4, rounded.
  EXPECT_EQ(kMprlsCountsMinA, 1677722u);
  EXPECT_EQ(kMprlsCountsMaxA, 15099494u);
}

TEST(MprlsDecoder, DatasheetExampleTwentyFivePsiPart) {
  // The datasheet's worked example: a 0-25 psi part, transfer function A,
  // output 14260634 counts (0xD9999A, 85 % of 2^24):
  // (14260634 - 1677722) * 25 / (15099494 - 1677722) = 23.4375 psi,
  // and 23.4375 psi * 51.7149 mmHg/psi = 1212.068 mmHg.
  const MprlsDecoded d = decode({0x40, 0xD9, 0x99, 0x9A}, mprls_0025pa());
  EXPECT_EQ(d.counts, 14260634u);
  EXPECT_NEAR(d.pressure.mmhg(), 1212.068f, 0.01f);
  EXPECT_FALSE(d.faults.any()) << describe(d.faults);
}

TEST(MprlsDecoder, ThreeHundredMmhgPartAtHandWorkedPoints) {
  // Transfer function A over 0-300 mmHg: p = (counts - 1677722) * 300 / 13421772.
  EXPECT_NEAR(decode({0x40, 0x19, 0x99, 0x9A}).pressure.mmhg(), 0.0f, 1e-3f);    // 10 %
  EXPECT_NEAR(decode({0x40, 0x4C, 0xCC, 0xCD}).pressure.mmhg(), 75.0f, 1e-3f);   // 30 %
  EXPECT_NEAR(decode({0x40, 0x80, 0x00, 0x00}).pressure.mmhg(), 150.0f, 1e-3f);  // 50 %
  EXPECT_NEAR(decode({0x40, 0xE6, 0x66, 0x66}).pressure.mmhg(), 300.0f, 1e-3f);  // 90 %
}

TEST(MprlsDecoder, CountsAreBigEndianAfterTheStatusByte) {
  const MprlsDecoded d = decode({0x40, 0x12, 0x34, 0x56});
  EXPECT_EQ(d.status_byte, 0x40);
  EXPECT_EQ(d.counts, 0x123456u);
}

TEST(MprlsDecoder, PoweredIdleStatusHasNoFault) {
  const MprlsDecoded d = decode({0x40, 0x80, 0x00, 0x00});
  EXPECT_TRUE(d.status.powered);
  EXPECT_FALSE(d.status.busy);
  EXPECT_FALSE(d.status.memory_error);
  EXPECT_FALSE(d.status.math_saturation);
  EXPECT_FALSE(d.faults.any());
  EXPECT_EQ(describe(d.faults), "none");
}

TEST(MprlsDecoder, EachStatusBitIsItsOwnFault) {
  struct Case {
    std::uint8_t status;
    MprlsFault fault;
    const char* text;
  };
  const Case cases[] = {
      {0x00, MprlsFault::kNotPowered, "not powered"},              // bit 6 clear
      {0x60, MprlsFault::kBusy, "busy"},                           // bit 5
      {0x44, MprlsFault::kMemoryError, "memory integrity error"},  // bit 2
      {0x41, MprlsFault::kMathSaturation, "math saturation"},      // bit 0
  };
  for (const Case& c : cases) {
    const MprlsDecoded d = decode({c.status, 0x80, 0x00, 0x00});
    EXPECT_TRUE(d.faults.has(c.fault)) << int{c.status};
    EXPECT_EQ(describe(d.faults), c.text) << int{c.status};
  }
}

TEST(MprlsDecoder, BusStuckHighSetsEveryFlagItCan) {
  const MprlsDecoded d = decode({0xFF, 0xFF, 0xFF, 0xFF});
  EXPECT_TRUE(d.faults.has(MprlsFault::kBusy));
  EXPECT_TRUE(d.faults.has(MprlsFault::kMemoryError));
  EXPECT_TRUE(d.faults.has(MprlsFault::kMathSaturation));
  EXPECT_TRUE(d.faults.has(MprlsFault::kAboveRange));
  EXPECT_FALSE(d.faults.has(MprlsFault::kNotPowered));
}

TEST(MprlsDecoder, CountsOutsideTheSpanAreFlaggedAndExtrapolated) {
  // 0x100000 is 6.25 % of 2^24: (6.25 - 10) / 80 * 300 = -14.0625 mmHg.
  const MprlsDecoded low = decode({0x40, 0x10, 0x00, 0x00});
  EXPECT_TRUE(low.faults.has(MprlsFault::kBelowRange));
  EXPECT_NEAR(low.pressure.mmhg(), -14.0625f, 1e-3f);
  // 0xF00000 is 93.75 %: (93.75 - 10) / 80 * 300 = 314.0625 mmHg.
  const MprlsDecoded high = decode({0x40, 0xF0, 0x00, 0x00});
  EXPECT_TRUE(high.faults.has(MprlsFault::kAboveRange));
  EXPECT_NEAR(high.pressure.mmhg(), 314.0625f, 1e-3f);
  // The span's own ends are in range.
  EXPECT_FALSE(decode({0x40, 0x19, 0x99, 0x9A}).faults.any());
  EXPECT_FALSE(decode({0x40, 0xE6, 0x66, 0x66}).faults.any());
  EXPECT_TRUE(decode({0x40, 0x19, 0x99, 0x99}).faults.has(MprlsFault::kBelowRange));
  EXPECT_TRUE(decode({0x40, 0xE6, 0x66, 0x67}).faults.has(MprlsFault::kAboveRange));
}

TEST(MprlsDecoder, SeveralFaultsAreAllNamed) {
  const MprlsDecoded d = decode({0x05, 0x00, 0x00, 0x00});
  EXPECT_EQ(describe(d.faults),
            "not powered, memory integrity error, math saturation, below range");
}

}  // namespace
}  // namespace bfr::hardware

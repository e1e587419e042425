// Bluetooth Intermediate Cuff Pressure (0x2A36) against byte layouts worked
// out by hand from bfr-facts section 5: flags, then the cuff pressure in the
// systolic field, diastolic and mean NaN (0x07FF), then the optional fields.
// Multi-byte fields are little-endian.

#include "link/intermediate_cuff_pressure.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace bfr::link {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes encode(const IntermediateCuffPressure& v) {
  Bytes out(kIcpMaxSize);
  const std::size_t n = encode_intermediate_cuff_pressure(v, out);
  EXPECT_NE(n, 0u);
  out.resize(n);
  return out;
}

TEST(IntermediateCuffPressure, MmhgWithoutOptions) {
  // flags 0x00 (mmHg, nothing optional); 123.4 mmHg = 1234 x 10^-1 = 0xF4D2
  // -> D2 F4; diastolic NaN FF 07; mean NaN FF 07.
  IntermediateCuffPressure v;
  v.cuff = core::Pressure::mmhg(123.4f);
  EXPECT_EQ(encode(v), (Bytes{0x00, 0xD2, 0xF4, 0xFF, 0x07, 0xFF, 0x07}));
}

TEST(IntermediateCuffPressure, WithPulseRateAndStatus) {
  // flags 0x04 (pulse rate) | 0x10 (status) = 0x14; pulse 72/min = 0x0048
  // -> 48 00; status 0x0001 (body movement) -> 01 00.
  IntermediateCuffPressure v;
  v.cuff = core::Pressure::mmhg(123.4f);
  v.has_pulse_rate = true;
  v.pulse_rate = core::Frequency::per_minute(72.0f);
  v.has_status = true;
  v.status = 0x0001;
  EXPECT_EQ(encode(v), (Bytes{0x14, 0xD2, 0xF4, 0xFF, 0x07, 0xFF, 0x07, 0x48, 0x00, 0x01, 0x00}));
}

TEST(IntermediateCuffPressure, InKilopascals) {
  // flags 0x01 (kPa); 120.0 mmHg = 15.9986 kPa -> 1600 x 10^-2 = 0xE640 -> 40 E6.
  IntermediateCuffPressure v;
  v.cuff = core::Pressure::mmhg(120.0f);
  v.in_kpa = true;
  EXPECT_EQ(encode(v), (Bytes{0x01, 0x40, 0xE6, 0xFF, 0x07, 0xFF, 0x07}));
}

TEST(IntermediateCuffPressure, HighPressureLosesADecadeNotItsValue) {
  // 250 mmHg needs mantissa 2500 at 0.1: sent as 250 x 10^0 = 0x00FA -> FA 00.
  IntermediateCuffPressure v;
  v.cuff = core::Pressure::mmhg(250.0f);
  EXPECT_EQ(encode(v), (Bytes{0x00, 0xFA, 0x00, 0xFF, 0x07, 0xFF, 0x07}));
}

TEST(IntermediateCuffPressure, ParsesWhatItWrites) {
  IntermediateCuffPressure v;
  v.cuff = core::Pressure::mmhg(87.6f);
  v.has_pulse_rate = true;
  v.pulse_rate = core::Frequency::per_minute(58.0f);
  v.has_status = true;
  v.status = 0x0002;
  const IcpParsed p = parse_intermediate_cuff_pressure(encode(v));
  ASSERT_EQ(p.error, IcpError::kNone);
  EXPECT_NEAR(p.value.cuff.mmhg(), 87.6f, 1e-4f);
  EXPECT_TRUE(p.value.has_pulse_rate);
  EXPECT_NEAR(p.value.pulse_rate.per_minute(), 58.0f, 1e-3f);
  EXPECT_TRUE(p.value.has_status);
  EXPECT_EQ(p.value.status, 0x0002);
}

TEST(IntermediateCuffPressure, ParserStepsOverTimeStampAndUserId) {
  // flags 0x02 | 0x04 | 0x08 = 0x0E: time stamp 2025-11-22 14:05:00
  // (year 0x07E9 -> E9 07, month 0B, day 16, hour 0E, minute 05, second 00),
  // pulse 72 -> 48 00, user 01.
  const Bytes in{0x0E, 0xD2, 0xF4, 0xFF, 0x07, 0xFF, 0x07, 0xE9, 0x07,
                 0x0B, 0x16, 0x0E, 0x05, 0x00, 0x48, 0x00, 0x01};
  const IcpParsed p = parse_intermediate_cuff_pressure(in);
  ASSERT_EQ(p.error, IcpError::kNone);
  EXPECT_NEAR(p.value.cuff.mmhg(), 123.4f, 1e-4f);
  EXPECT_NEAR(p.value.pulse_rate.per_minute(), 72.0f, 1e-3f);
  EXPECT_FALSE(p.value.has_status);
}

TEST(IntermediateCuffPressure, KilopascalsAreConvertedBack) {
  const IcpParsed p =
      parse_intermediate_cuff_pressure(Bytes{0x01, 0x40, 0xE6, 0xFF, 0x07, 0xFF, 0x07});
  ASSERT_EQ(p.error, IcpError::kNone);
  EXPECT_TRUE(p.value.in_kpa);
  EXPECT_NEAR(p.value.cuff.kpa(), 16.0f, 1e-4f);
}

TEST(IntermediateCuffPressure, RejectsWrongLengthsAndFinalReadings) {
  EXPECT_EQ(parse_intermediate_cuff_pressure(Bytes{}).error, IcpError::kBadLength);
  // Pulse rate announced, not there.
  EXPECT_EQ(parse_intermediate_cuff_pressure(Bytes{0x04, 0xD2, 0xF4, 0xFF, 0x07, 0xFF, 0x07}).error,
            IcpError::kBadLength);
  // A diastolic value (80 = 0x0050): a finished blood pressure, not a cuff pressure.
  EXPECT_EQ(parse_intermediate_cuff_pressure(Bytes{0x00, 0xD2, 0xF4, 0x50, 0x00, 0xFF, 0x07}).error,
            IcpError::kNotCuffPressure);
}

TEST(IntermediateCuffPressure, EncoderNeedsRoom) {
  Bytes small(6);
  EXPECT_EQ(encode_intermediate_cuff_pressure(IntermediateCuffPressure{}, small), 0u);
}

}  // namespace
}  // namespace bfr::link

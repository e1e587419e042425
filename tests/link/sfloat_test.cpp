// IEEE 11073 SFLOAT against values worked out by hand (bfr-facts section 5:
// 4-bit exponent, 12-bit mantissa, NaN 0x07FF, NRes 0x0800, +INF 0x07FE,
// -INF 0x0802).

#include "link/sfloat.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace bfr::link {
namespace {

TEST(Sfloat, EncodesAtTheRequestedExponent) {
  // 123.4 = 1234 x 10^-1: mantissa 0x4D2, exponent -1 = 0xF -> 0xF4D2.
  EXPECT_EQ(encode_sfloat(123.4f, -1), 0xF4D2);
  // 72 = 72 x 10^0 -> 0x0048.
  EXPECT_EQ(encode_sfloat(72.0f, 0), 0x0048);
  // -1.5 = -15 x 10^-1: mantissa -15 = 0x1000 - 15 = 0xFF1 -> 0xFFF1.
  EXPECT_EQ(encode_sfloat(-1.5f, -1), 0xFFF1);
  // 0 -> mantissa 0 with exponent -1 -> 0xF000.
  EXPECT_EQ(encode_sfloat(0.0f, -1), 0xF000);
  // 16.00 kPa at 0.01: 1600 = 0x640, exponent -2 = 0xE -> 0xE640.
  EXPECT_EQ(encode_sfloat(16.0f, -2), 0xE640);
}

TEST(Sfloat, GivesUpResolutionNotRange) {
  // 300.0 at 0.1 would need mantissa 3000 > 2045: one decade up, 300 x 10^0
  // = 0x12C -> 0x012C.
  EXPECT_EQ(encode_sfloat(300.0f, -1), 0x012C);
  // 204.5 still fits at 0.1: 2045 = 0x7FD -> 0xF7FD.
  EXPECT_EQ(encode_sfloat(204.5f, -1), 0xF7FD);
  // 204.6 would be mantissa 2046, the +INF code: 205 x 10^0 = 0xCD -> 0x00CD.
  EXPECT_EQ(encode_sfloat(204.6f, -1), 0x00CD);
}

TEST(Sfloat, SpecialValues) {
  EXPECT_EQ(encode_sfloat(std::nanf(""), -1), kSfloatNaN);
  EXPECT_EQ(kSfloatNaN, 0x07FF);
  EXPECT_EQ(encode_sfloat(3e10f, 0), 0x07FE);  // beyond 2045 x 10^7
  EXPECT_EQ(encode_sfloat(-3e10f, 0), 0x0802);
  EXPECT_EQ(classify_sfloat(0x07FF), SfloatKind::kNaN);
  EXPECT_EQ(classify_sfloat(0x0800), SfloatKind::kNRes);
  EXPECT_EQ(classify_sfloat(0x07FE), SfloatKind::kPositiveInfinity);
  EXPECT_EQ(classify_sfloat(0x0802), SfloatKind::kNegativeInfinity);
  EXPECT_EQ(classify_sfloat(0x0801), SfloatKind::kReserved);
  EXPECT_TRUE(std::isnan(decode_sfloat(0x07FF)));
  EXPECT_TRUE(std::isnan(decode_sfloat(0x0800)));
  EXPECT_TRUE(std::isnan(decode_sfloat(0x0801)));
  EXPECT_EQ(decode_sfloat(0x07FE), INFINITY);
  EXPECT_EQ(decode_sfloat(0x0802), -INFINITY);
}

TEST(Sfloat, Decodes) {
  EXPECT_FLOAT_EQ(decode_sfloat(0xF4D2), 123.4f);
  EXPECT_FLOAT_EQ(decode_sfloat(0x0048), 72.0f);
  EXPECT_FLOAT_EQ(decode_sfloat(0xFFF1), -1.5f);
  // exponent 2, mantissa 5: 500.
  EXPECT_FLOAT_EQ(decode_sfloat(0x2005), 500.0f);
  // exponent -8 (0x8), mantissa 1: 1e-8.
  EXPECT_FLOAT_EQ(decode_sfloat(0x8001), 1e-8f);
  // mantissa -2045 (0x803) at exponent 0.
  EXPECT_FLOAT_EQ(decode_sfloat(0x0803), -2045.0f);
}

TEST(Sfloat, EveryNumberCodeRoundTripsThroughItsExponent) {
  for (std::uint32_t raw = 0; raw <= 0xFFFF; ++raw) {
    const auto code = static_cast<std::uint16_t>(raw);
    if (classify_sfloat(code) != SfloatKind::kNumber) continue;
    const int exponent = (code >> 12) >= 8 ? (code >> 12) - 16 : (code >> 12);
    const std::uint16_t again = encode_sfloat(decode_sfloat(code), exponent);
    // Decoded and encoded again at its own exponent, every code comes back.
    EXPECT_EQ(again, code) << std::hex << code;
  }
}

}  // namespace
}  // namespace bfr::link

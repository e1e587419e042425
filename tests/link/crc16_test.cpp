// CRC-16/CCITT-FALSE against its published parameters.

#include "link/crc16.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstring>

namespace bfr::link {
namespace {

std::span<const std::uint8_t> ascii(const char* s) {
  return {reinterpret_cast<const std::uint8_t*>(s), std::strlen(s)};
}

TEST(Crc16, StandardCheckValue) {
  // The catalogue check value of CRC-16/CCITT-FALSE (poly 0x1021, init
  // 0xFFFF, unreflected, xorout 0) over the ASCII bytes "123456789".
  EXPECT_EQ(crc16(ascii("123456789")), 0x29B1);
}

TEST(Crc16, EmptyInputLeavesTheInitialValue) {
  EXPECT_EQ(crc16({}), 0xFFFF);
}

TEST(Crc16, OneZeroByte) {
  // By hand: register 0xFFFF ^ (0x00 << 8) = 0xFFFF, then eight steps of
  // "shift left; XOR 0x1021 if the bit shifted out was 1":
  //   0xFFFE^0x1021=0xEFDF, 0xDFBE^0x1021=0xCF9F, 0x9F3E^0x1021=0x8F1F,
  //   0x1E3E^0x1021=0x0E1F, then top bit clear: 0x1C3E, 0x387C, 0x70F8, 0xE1F0.
  const std::array<std::uint8_t, 1> zero{0x00};
  EXPECT_EQ(crc16(zero), 0xE1F0);
}

TEST(Crc16, ContinuesAcrossChunks) {
  const auto whole = ascii("123456789");
  const std::uint16_t first = crc16(whole.first(4));
  EXPECT_EQ(crc16_update(first, whole.subspan(4)), 0x29B1);
}

TEST(Crc16, EverySingleBitFlipIsSeen) {
  std::array<std::uint8_t, 9> data{'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  for (std::size_t i = 0; i < data.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      data[i] = static_cast<std::uint8_t>(data[i] ^ (1u << bit));
      EXPECT_NE(crc16(data), 0x29B1) << "byte " << i << " bit " << bit;
      data[i] = static_cast<std::uint8_t>(data[i] ^ (1u << bit));
    }
  }
}

}  // namespace
}  // namespace bfr::link

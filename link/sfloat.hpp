#pragma once
// IEEE 11073-20601 SFLOAT, the 16-bit number format of the Bluetooth health
// characteristics (bfr-facts section 5): value = mantissa * 10^exponent,
// with a 4-bit two's-complement exponent in the top nibble and a 12-bit
// two's-complement mantissa below it. Five mantissas are reserved for
// special values: 0x7FF NaN, 0x800 NRes (not at this resolution), 0x7FE
// +INFINITY, 0x802 -INFINITY, 0x801 reserved.

#include <cstdint>

namespace bfr::link {

inline constexpr std::uint16_t kSfloatNaN = 0x07FF;
inline constexpr std::uint16_t kSfloatNRes = 0x0800;
inline constexpr std::uint16_t kSfloatPositiveInfinity = 0x07FE;
inline constexpr std::uint16_t kSfloatNegativeInfinity = 0x0802;
inline constexpr std::uint16_t kSfloatReserved = 0x0801;

// Largest mantissa magnitude that is not a special value.
inline constexpr int kSfloatMaxMantissa = 2045;

// Encodes `value` with `exponent` (-8..7) if its mantissa fits, else with the
// smallest larger exponent that fits (giving up resolution, never range).
// NaN gives NaN; values beyond 2045e7 give +-INFINITY.
std::uint16_t encode_sfloat(float value, int exponent);

enum class SfloatKind : std::uint8_t {
  kNumber,
  kNaN,
  kNRes,
  kPositiveInfinity,
  kNegativeInfinity,
  kReserved,
};

// Classifies by the mantissa whatever the exponent: a special mantissa is
// never a number.
SfloatKind classify_sfloat(std::uint16_t raw);

// The value; NaN for NaN, NRes and the reserved value, +-infinity for those.
float decode_sfloat(std::uint16_t raw);

}  // namespace bfr::link

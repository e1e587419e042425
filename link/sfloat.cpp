#include "link/sfloat.hpp"

#include <cmath>
#include <limits>

namespace bfr::link {

namespace {

int mantissa_of(std::uint16_t raw) {
  const int m = raw & 0x0FFF;
  return m >= 0x0800 ? m - 0x1000 : m;
}

int exponent_of(std::uint16_t raw) {
  const int e = (raw >> 12) & 0x0F;
  return e >= 0x08 ? e - 0x10 : e;
}

// 10^|exponent|, exact in double for the SFLOAT range (|exponent| <= 8), so
// that scaling divides or multiplies by an exact power and rounds once.
double power_of_ten(int exponent) {
  double p = 1.0;
  for (int i = 0; i < (exponent < 0 ? -exponent : exponent); ++i) p *= 10.0;
  return p;
}

double scale(double value, int exponent) {
  return exponent >= 0 ? value * power_of_ten(exponent) : value / power_of_ten(exponent);
}

}  // namespace

std::uint16_t encode_sfloat(float value, int exponent) {
  if (std::isnan(value)) return kSfloatNaN;
  if (exponent < -8) exponent = -8;
  for (int e = exponent; e <= 7; ++e) {
    const double scaled = scale(static_cast<double>(value), -e);
    const double rounded = std::round(scaled);
    if (std::fabs(rounded) <= kSfloatMaxMantissa) {
      const int mantissa = static_cast<int>(rounded);
      return static_cast<std::uint16_t>(((e & 0x0F) << 12) | (mantissa & 0x0FFF));
    }
  }
  return value > 0 ? kSfloatPositiveInfinity : kSfloatNegativeInfinity;
}

SfloatKind classify_sfloat(std::uint16_t raw) {
  switch (raw & 0x0FFF) {
    case 0x07FF:
      return SfloatKind::kNaN;
    case 0x0800:
      return SfloatKind::kNRes;
    case 0x07FE:
      return SfloatKind::kPositiveInfinity;
    case 0x0802:
      return SfloatKind::kNegativeInfinity;
    case 0x0801:
      return SfloatKind::kReserved;
    default:
      return SfloatKind::kNumber;
  }
}

float decode_sfloat(std::uint16_t raw) {
  switch (classify_sfloat(raw)) {
    case SfloatKind::kNumber:
      break;
    case SfloatKind::kPositiveInfinity:
      return std::numeric_limits<float>::infinity();
    case SfloatKind::kNegativeInfinity:
      return -std::numeric_limits<float>::infinity();
    case SfloatKind::kNaN:
    case SfloatKind::kNRes:
    case SfloatKind::kReserved:
      return std::numeric_limits<float>::quiet_NaN();
  }
  const int exponent = exponent_of(raw);
  return static_cast<float>(scale(static_cast<double>(mantissa_of(raw)), exponent));
}

}  // namespace bfr::link

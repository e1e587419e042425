#pragma once
// Little-endian field writer and reader over fixed spans, and the fixed-point
// scalings the messages use (docs/protocol.md, "Field encodings"). A write
// past the end or a read past the end sets a flag instead of touching memory
// outside the span; callers check it once at the end.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

#include "core/units.hpp"

namespace bfr::link::wire {

class Writer {
 public:
  explicit Writer(std::span<std::uint8_t> out) : out_(out) {}

  void u8(std::uint8_t v) {
    if (pos_ >= out_.size()) {
      overflow_ = true;
      return;
    }
    out_[pos_++] = v;
  }
  void i8(std::int8_t v) { u8(static_cast<std::uint8_t>(v)); }
  void u16(std::uint16_t v) { unsigned_le(v, 2); }
  void i16(std::int16_t v) { unsigned_le(static_cast<std::uint16_t>(v), 2); }
  void u32(std::uint32_t v) { unsigned_le(v, 4); }
  void i64(std::int64_t v) { unsigned_le(static_cast<std::uint64_t>(v), 8); }

  std::size_t size() const { return pos_; }
  bool overflow() const { return overflow_; }

 private:
  void unsigned_le(std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  std::span<std::uint8_t> out_;
  std::size_t pos_ = 0;
  bool overflow_ = false;
};

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}

  std::uint8_t u8() {
    if (pos_ >= in_.size()) {
      underflow_ = true;
      return 0;
    }
    return in_[pos_++];
  }
  std::int8_t i8() { return static_cast<std::int8_t>(u8()); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(unsigned_le(2)); }
  std::int16_t i16() { return static_cast<std::int16_t>(u16()); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(unsigned_le(4)); }
  std::int64_t i64() { return static_cast<std::int64_t>(unsigned_le(8)); }

  std::size_t remaining() const { return in_.size() - pos_; }
  bool underflow() const { return underflow_; }

 private:
  std::uint64_t unsigned_le(int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(u8()) << (8 * i);
    return v;
  }
  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
  bool underflow_ = false;
};

// Pressures travel as int16 in steps of `step` mmHg (0.1 for cuff pressures,
// 0.01 for pulse amplitudes), rounded to nearest and saturated to
// +-32767 steps; -32768 is reserved for "not available" and stands for NaN.
inline constexpr std::int16_t kPressureNotAvailable = std::numeric_limits<std::int16_t>::min();

inline std::int16_t pressure_to_steps(core::Pressure p, float steps_per_mmhg) {
  const float v = p.mmhg() * steps_per_mmhg;
  if (std::isnan(v)) return kPressureNotAvailable;
  if (v >= 32767.0f) return 32767;
  if (v <= -32767.0f) return -32767;
  return static_cast<std::int16_t>(std::lround(v));
}

inline core::Pressure pressure_from_steps(std::int16_t steps, float steps_per_mmhg) {
  if (steps == kPressureNotAvailable) {
    return core::Pressure::mmhg(std::numeric_limits<float>::quiet_NaN());
  }
  return core::Pressure::mmhg(static_cast<float>(steps) / steps_per_mmhg);
}

inline constexpr float kDeciMmhg = 10.0f;    // 0.1 mmHg per step
inline constexpr float kCentiMmhg = 100.0f;  // 0.01 mmHg per step

// Durations as uint32 milliseconds (up to 49 days), negative clamped to 0.
inline std::uint32_t duration_to_ms(core::Duration d) {
  const std::int64_t ms = d.ms();
  if (ms <= 0) return 0;
  if (ms > static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max())) {
    return std::numeric_limits<std::uint32_t>::max();
  }
  return static_cast<std::uint32_t>(ms);
}

inline core::Duration duration_from_ms(std::uint32_t ms) {
  return core::Duration::from_ms(static_cast<std::int64_t>(ms));
}

// A non-negative quantity rounded to a whole count of steps, saturated to
// 0..max; NaN and negatives give 0.
inline std::uint32_t round_saturated(float v, std::uint32_t max) {
  if (!(v > 0.0f)) return 0;
  if (v >= static_cast<float>(max)) return max;
  return static_cast<std::uint32_t>(std::lround(v));
}

// Shares (0..1) as uint16 basis points (1/10000), saturated to 0..65535.
inline std::uint16_t fraction_to_basis_points(core::Fraction f) {
  return static_cast<std::uint16_t>(round_saturated(f.value() * 10000.0f, 0xFFFF));
}

inline core::Fraction fraction_from_basis_points(std::uint16_t bp) {
  return core::Fraction(static_cast<float>(bp) / 10000.0f);
}

}  // namespace bfr::link::wire

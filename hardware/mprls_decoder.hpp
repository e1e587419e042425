#pragma once
// Decoding of the Honeywell MicroPressure (MPR series, "MPRLS") I2C reply,
// without any I/O. Source: Honeywell, "MicroPressure Board Mount Pressure
// Sensors, MPR Series", datasheet 32332628 (Issue H): the status byte's bits
// and the pressure output transfer function.
//
// The reply to a read after a measurement command is four bytes: a status
// byte, then the 24-bit pressure output, most significant byte first.

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "core/units.hpp"

namespace bfr::hardware {

// Status byte bits (datasheet 32332628, status byte table).
inline constexpr std::uint8_t kMprlsPowered = 1u << 6;         // 1: the device is powered
inline constexpr std::uint8_t kMprlsBusy = 1u << 5;            // 1: a conversion is running
inline constexpr std::uint8_t kMprlsMemoryError = 1u << 2;     // 1: memory integrity test failed
inline constexpr std::uint8_t kMprlsMathSaturation = 1u << 0;  // 1: internal math saturated

// 2^24 output counts; transfer function A spans 10 % to 90 % of them
// (datasheet 32332628, pressure output transfer function).
inline constexpr std::uint32_t kMprlsFullCounts = 1u << 24;
inline constexpr std::uint32_t kMprlsCountsMinA = 0x19999A;  // 10 % of 2^24, rounded
inline constexpr std::uint32_t kMprlsCountsMaxA = 0xE66666;  // 90 % of 2^24, rounded

inline constexpr float kMmhgPerPsi = 51.7149f;

// Why a reply cannot be used, as bits so that several can hold at once.
enum class MprlsFault : std::uint8_t {
  kNotPowered = 1u << 0,      // the power indication bit is clear
  kBusy = 1u << 1,            // the conversion had not finished
  kMemoryError = 1u << 2,     // the calibration memory failed its integrity test
  kMathSaturation = 1u << 3,  // the compensation math saturated: the output is clipped
  kBelowRange = 1u << 4,      // counts under the transfer function's minimum
  kAboveRange = 1u << 5,      // counts over the transfer function's maximum
};

class MprlsFaults {
 public:
  constexpr void add(MprlsFault f) { bits_ |= static_cast<std::uint8_t>(f); }
  constexpr bool has(MprlsFault f) const { return (bits_ & static_cast<std::uint8_t>(f)) != 0; }
  constexpr bool any() const { return bits_ != 0; }
  constexpr std::uint8_t bits() const { return bits_; }
  constexpr bool operator==(const MprlsFaults&) const = default;

 private:
  std::uint8_t bits_ = 0;
};

// "not powered, busy" and so on; "none" when there is no fault.
std::string describe(MprlsFaults faults);

// A part's transfer function: output counts at its minimum and maximum
// pressure. The MPR series maps its range linearly onto the counts between.
struct MprlsTransfer {
  std::uint32_t counts_min = kMprlsCountsMinA;
  std::uint32_t counts_max = kMprlsCountsMaxA;
  core::Pressure p_min = core::Pressure::mmhg(0);
  core::Pressure p_max = core::Pressure::mmhg(300);
};

// An MPR series 0-300 mmHg gauge part (range code 0300YG) with transfer
// function A: the range of a blood pressure cuff, and the one this project
// wires. Order the transfer function letter A with it: the others map the
// range onto other counts.
constexpr MprlsTransfer mprls_0300yg() {
  return {};
}
// MPRLS0025PA00001A: 0-25 psi absolute, transfer function A (the part on
// common breakout boards). Absolute: reads about 760 mmHg at rest, so it
// needs its zero taken against the open air (MprlsSensor::capture_zero).
constexpr MprlsTransfer mprls_0025pa() {
  return {kMprlsCountsMinA, kMprlsCountsMaxA, core::Pressure::mmhg(0),
          core::Pressure::mmhg(25.0f * kMmhgPerPsi)};
}

struct MprlsStatus {
  bool powered = false;
  bool busy = false;
  bool memory_error = false;
  bool math_saturation = false;
};
MprlsStatus decode_status(std::uint8_t status);

struct MprlsDecoded {
  std::uint8_t status_byte = 0;
  MprlsStatus status;
  std::uint32_t counts = 0;
  // The transfer function applied to the counts, extrapolated when they lie
  // outside its span (then kBelowRange or kAboveRange is set).
  core::Pressure pressure;
  MprlsFaults faults;
};

// Status and pressure from a four-byte reply.
MprlsDecoded decode_mprls(std::span<const std::uint8_t, 4> reply, const MprlsTransfer& transfer);

// The transfer function alone, and its inverse (counts for a pressure,
// rounded; for building replies and checking ranges).
core::Pressure counts_to_pressure(std::uint32_t counts, const MprlsTransfer& transfer);
double counts_per_mmhg(const MprlsTransfer& transfer);

}  // namespace bfr::hardware

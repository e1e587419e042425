#pragma once
// The Bluetooth Intermediate Cuff Pressure characteristic (0x2A36, Blood
// Pressure Service 0x1810), which carries the live cuff pressure so that any
// standard blood pressure client can show it (bfr-facts section 5):
//
//   flags (1 byte): bit0 units (0 mmHg, 1 kPa), bit1 time stamp present,
//     bit2 pulse rate present, bit3 user id present, bit4 status present
//   current cuff pressure, SFLOAT (the systolic field)
//   diastolic, SFLOAT: NaN in this characteristic
//   mean arterial pressure, SFLOAT: NaN in this characteristic
//   [time stamp, 7 bytes] [pulse rate, SFLOAT] [user id, 1 byte] [status, uint16]
//
// All multi-byte fields little-endian. The encoder writes the pulse rate and
// status when given; the parser also steps over a time stamp and user id.

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/units.hpp"

namespace bfr::link {

inline constexpr std::uint16_t kBloodPressureServiceUuid = 0x1810;
inline constexpr std::uint16_t kIntermediateCuffPressureUuid = 0x2A36;

inline constexpr std::uint8_t kIcpFlagKpa = 0x01;
inline constexpr std::uint8_t kIcpFlagTimeStamp = 0x02;
inline constexpr std::uint8_t kIcpFlagPulseRate = 0x04;
inline constexpr std::uint8_t kIcpFlagUserId = 0x08;
inline constexpr std::uint8_t kIcpFlagStatus = 0x10;

// Flags, three SFLOATs, time stamp, pulse rate, user id, status.
inline constexpr std::size_t kIcpMaxSize = 1 + 6 + 7 + 2 + 1 + 2;

struct IntermediateCuffPressure {
  core::Pressure cuff{};
  bool in_kpa = false;  // send in kPa (0.01 kPa steps) instead of mmHg (0.1 mmHg steps)
  bool has_pulse_rate = false;
  core::Frequency pulse_rate{};  // sent in whole beats per minute
  bool has_status = false;
  std::uint16_t status = 0;  // measurement status bits, as defined by the Bluetooth BLS
};

// Returns the bytes written, or 0 when `out` is too small.
std::size_t encode_intermediate_cuff_pressure(const IntermediateCuffPressure& value,
                                              std::span<std::uint8_t> out);

enum class IcpError : std::uint8_t {
  kNone,
  kBadLength,        // fewer or more bytes than the flags announce
  kNotCuffPressure,  // diastolic or mean pressure is not NaN: a final reading, not 0x2A36
};

struct IcpParsed {
  IcpError error = IcpError::kNone;
  IntermediateCuffPressure value{};
};

IcpParsed parse_intermediate_cuff_pressure(std::span<const std::uint8_t> bytes);

}  // namespace bfr::link

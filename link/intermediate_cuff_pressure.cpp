#include "link/intermediate_cuff_pressure.hpp"

#include <cmath>

#include "link/sfloat.hpp"
#include "link/wire.hpp"

namespace bfr::link {

namespace {
// Preferred resolution 0.1 mmHg (0.01 kPa). A 12-bit mantissa holds at most
// 2045 steps, so pressures above 204.5 mmHg (20.45 kPa) go out one decade
// coarser, in whole mmHg (0.1 kPa): encode_sfloat moves the exponent up.
constexpr int kMmhgExponent = -1;
constexpr int kKpaExponent = -2;
constexpr std::size_t kTimeStampSize = 7;
}  // namespace

std::size_t encode_intermediate_cuff_pressure(const IntermediateCuffPressure& value,
                                              std::span<std::uint8_t> out) {
  std::uint8_t flags = 0;
  if (value.in_kpa) flags |= kIcpFlagKpa;
  if (value.has_pulse_rate) flags |= kIcpFlagPulseRate;
  if (value.has_status) flags |= kIcpFlagStatus;
  const std::size_t size = 1 + 6 + (value.has_pulse_rate ? 2u : 0u) + (value.has_status ? 2u : 0u);
  if (out.size() < size) return 0;

  wire::Writer w(out);
  w.u8(flags);
  const std::uint16_t cuff = value.in_kpa ? encode_sfloat(value.cuff.kpa(), kKpaExponent)
                                          : encode_sfloat(value.cuff.mmhg(), kMmhgExponent);
  w.u16(cuff);
  w.u16(kSfloatNaN);  // diastolic: not part of a live cuff pressure
  w.u16(kSfloatNaN);  // mean arterial pressure: likewise
  if (value.has_pulse_rate) w.u16(encode_sfloat(value.pulse_rate.per_minute(), 0));
  if (value.has_status) w.u16(value.status);
  return w.size();
}

IcpParsed parse_intermediate_cuff_pressure(std::span<const std::uint8_t> bytes) {
  IcpParsed parsed;
  if (bytes.empty()) {
    parsed.error = IcpError::kBadLength;
    return parsed;
  }
  const std::uint8_t flags = bytes[0];
  const std::size_t expected = 1 + 6 + ((flags & kIcpFlagTimeStamp) ? kTimeStampSize : 0) +
                               ((flags & kIcpFlagPulseRate) ? 2u : 0u) +
                               ((flags & kIcpFlagUserId) ? 1u : 0u) +
                               ((flags & kIcpFlagStatus) ? 2u : 0u);
  if (bytes.size() != expected) {
    parsed.error = IcpError::kBadLength;
    return parsed;
  }
  wire::Reader r(bytes.subspan(1));
  IntermediateCuffPressure& v = parsed.value;
  v.in_kpa = (flags & kIcpFlagKpa) != 0;
  const float cuff = decode_sfloat(r.u16());
  v.cuff = v.in_kpa ? core::Pressure::kpa(cuff) : core::Pressure::mmhg(cuff);
  const std::uint16_t diastolic = r.u16();
  const std::uint16_t mean = r.u16();
  if (classify_sfloat(diastolic) != SfloatKind::kNaN || classify_sfloat(mean) != SfloatKind::kNaN) {
    parsed.error = IcpError::kNotCuffPressure;
    return parsed;
  }
  if (flags & kIcpFlagTimeStamp) {
    for (std::size_t i = 0; i < kTimeStampSize; ++i) r.u8();
  }
  if (flags & kIcpFlagPulseRate) {
    v.has_pulse_rate = true;
    v.pulse_rate = core::Frequency::per_minute(decode_sfloat(r.u16()));
  }
  if (flags & kIcpFlagUserId) r.u8();
  if (flags & kIcpFlagStatus) {
    v.has_status = true;
    v.status = r.u16();
  }
  return parsed;
}

}  // namespace bfr::link

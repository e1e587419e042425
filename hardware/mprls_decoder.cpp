#include "hardware/mprls_decoder.hpp"

namespace bfr::hardware {

std::string describe(MprlsFaults faults) {
  static constexpr struct {
    MprlsFault fault;
    const char* name;
  } kNames[] = {
      {MprlsFault::kNotPowered, "not powered"},
      {MprlsFault::kBusy, "busy"},
      {MprlsFault::kMemoryError, "memory integrity error"},
      {MprlsFault::kMathSaturation, "math saturation"},
      {MprlsFault::kBelowRange, "below range"},
      {MprlsFault::kAboveRange, "above range"},
  };
  std::string text;
  for (const auto& entry : kNames) {
    if (!faults.has(entry.fault)) continue;
    if (!text.empty()) text += ", ";
    text += entry.name;
  }
  return text.empty() ? "none" : text;
}

MprlsStatus decode_status(std::uint8_t status) {
  return {(status & kMprlsPowered) != 0, (status & kMprlsBusy) != 0,
          (status & kMprlsMemoryError) != 0, (status & kMprlsMathSaturation) != 0};
}

double counts_per_mmhg(const MprlsTransfer& transfer) {
  return static_cast<double>(transfer.counts_max - transfer.counts_min) /
         static_cast<double>(transfer.p_max.mmhg() - transfer.p_min.mmhg());
}

core::Pressure counts_to_pressure(std::uint32_t counts, const MprlsTransfer& transfer) {
  // Signed: counts below the minimum extrapolate below p_min.
  const double above_min = static_cast<double>(counts) - static_cast<double>(transfer.counts_min);
  return core::Pressure::mmhg(static_cast<float>(above_min / counts_per_mmhg(transfer) +
                                                 static_cast<double>(transfer.p_min.mmhg())));
}

MprlsDecoded decode_mprls(std::span<const std::uint8_t, 4> reply, const MprlsTransfer& transfer) {
  MprlsDecoded d;
  d.status_byte = reply[0];
  d.status = decode_status(reply[0]);
  d.counts = (std::uint32_t{reply[1]} << 16) | (std::uint32_t{reply[2]} << 8) | reply[3];
  d.pressure = counts_to_pressure(d.counts, transfer);
  if (!d.status.powered) d.faults.add(MprlsFault::kNotPowered);
  if (d.status.busy) d.faults.add(MprlsFault::kBusy);
  if (d.status.memory_error) d.faults.add(MprlsFault::kMemoryError);
  if (d.status.math_saturation) d.faults.add(MprlsFault::kMathSaturation);
  if (d.counts < transfer.counts_min) d.faults.add(MprlsFault::kBelowRange);
  if (d.counts > transfer.counts_max) d.faults.add(MprlsFault::kAboveRange);
  return d;
}

}  // namespace bfr::hardware

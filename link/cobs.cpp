#include "link/cobs.hpp"

namespace bfr::link {

std::size_t cobs_encode(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  // Each run starts with a placeholder for its code byte, filled in when the
  // run ends at a zero, at 254 data bytes, or at the end of the input.
  if (out.empty()) return 0;
  std::size_t code_at = 0;
  std::size_t write = 1;
  std::uint8_t code = 1;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == 0) {
      out[code_at] = code;
      if (write >= out.size()) return 0;
      code_at = write++;
      code = 1;
      continue;
    }
    if (write >= out.size()) return 0;
    out[write++] = in[i];
    ++code;
    // A full run of 254 bytes ends without an implied zero; the next run
    // starts only if there is more input.
    if (code == 0xFF && i + 1 < in.size()) {
      out[code_at] = code;
      if (write >= out.size()) return 0;
      code_at = write++;
      code = 1;
    }
  }
  out[code_at] = code;
  return write;
}

CobsDecoded cobs_decode(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  std::size_t read = 0;
  std::size_t write = 0;
  while (read < in.size()) {
    const std::uint8_t code = in[read++];
    if (code == 0) return {CobsError::kZeroInInput, 0};
    const std::size_t run = static_cast<std::size_t>(code) - 1;
    if (run > in.size() - read) return {CobsError::kTruncated, 0};
    for (std::size_t k = 0; k < run; ++k) {
      const std::uint8_t byte = in[read++];
      if (byte == 0) return {CobsError::kZeroInInput, 0};
      if (write >= out.size()) return {CobsError::kOutputTooSmall, 0};
      out[write++] = byte;
    }
    // A run shorter than 254 stands for its bytes and a zero, except the
    // last run, whose zero is the frame's end.
    if (code != 0xFF && read < in.size()) {
      if (write >= out.size()) return {CobsError::kOutputTooSmall, 0};
      out[write++] = 0;
    }
  }
  return {CobsError::kNone, write};
}

}  // namespace bfr::link

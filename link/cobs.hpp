#pragma once
// Consistent Overhead Byte Stuffing: rewrites a block of bytes so that it
// contains no 0x00, which is then free to mark the end of a frame. The
// overhead is one byte per started run of 254 non-zero bytes (at least one),
// so a receiver that joins mid-stream resynchronises at the next 0x00.

#include <cstddef>
#include <cstdint>
#include <span>

namespace bfr::link {

// Largest encoding of n bytes (the delimiter not included): one code byte
// per started run of 254, and one for empty input.
constexpr std::size_t cobs_max_encoded_size(std::size_t n) {
  return n + (n == 0 ? 1 : (n + 253) / 254);
}

// Encodes `in` into `out` without the trailing delimiter. Returns the number
// of bytes written, or 0 when `out` is too small (nothing valid is written).
std::size_t cobs_encode(std::span<const std::uint8_t> in, std::span<std::uint8_t> out);

enum class CobsError : std::uint8_t {
  kNone,
  kZeroInInput,     // a 0x00 inside an encoded block: it can only be a delimiter
  kTruncated,       // a run code promises more bytes than the block holds
  kOutputTooSmall,  // the decoded bytes do not fit
};

struct CobsDecoded {
  CobsError error = CobsError::kNone;
  std::size_t size = 0;  // bytes written to `out` when error is kNone
};

// Decodes one encoded block (without its delimiter). An empty block decodes
// to nothing. `out` may be the same memory as `in`: the write position never
// passes the read position.
CobsDecoded cobs_decode(std::span<const std::uint8_t> in, std::span<std::uint8_t> out);

}  // namespace bfr::link

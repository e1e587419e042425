#pragma once
// Frames on the wire: COBS(message bytes, CRC-16 little-endian) followed by a
// single 0x00 delimiter (docs/protocol.md, "Framing"). Any byte stream
// chunking works: the decoder takes one byte at a time.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "link/cobs.hpp"
#include "link/message_codec.hpp"
#include "link/messages.hpp"

namespace bfr::link {

inline constexpr std::size_t kCrcSize = 2;
// Decoded bytes of the longest frame: the longest message and its CRC.
inline constexpr std::size_t kMaxFramePayload = kMaxMessageSize + kCrcSize;
// Encoded bytes of the longest frame, without and with the delimiter.
inline constexpr std::size_t kMaxEncodedFrame = cobs_max_encoded_size(kMaxFramePayload);
inline constexpr std::size_t kMaxWireFrame = kMaxEncodedFrame + 1;

// Frames message bytes: returns the bytes written to `out` (delimiter
// included), or 0 when the message is longer than kMaxMessageSize or `out`
// is too small, in which case `out` is left untouched.
std::size_t encode_frame(std::span<const std::uint8_t> message, std::span<std::uint8_t> out);

// Encodes and frames a message in one go; 0 when the message is invalid (see
// encode_message) or `out` is too small.
std::size_t write_frame(const Message& message, std::span<std::uint8_t> out);

enum class FrameStatus : std::uint8_t {
  kPending,   // no frame ended with this byte
  kFrame,     // a frame with a good CRC ended; payload() holds its message bytes
  kBadCrc,    // the CRC did not match
  kOverlong,  // more bytes than the longest frame before the delimiter
  kBadCobs,   // the encoding was broken (a run cut short)
  kTooShort,  // fewer bytes than a CRC
};

// The byte-at-a-time frame decoder. Bytes accumulate until a 0x00; an empty
// frame (two delimiters in a row, or a leading delimiter sent to resync) is
// skipped silently. After an overlong frame everything up to the next
// delimiter is discarded.
class FrameDecoder {
 public:
  FrameStatus push(std::uint8_t byte);
  // The message bytes (CRC removed) of the frame just reported as kFrame;
  // valid until the next push.
  std::span<const std::uint8_t> payload() const {
    return std::span<const std::uint8_t>(decoded_.data(), decoded_size_);
  }
  void reset();

 private:
  std::array<std::uint8_t, kMaxEncodedFrame> encoded_{};
  std::size_t encoded_size_ = 0;
  bool overflowed_ = false;
  std::array<std::uint8_t, kMaxFramePayload> decoded_{};
  std::size_t decoded_size_ = 0;
};

}  // namespace bfr::link

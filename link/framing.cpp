#include "link/framing.hpp"

#include <algorithm>

#include "link/crc16.hpp"

namespace bfr::link {

std::size_t encode_frame(std::span<const std::uint8_t> message, std::span<std::uint8_t> out) {
  if (message.size() > kMaxMessageSize) return 0;
  std::array<std::uint8_t, kMaxFramePayload> payload{};
  std::copy(message.begin(), message.end(), payload.begin());
  const std::uint16_t crc = crc16(message);
  payload[message.size()] = static_cast<std::uint8_t>(crc & 0xFF);
  payload[message.size() + 1] = static_cast<std::uint8_t>(crc >> 8);
  const std::size_t payload_size = message.size() + kCrcSize;

  std::array<std::uint8_t, kMaxWireFrame> frame{};
  const std::size_t encoded =
      cobs_encode(std::span<const std::uint8_t>(payload.data(), payload_size), frame);
  if (encoded == 0 || encoded + 1 > out.size()) return 0;
  frame[encoded] = 0x00;
  std::copy(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(encoded + 1), out.begin());
  return encoded + 1;
}

std::size_t write_frame(const Message& message, std::span<std::uint8_t> out) {
  std::array<std::uint8_t, kMaxMessageSize> bytes{};
  const EncodeResult encoded = encode_message(message, bytes);
  if (!encoded.ok()) return 0;
  return encode_frame(std::span<const std::uint8_t>(bytes.data(), encoded.size), out);
}

void FrameDecoder::reset() {
  encoded_size_ = 0;
  overflowed_ = false;
  decoded_size_ = 0;
}

FrameStatus FrameDecoder::push(std::uint8_t byte) {
  decoded_size_ = 0;
  if (byte != 0x00) {
    if (encoded_size_ < encoded_.size()) {
      encoded_[encoded_size_++] = byte;
    } else {
      overflowed_ = true;
    }
    return FrameStatus::kPending;
  }

  // A delimiter: judge the frame it ends, then start afresh whatever the verdict.
  const bool overflowed = overflowed_;
  const std::size_t size = encoded_size_;
  encoded_size_ = 0;
  overflowed_ = false;
  if (overflowed) return FrameStatus::kOverlong;
  if (size == 0) return FrameStatus::kPending;

  const CobsDecoded decoded =
      cobs_decode(std::span<const std::uint8_t>(encoded_.data(), size), decoded_);
  if (decoded.error == CobsError::kOutputTooSmall) return FrameStatus::kOverlong;
  if (decoded.error != CobsError::kNone) return FrameStatus::kBadCobs;
  if (decoded.size < kCrcSize) return FrameStatus::kTooShort;

  const std::size_t message_size = decoded.size - kCrcSize;
  const std::span<const std::uint8_t> message(decoded_.data(), message_size);
  const auto received =
      static_cast<std::uint16_t>(decoded_[message_size] | (decoded_[message_size + 1] << 8));
  if (crc16(message) != received) return FrameStatus::kBadCrc;
  decoded_size_ = message_size;
  return FrameStatus::kFrame;
}

}  // namespace bfr::link

#pragma once
// Messages to bytes and back: pure functions on spans, no allocation. The
// bytes here are one message (header and payload); framing (CRC, COBS,
// delimiter) is framing.hpp's job.

#include <cstddef>
#include <cstdint>
#include <span>

#include "link/messages.hpp"

namespace bfr::link {

inline constexpr std::size_t kHeaderSize = 5;
inline constexpr std::size_t kEventWireSize = 13;
inline constexpr std::size_t kTelemetryBaseSize = 24;
inline constexpr std::size_t kMaxMessageSize =
    kHeaderSize + kTelemetryBaseSize + kMaxTelemetryEvents * kEventWireSize;

enum class ParseError : std::uint8_t {
  kNone,
  kTooShort,            // fewer bytes than a header
  kUnsupportedVersion,  // header version this build does not speak
  kUnknownType,
  kBadCuff,    // cuff byte not allowed for the type (0 or 1 per cuff, 0xFF device)
  kBadLength,  // payload length differs from the type's layout
  kBadValue,   // a field out of its range (enum, count, flag bits)
};
const char* to_string(ParseError error);

struct RawHeader {
  std::uint8_t version = 0;
  std::uint8_t type = 0;
  std::uint16_t sequence = 0;
  std::uint8_t cuff = 0;
};

struct ParseResult {
  ParseError error = ParseError::kNone;
  // The header as read, whenever at least kHeaderSize bytes came in, so that
  // a receiver can name the sequence and type in an Error reply.
  bool has_header = false;
  RawHeader header{};
  Message message{};  // meaningful only when ok()

  bool ok() const { return error == ParseError::kNone; }
};

ParseResult parse_message(std::span<const std::uint8_t> bytes);

enum class EncodeError : std::uint8_t {
  kNone,
  kBufferTooSmall,
  kInvalidMessage,  // the receiver would reject it; `rejection` says why
};

struct EncodeResult {
  EncodeError error = EncodeError::kNone;
  ParseError rejection = ParseError::kNone;
  std::size_t size = 0;  // bytes written when error is kNone
  bool ok() const { return error == EncodeError::kNone; }
};

// Writes the message (header version kProtocolVersion, type from the body).
// A message the parser would refuse (a cuff index or field out of range) is
// refused here too, so nothing unreadable is ever sent.
EncodeResult encode_message(const Message& message, std::span<std::uint8_t> out);

// Payload size of a type's fixed layout; for Telemetry the size with no events.
std::size_t payload_size(MessageType type);

}  // namespace bfr::link

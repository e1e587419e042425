#pragma once
// Bytes in, checked messages out. Wraps the frame decoder and the message
// parser and counts every malformed frame by kind; a malformed frame is
// dropped and never reaches the caller.

#include <cstdint>

#include "link/framing.hpp"
#include "link/message_codec.hpp"
#include "link/messages.hpp"

namespace bfr::link {

struct MalformedCounts {
  std::uint32_t bad_crc = 0;
  std::uint32_t overlong = 0;
  std::uint32_t bad_cobs = 0;
  std::uint32_t unknown_type = 0;
  std::uint32_t bad_length = 0;  // too short for a CRC or a header, or a layout's length
  std::uint32_t bad_version = 0;
  std::uint32_t bad_value = 0;  // a field or the cuff index out of range

  std::uint32_t total() const {
    return bad_crc + overlong + bad_cobs + unknown_type + bad_length + bad_version + bad_value;
  }
};

class StreamDecoder {
 public:
  // Returns the message this byte completed, or nullptr. The pointer stays
  // valid until the next push.
  const Message* push(std::uint8_t byte);

  const MalformedCounts& malformed() const { return malformed_; }
  std::uint32_t delivered() const { return delivered_; }
  // The last rejected frame's parse result, for an Error reply naming its
  // sequence and type (has_header tells whether they could be read).
  const ParseResult& last_rejection() const { return last_rejection_; }
  // Frames that passed the CRC but whose message the parser refused; when
  // this moves on a push, last_rejection() is that frame's (the framing
  // counters move without touching it).
  std::uint32_t parse_rejections() const { return parse_rejections_; }

 private:
  void count(ParseError error);

  FrameDecoder frames_;
  ParseResult parsed_{};
  ParseResult last_rejection_{};
  MalformedCounts malformed_{};
  std::uint32_t delivered_ = 0;
  std::uint32_t parse_rejections_ = 0;
};

}  // namespace bfr::link

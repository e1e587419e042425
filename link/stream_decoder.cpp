#include "link/stream_decoder.hpp"

namespace bfr::link {

const Message* StreamDecoder::push(std::uint8_t byte) {
  switch (frames_.push(byte)) {
    case FrameStatus::kPending:
      return nullptr;
    case FrameStatus::kBadCrc:
      ++malformed_.bad_crc;
      return nullptr;
    case FrameStatus::kOverlong:
      ++malformed_.overlong;
      return nullptr;
    case FrameStatus::kBadCobs:
      ++malformed_.bad_cobs;
      return nullptr;
    case FrameStatus::kTooShort:
      ++malformed_.bad_length;
      return nullptr;
    case FrameStatus::kFrame:
      break;
  }
  parsed_ = parse_message(frames_.payload());
  if (!parsed_.ok()) {
    count(parsed_.error);
    last_rejection_ = parsed_;
    ++parse_rejections_;
    return nullptr;
  }
  ++delivered_;
  return &parsed_.message;
}

void StreamDecoder::count(ParseError error) {
  switch (error) {
    case ParseError::kNone:
      return;
    case ParseError::kTooShort:
    case ParseError::kBadLength:
      ++malformed_.bad_length;
      return;
    case ParseError::kUnsupportedVersion:
      ++malformed_.bad_version;
      return;
    case ParseError::kUnknownType:
      ++malformed_.unknown_type;
      return;
    case ParseError::kBadCuff:
    case ParseError::kBadValue:
      ++malformed_.bad_value;
      return;
  }
}

}  // namespace bfr::link

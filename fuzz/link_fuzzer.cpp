// libFuzzer target for the device link's receiving side: the byte-at-a-time
// stream decoder, the message parser and the Bluetooth cuff pressure parser
// get arbitrary bytes. Besides the sanitizers' checks, it traps when
//  - a message that parses does not encode back to exactly its bytes (the
//    encoding is canonical, so a lossy field would show here),
//  - a delivered message does not survive its own frame round trip,
//  - the decoder reports more frames than the input had delimiters.
// Built by scripts/fuzz-link.sh with clang++ -fsanitize=fuzzer,address,undefined;
// not part of the main build.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "link/framing.hpp"
#include "link/intermediate_cuff_pressure.hpp"
#include "link/message_codec.hpp"
#include "link/sfloat.hpp"
#include "link/stream_decoder.hpp"

namespace {

using namespace bfr::link;

void require(bool condition) {
  if (!condition) __builtin_trap();
}

void check_message_round_trip(const Message& m) {
  std::array<std::uint8_t, kMaxMessageSize> bytes{};
  const EncodeResult encoded = encode_message(m, bytes);
  require(encoded.ok());
  const std::span<const std::uint8_t> message(bytes.data(), encoded.size);

  std::array<std::uint8_t, kMaxWireFrame> frame{};
  const std::size_t frame_size = encode_frame(message, frame);
  require(frame_size > 0 && frame_size <= kMaxWireFrame);
  StreamDecoder again;
  const Message* delivered = nullptr;
  for (std::size_t i = 0; i < frame_size; ++i) {
    const Message* m2 = again.push(frame[i]);
    require(m2 == nullptr || i + 1 == frame_size);
    if (m2 != nullptr) delivered = m2;
  }
  require(delivered != nullptr && again.malformed().total() == 0);
  std::array<std::uint8_t, kMaxMessageSize> bytes2{};
  const EncodeResult encoded2 = encode_message(*delivered, bytes2);
  require(encoded2.ok() && encoded2.size == encoded.size);
  require(std::equal(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(encoded.size),
                     bytes2.begin()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);

  // 1. The input as a byte stream, as a serial port would deliver it.
  StreamDecoder decoder;
  std::size_t delimiters = 0;
  for (std::uint8_t byte : input) {
    if (byte == 0x00) ++delimiters;
    if (const Message* m = decoder.push(byte)) {
      require(byte == 0x00);
      check_message_round_trip(*m);
    }
  }
  require(decoder.delivered() + decoder.malformed().total() <= delimiters);

  // 2. The input as one message: parsing accepts it only if its encoding is
  //    exactly these bytes.
  const ParseResult parsed = parse_message(input);
  if (parsed.ok()) {
    std::array<std::uint8_t, kMaxMessageSize> bytes{};
    const EncodeResult encoded = encode_message(parsed.message, bytes);
    require(encoded.ok() && encoded.size == size);
    require(std::equal(input.begin(), input.end(), bytes.begin()));
    check_message_round_trip(parsed.message);
  }

  // 3. The input as a Bluetooth Intermediate Cuff Pressure value.
  const IcpParsed icp = parse_intermediate_cuff_pressure(input);
  if (icp.error == IcpError::kNone) {
    std::array<std::uint8_t, kIcpMaxSize> out{};
    require(encode_intermediate_cuff_pressure(icp.value, out) > 0);
  }
  for (std::size_t i = 0; i + 1 < size; i += 2) {
    const auto raw = static_cast<std::uint16_t>(data[i] | (data[i + 1] << 8));
    (void)decode_sfloat(raw);
  }
  return 0;
}

// Frames on the wire: golden frames worked out by hand, any chunking of the
// stream, and every kind of malformed frame counted and dropped.

#include "link/framing.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "link/cobs.hpp"
#include "link/crc16.hpp"
#include "link/stream_decoder.hpp"
#include "tests/link/sample_messages.hpp"

namespace bfr::link {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes frame_of(const Message& m) {
  Bytes out(kMaxWireFrame);
  const std::size_t n = write_frame(m, out);
  EXPECT_NE(n, 0u);
  out.resize(n);
  return out;
}

// A frame around arbitrary bytes with the given CRC, for malformed cases.
Bytes raw_frame(const Bytes& message, std::uint16_t crc) {
  Bytes payload = message;
  payload.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  payload.push_back(static_cast<std::uint8_t>(crc >> 8));
  Bytes out(cobs_max_encoded_size(payload.size()) + 1);
  const std::size_t n = cobs_encode(payload, out);
  out.resize(n);
  out.push_back(0x00);
  return out;
}

Bytes raw_frame(const Bytes& message) {
  return raw_frame(message, crc16(message));
}

struct Fed {
  std::vector<Message> messages;
  std::size_t reported_on_non_delimiter = 0;
};

Fed feed(StreamDecoder& decoder, const Bytes& stream) {
  Fed fed;
  for (std::uint8_t b : stream) {
    if (const Message* m = decoder.push(b)) {
      fed.messages.push_back(*m);
      if (b != 0x00) ++fed.reported_on_non_delimiter;
    }
  }
  return fed;
}

TEST(Framing, HelloGoldenFrame) {
  // Message bytes 02 01 01 00 FF B8 0B (message_codec_test), CRC-16/CCITT-
  // FALSE 0x9770 (computed with an independent bitwise implementation)
  // appended little-endian: 70 97. COBS: the run before the zero is
  // 02 01 01 -> code 04; the rest FF B8 0B 70 97 -> code 06; then 00.
  EXPECT_EQ(frame_of({1, kNoCuff, Hello{core::Duration::from_ms(3000)}}),
            (Bytes{0x04, 0x02, 0x01, 0x01, 0x06, 0xFF, 0xB8, 0x0B, 0x70, 0x97, 0x00}));
}

TEST(Framing, TelemetryGoldenFrame) {
  // The message of MessageCodec.TelemetryGoldenBytes, CRC 0x1108 (computed
  // independently) as 08 11, then COBS run by run: [02 30 03 02] -> 05,
  // [40 42 0F] -> 04, four empty runs for the time's other zeros -> 01 x4,
  // [D2 04 B0 04 03 01 FF FF 04] -> 0A, five empty runs (alarm bytes, flags,
  // progress, dropped) -> 01 x5, [01 40 42 0F] -> 05, four empty -> 01 x4,
  // [03] -> 02, [01] -> 02, one empty (value low byte) -> 01, [08 11] -> 03.
  Telemetry t;
  t.device_time = core::TimePoint::from_us(1'000'000);
  t.cuff = core::Pressure::mmhg(123.4f);
  t.target = core::Pressure::mmhg(120.0f);
  t.phase = core::Phase::kExercise;
  t.set_index = 1;
  t.alarms.raise(core::Alarm::kSensorFault);
  t.vent_open = false;
  t.event_count = 1;
  t.events[0] = testing::sample_event(1'000'000, core::EventKind::kSetStarted, 0, 1, 0.0f);
  EXPECT_EQ(frame_of({0x0203, 0, t}),
            (Bytes{0x05, 0x02, 0x30, 0x03, 0x02, 0x04, 0x40, 0x42, 0x0F, 0x01, 0x01, 0x01,
                   0x01, 0x0A, 0xD2, 0x04, 0xB0, 0x04, 0x03, 0x01, 0xFF, 0xFF, 0x04, 0x01,
                   0x01, 0x01, 0x01, 0x01, 0x05, 0x01, 0x40, 0x42, 0x0F, 0x01, 0x01, 0x01,
                   0x01, 0x02, 0x03, 0x02, 0x01, 0x01, 0x03, 0x08, 0x11, 0x00}));
}

TEST(Framing, LongestFrameFitsTheWireLimit) {
  Telemetry t;
  t.event_count = static_cast<std::uint8_t>(kMaxTelemetryEvents);
  for (auto& e : t.events) e = testing::sample_event(-1, core::EventKind::kSetEnded, 255, 7, 1.1f);
  const Bytes f = frame_of({0xFFFF, 1, t});
  EXPECT_LE(f.size(), kMaxWireFrame);
  StreamDecoder d;
  EXPECT_EQ(feed(d, f).messages.size(), 1u);
}

TEST(Framing, EncodeFrameRefusesOverlongMessagesAndSmallBuffers) {
  Bytes out(kMaxWireFrame * 2, 0xAA);
  EXPECT_EQ(encode_frame(Bytes(kMaxMessageSize + 1, 0x11), out), 0u);
  Bytes small(10, 0xAA);
  EXPECT_EQ(encode_frame(Bytes(10, 0x11), small), 0u);  // needs 10 + 2 + 1 + 1
  for (std::uint8_t b : small) EXPECT_EQ(b, 0xAA);
}

TEST(StreamDecoder, EveryMessageSurvivesAnyChunking) {
  const std::vector<Message> all = testing::one_of_each_type();
  Bytes stream;
  for (const Message& m : all) {
    const Bytes f = frame_of(m);
    stream.insert(stream.end(), f.begin(), f.end());
  }
  // The decoder sees bytes one at a time whatever the chunk sizes were;
  // feeding through chunks of different sizes (as a serial port delivers
  // them) must give the same messages.
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 64u, 1000u}) {
    SCOPED_TRACE(chunk);
    StreamDecoder d;
    std::vector<Message> got;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
      const Bytes piece(
          stream.begin() + static_cast<std::ptrdiff_t>(at),
          stream.begin() + static_cast<std::ptrdiff_t>(std::min(stream.size(), at + chunk)));
      const Fed fed = feed(d, piece);
      EXPECT_EQ(fed.reported_on_non_delimiter, 0u);
      got.insert(got.end(), fed.messages.begin(), fed.messages.end());
    }
    ASSERT_EQ(got.size(), all.size());
    for (std::size_t i = 0; i < all.size(); ++i) testing::expect_same_message(all[i], got[i]);
    EXPECT_EQ(d.delivered(), all.size());
    EXPECT_EQ(d.malformed().total(), 0u);
  }
}

TEST(StreamDecoder, ExtraDelimitersAreIdleNotErrors) {
  StreamDecoder d;
  Bytes stream{0x00, 0x00};
  const Bytes f = frame_of({3, 0, Stop{}});
  stream.insert(stream.end(), f.begin(), f.end());
  stream.push_back(0x00);
  EXPECT_EQ(feed(d, stream).messages.size(), 1u);
  EXPECT_EQ(d.malformed().total(), 0u);
}

// Each malformed frame is followed by a good one: the bad one is counted
// under its kind and dropped, and the decoder is back in step for the next.
struct MalformedCase {
  const char* name;
  Bytes frame;
  std::uint32_t MalformedCounts::*counter;
};

std::vector<MalformedCase> malformed_cases() {
  const Bytes stop{0x02, 0x13, 0x05, 0x00, 0x00};  // a valid Stop message
  Bytes overlong(kMaxEncodedFrame + 1, 0x11);
  overlong.push_back(0x00);
  Bytes bad_telemetry;
  {
    std::array<std::uint8_t, kMaxMessageSize> buf{};
    const EncodeResult r = encode_message({0, 0, Telemetry{}}, buf);
    bad_telemetry.assign(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(r.size));
    bad_telemetry[kHeaderSize + 12] = 0x42;  // no such phase
  }
  return {
      {"bad_crc", raw_frame(stop, static_cast<std::uint16_t>(crc16(stop) ^ 0x0001)),
       &MalformedCounts::bad_crc},
      {"overlong", overlong, &MalformedCounts::overlong},
      {"bad_cobs", {0x05, 0x11, 0x22, 0x00}, &MalformedCounts::bad_cobs},
      {"too_short_for_crc", {0x02, 0x11, 0x00}, &MalformedCounts::bad_length},
      {"too_short_for_header", raw_frame({0x02, 0x13, 0x05}), &MalformedCounts::bad_length},
      {"unknown_type", raw_frame({0x02, 0x7E, 0x05, 0x00, 0x00}), &MalformedCounts::unknown_type},
      {"bad_length", raw_frame({0x02, 0x13, 0x05, 0x00, 0x00, 0x00}), &MalformedCounts::bad_length},
      {"bad_version", raw_frame({0x01, 0x13, 0x05, 0x00, 0x00}), &MalformedCounts::bad_version},
      {"bad_cuff", raw_frame({0x02, 0x13, 0x05, 0x00, 0x07}), &MalformedCounts::bad_value},
      {"bad_value", raw_frame(bad_telemetry), &MalformedCounts::bad_value},
  };
}

TEST(StreamDecoder, EveryMalformedKindIsCountedAndDropped) {
  const Bytes good = frame_of({6, 1, EmergencyStop{}});
  for (const MalformedCase& c : malformed_cases()) {
    SCOPED_TRACE(c.name);
    StreamDecoder d;
    Bytes stream = c.frame;
    stream.insert(stream.end(), good.begin(), good.end());
    const Fed fed = feed(d, stream);
    ASSERT_EQ(fed.messages.size(), 1u) << "the malformed frame was delivered or the good one lost";
    EXPECT_TRUE(std::holds_alternative<EmergencyStop>(fed.messages[0].body));
    EXPECT_EQ(d.malformed().*(c.counter), 1u);
    EXPECT_EQ(d.malformed().total(), 1u);
    EXPECT_EQ(d.delivered(), 1u);
  }
}

TEST(StreamDecoder, RejectedFrameKeepsItsHeaderForAnErrorReply) {
  StreamDecoder d;
  feed(d, raw_frame({0x02, 0x7E, 0x34, 0x12, 0x00}));
  const ParseResult& r = d.last_rejection();
  EXPECT_EQ(r.error, ParseError::kUnknownType);
  ASSERT_TRUE(r.has_header);
  EXPECT_EQ(r.header.sequence, 0x1234);
  EXPECT_EQ(r.header.type, 0x7E);
}

TEST(StreamDecoder, JoiningMidFrameLosesOnlyThatFrame) {
  const Bytes first = frame_of({1, 0, Stop{}});
  const Bytes second = frame_of({2, 0, Reset{}});
  Bytes stream(first.begin() + 3, first.end());  // the start of the first frame was missed
  stream.insert(stream.end(), second.begin(), second.end());
  StreamDecoder d;
  const Fed fed = feed(d, stream);
  ASSERT_EQ(fed.messages.size(), 1u);
  EXPECT_EQ(fed.messages[0].sequence, 2);
  EXPECT_EQ(d.malformed().total(), 1u);
}

TEST(StreamDecoder, EverySingleBitErrorIsCaught) {
  Telemetry t;
  t.cuff = core::Pressure::mmhg(88.8f);
  const Bytes f = frame_of({9, 1, t});
  for (std::size_t i = 0; i + 1 < f.size(); ++i) {  // every byte but the delimiter
    for (int bit = 0; bit < 8; ++bit) {
      Bytes damaged = f;
      damaged[i] = static_cast<std::uint8_t>(damaged[i] ^ (1u << bit));
      damaged.push_back(0x00);  // ends whatever is left open
      StreamDecoder d;
      const Fed fed = feed(d, damaged);
      EXPECT_TRUE(fed.messages.empty()) << "byte " << i << " bit " << bit;
      EXPECT_GE(d.malformed().total(), 1u);
    }
  }
}

}  // namespace
}  // namespace bfr::link

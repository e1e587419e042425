// Messages to bytes and back: round trips of every type, byte-exact golden
// layouts worked out by hand from docs/protocol.md, and every rejection.

#include "link/message_codec.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "tests/link/sample_messages.hpp"

namespace bfr::link {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes encode(const Message& m) {
  std::array<std::uint8_t, kMaxMessageSize> buf{};
  const EncodeResult r = encode_message(m, buf);
  EXPECT_TRUE(r.ok()) << to_string(type_of(m.body)) << " refused: " << to_string(r.rejection);
  return Bytes(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(r.size));
}

ParseError parse_error(const Bytes& bytes) {
  return parse_message(bytes).error;
}

TEST(MessageCodec, EveryTypeRoundTrips) {
  const std::vector<Message> all = testing::one_of_each_type();
  ASSERT_EQ(all.size(), std::variant_size_v<Body>) << "a message type has no sample";
  for (const Message& m : all) {
    SCOPED_TRACE(to_string(type_of(m.body)));
    const Bytes bytes = encode(m);
    ASSERT_EQ(bytes.size(), kHeaderSize + payload_size(type_of(m.body)) +
                                (std::holds_alternative<Telemetry>(m.body)
                                     ? std::get<Telemetry>(m.body).event_count * kEventWireSize
                                     : 0));
    const ParseResult parsed = parse_message(bytes);
    ASSERT_TRUE(parsed.ok()) << to_string(parsed.error);
    testing::expect_same_message(m, parsed.message);
    // Parsing and encoding again gives the same bytes: no field is lost.
    EXPECT_EQ(encode(parsed.message), bytes);
  }
}

TEST(MessageCodec, HelloGoldenBytes) {
  // version 2, type 0x01, sequence 1 (01 00), cuff 0xFF (device),
  // host timeout 3000 ms = 0x0BB8 -> B8 0B.
  const Message hello{1, kNoCuff, Hello{core::Duration::from_ms(3000)}};
  EXPECT_EQ(encode(hello), (Bytes{0x02, 0x01, 0x01, 0x00, 0xFF, 0xB8, 0x0B}));
}

TEST(MessageCodec, CapabilitiesGoldenBytes) {
  Capabilities caps;
  caps.min_version = 1;
  caps.max_version = 1;
  caps.firmware = {0, 3, 258};  // patch 258 = 0x0102 -> 02 01
  caps.cuff_count = 2;
  caps.sensor = SensorType::kHoneywellMprls;                // 1
  caps.pressure_cap = core::Pressure::mmhg(300.0f);         // 3000 = 0x0BB8 -> B8 0B
  caps.max_inflation = core::Duration::from_ms(1'200'000);  // 0x00124F80 -> 80 4F 12 00
  caps.telemetry_rate_hz = 100;                             // 0x0064 -> 64 00
  caps.host_timeout = core::Duration::from_ms(3000);        // B8 0B
  EXPECT_EQ(
      encode({0x0100, kNoCuff, caps}),
      (Bytes{0x02, 0x02, 0x00, 0x01, 0xFF,                    // header, sequence 256
             0x01, 0x01, 0x00, 0x03, 0x02, 0x01, 0x02, 0x01,  // versions, firmware, cuffs, sensor
             0xB8, 0x0B, 0x80, 0x4F, 0x12, 0x00, 0x64, 0x00, 0xB8, 0x0B}));
}

TEST(MessageCodec, SetTargetGoldenBytes) {
  // type 0x17, sequence 5, cuff 1; 55 % = 5500 basis points = 0x157C -> 7C 15.
  EXPECT_EQ(encode({5, 1, SetTarget{core::Fraction(0.55f)}}),
            (Bytes{0x02, 0x17, 0x05, 0x00, 0x01, 0x7C, 0x15}));
}

TEST(MessageCodec, MeasureLopGoldenBytesNameTheLimbOrNot) {
  // type 0x10, sequence 7, cuff 1; the limb byte: 0 not named, 1 thigh,
  // 2 upper arm.
  EXPECT_EQ(encode({7, 1, MeasureLop{}}), (Bytes{0x02, 0x10, 0x07, 0x00, 0x01, 0x00}));
  EXPECT_EQ(encode({7, 1, MeasureLop{core::LimbSegment::kThigh}}),
            (Bytes{0x02, 0x10, 0x07, 0x00, 0x01, 0x01}));
  EXPECT_EQ(encode({7, 1, MeasureLop{core::LimbSegment::kUpperArm}}),
            (Bytes{0x02, 0x10, 0x07, 0x00, 0x01, 0x02}));
  // ... and back, each byte to its own limb.
  auto limb_of = [](std::uint8_t byte) {
    const ParseResult r = parse_message(Bytes{0x02, 0x10, 0x07, 0x00, 0x01, byte});
    EXPECT_TRUE(r.ok()) << to_string(r.error);
    const auto* m = std::get_if<MeasureLop>(&r.message.body);
    EXPECT_NE(m, nullptr);
    return m != nullptr ? m->limb : std::nullopt;
  };
  EXPECT_EQ(limb_of(0x00), std::nullopt);
  EXPECT_EQ(limb_of(0x01), core::LimbSegment::kThigh);
  EXPECT_EQ(limb_of(0x02), core::LimbSegment::kUpperArm);
  // No third limb, and the byte is not optional.
  EXPECT_EQ(parse_error({0x02, 0x10, 0x07, 0x00, 0x01, 0x03}), ParseError::kBadValue);
  EXPECT_EQ(parse_error({0x02, 0x10, 0x07, 0x00, 0x01}), ParseError::kBadLength);
}

TEST(MessageCodec, ConfigureLimitsGoldenBytes) {
  // type 0x18, sequence 6, cuff 0; cap 250.0 mmHg = 2500 = 0x09C4 -> C4 09;
  // 15 min = 900000 ms = 0x000DBBA0 -> A0 BB 0D 00; session limit 0 (keep).
  const ConfigureLimits limits{
      {core::Pressure::mmhg(250.0f), core::Duration::from_ms(900'000), core::Duration{}}};
  EXPECT_EQ(encode({6, 0, limits}), (Bytes{0x02, 0x18, 0x06, 0x00, 0x00, 0xC4, 0x09, 0xA0, 0xBB,
                                           0x0D, 0x00, 0x00, 0x00, 0x00, 0x00}));
  // A negative cap is no limit: refused by the parser.
  EXPECT_EQ(parse_error({0x02, 0x18, 0x06, 0x00, 0x00, 0x38, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0}),
            ParseError::kBadValue);
}

TEST(MessageCodec, TelemetryGoldenBytes) {
  Telemetry t;
  t.device_time = core::TimePoint::from_us(1'000'000);  // 0x0F4240
  t.cuff = core::Pressure::mmhg(123.4f);                // 1234 = 0x04D2
  t.target = core::Pressure::mmhg(120.0f);              // 1200 = 0x04B0
  t.phase = core::Phase::kExercise;                     // 3
  t.set_index = 1;
  t.rep_count = Telemetry::kRepsNotCounted;   // FF FF
  t.alarms.raise(core::Alarm::kSensorFault);  // bit 2 -> 04 00 00 00
  t.vent_open = false;
  t.event_count = 1;
  t.events[0] = testing::sample_event(1'000'000, core::EventKind::kSetStarted, 0, 1, 0.0f);
  EXPECT_EQ(encode({0x0203, 0, t}),
            (Bytes{0x02, 0x30, 0x03, 0x02, 0x00,  // header, sequence 0x0203, cuff 0
                   0x40, 0x42, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x00,  // device time (us)
                   0xD2, 0x04, 0xB0, 0x04,                          // cuff, target (0.1 mmHg)
                   0x03, 0x01, 0xFF, 0xFF,                          // phase, set, reps
                   0x04, 0x00, 0x00, 0x00,                          // alarm bits
                   0x00, 0x00, 0x00, 0x01,  // flags, progress, dropped, count
                   0x40, 0x42, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x00,  // event time
                   0x03, 0x00, 0x01, 0x00, 0x00}));  // kSetStarted, code, set 1, value 0
}

TEST(MessageCodec, PressuresRoundToTenthsAndSaturate) {
  Telemetry t;
  t.cuff = core::Pressure::mmhg(-0.26f);     // -2.6 steps -> -3 = 0xFFFD
  t.target = core::Pressure::mmhg(5000.0f);  // beyond 3276.7 -> 32767 = 0x7FFF
  const Bytes bytes = encode({0, 0, t});
  EXPECT_EQ(bytes[13], 0xFD);
  EXPECT_EQ(bytes[14], 0xFF);
  EXPECT_EQ(bytes[15], 0xFF);
  EXPECT_EQ(bytes[16], 0x7F);
}

TEST(MessageCodec, CountsAndSharesSaturate) {
  Telemetry t;
  t.lop_progress = core::Fraction(1.5f);  // 150 % -> 100
  EXPECT_EQ(encode({0, 0, t})[kHeaderSize + 21], 100);
  t.lop_progress = core::Fraction(-0.2f);  // -> 0
  EXPECT_EQ(encode({0, 0, t})[kHeaderSize + 21], 0);

  LopResultMessage lop;
  lop.result.heart_rate = core::Frequency::hz(std::numeric_limits<float>::quiet_NaN());
  lop.result.quality = core::Fraction(7.0f);  // 70000 bp -> 65535 = FF FF
  lop.result.beats_used = 70000;              // -> 65535
  lop.result.artefacts = -3;                  // -> 0
  const Bytes bytes = encode({0, 0, lop});
  const std::size_t p = kHeaderSize;
  EXPECT_EQ(bytes[p + 3], 0x00);  // heart rate 0
  EXPECT_EQ(bytes[p + 4], 0x00);
  EXPECT_EQ(bytes[p + 5], 0xFF);
  EXPECT_EQ(bytes[p + 6], 0xFF);
  EXPECT_EQ(bytes[p + 7], 0xFF);
  EXPECT_EQ(bytes[p + 8], 0xFF);
  EXPECT_EQ(bytes[p + 9], 0x00);
  EXPECT_EQ(bytes[p + 10], 0x00);
}

TEST(MessageCodec, MissingPressureTravelsAsNotAvailable) {
  Telemetry t;
  t.cuff = core::Pressure::mmhg(std::numeric_limits<float>::quiet_NaN());
  const Bytes bytes = encode({0, 0, t});
  EXPECT_EQ(bytes[13], 0x00);  // -32768 = 0x8000
  EXPECT_EQ(bytes[14], 0x80);
  const ParseResult parsed = parse_message(bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(std::isnan(std::get<Telemetry>(parsed.message.body).cuff.mmhg()));
}

TEST(MessageCodec, ShortInputIsTooShort) {
  EXPECT_EQ(parse_error({}), ParseError::kTooShort);
  EXPECT_EQ(parse_error({0x02, 0x13, 0x00, 0x00}), ParseError::kTooShort);
  EXPECT_FALSE(parse_message(Bytes{0x02, 0x13}).has_header);
}

TEST(MessageCodec, OtherVersionsAreRefused) {
  // Version 1 (MeasureLop without its limb byte) and 3 are not spoken.
  EXPECT_EQ(parse_error({0x01, 0x13, 0x00, 0x00, 0x00}), ParseError::kUnsupportedVersion);
  EXPECT_EQ(parse_error({0x03, 0x13, 0x00, 0x00, 0x00}), ParseError::kUnsupportedVersion);
  EXPECT_EQ(parse_error({0x00, 0x13, 0x00, 0x00, 0x00}), ParseError::kUnsupportedVersion);
}

TEST(MessageCodec, UnknownTypesAreRefusedWithTheirHeader) {
  const ParseResult r = parse_message(Bytes{0x02, 0x77, 0x34, 0x12, 0x00});
  EXPECT_EQ(r.error, ParseError::kUnknownType);
  ASSERT_TRUE(r.has_header);
  EXPECT_EQ(r.header.type, 0x77);
  EXPECT_EQ(r.header.sequence, 0x1234);
}

TEST(MessageCodec, CuffIndexMustSuitTheType) {
  EXPECT_EQ(parse_error({0x02, 0x13, 0x00, 0x00, 0x02}), ParseError::kBadCuff);  // Stop, cuff 2
  EXPECT_EQ(parse_error({0x02, 0x13, 0x00, 0x00, 0xFF}), ParseError::kBadCuff);  // Stop, device
  EXPECT_EQ(parse_error({0x02, 0x40, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0}),
            ParseError::kBadCuff);  // Heartbeat on a cuff
  EXPECT_EQ(parse_error({0x02, 0x20, 0x00, 0x00, 0xFF, 0x00, 0x00, 0x13}), ParseError::kNone);
  EXPECT_EQ(parse_error({0x02, 0x20, 0x00, 0x00, 0x01, 0x00, 0x00, 0x13}), ParseError::kNone);
  EXPECT_EQ(parse_error({0x02, 0x20, 0x00, 0x00, 0x05, 0x00, 0x00, 0x13}), ParseError::kBadCuff);
}

TEST(MessageCodec, LengthMustMatchTheLayout) {
  EXPECT_EQ(parse_error({0x02, 0x13, 0x00, 0x00, 0x00, 0x00}), ParseError::kBadLength);
  EXPECT_EQ(parse_error({0x02, 0x01, 0x00, 0x00, 0xFF, 0xB8}), ParseError::kBadLength);
  EXPECT_EQ(parse_error({0x02, 0x01, 0x00, 0x00, 0xFF, 0xB8, 0x0B, 0x00}), ParseError::kBadLength);
}

TEST(MessageCodec, TelemetryEventCountMustMatchTheBytes) {
  Telemetry t;
  t.event_count = 1;
  Bytes bytes = encode({0, 0, t});
  bytes.pop_back();  // one byte of the event missing
  EXPECT_EQ(parse_error(bytes), ParseError::kBadLength);
  bytes = encode({0, 0, t});
  bytes[kHeaderSize + 23] = 2;  // claims two events, carries one
  EXPECT_EQ(parse_error(bytes), ParseError::kBadLength);
  bytes[kHeaderSize + 23] = 9;  // more than a frame may carry
  EXPECT_EQ(parse_error(bytes), ParseError::kBadValue);
}

TEST(MessageCodec, FieldsOutOfRangeAreBadValues) {
  const Bytes telemetry = encode({0, 0, Telemetry{}});
  auto with = [](Bytes b, std::size_t at, std::uint8_t v) {
    b[at] = v;
    return b;
  };
  const std::size_t p = kHeaderSize;
  EXPECT_EQ(parse_error(with(telemetry, p + 12, 7)), ParseError::kBadValue);     // phase
  EXPECT_EQ(parse_error(with(telemetry, p + 13, 8)), ParseError::kBadValue);     // set index
  EXPECT_EQ(parse_error(with(telemetry, p + 13, 0xFE)), ParseError::kBadValue);  // set -2
  EXPECT_EQ(parse_error(with(telemetry, p + 19, 0x80)), ParseError::kBadValue);  // alarm bit 31
  EXPECT_EQ(parse_error(with(telemetry, p + 20, 0x04)), ParseError::kBadValue);  // flag bit 2
  EXPECT_EQ(parse_error(with(telemetry, p + 21, 101)), ParseError::kBadValue);   // progress

  Capabilities caps;
  caps.max_version = kProtocolVersion;
  const Bytes capabilities = encode({0, kNoCuff, caps});
  EXPECT_EQ(parse_error(with(capabilities, p + 6, 0)), ParseError::kBadValue);  // no cuff
  EXPECT_EQ(parse_error(with(capabilities, p + 6, 3)), ParseError::kBadValue);  // three cuffs
  EXPECT_EQ(parse_error(with(capabilities, p + 7, 3)), ParseError::kBadValue);  // sensor
  EXPECT_EQ(parse_error(with(capabilities, p + 0, 3)), ParseError::kBadValue);  // min > max

  core::ExercisePlan plan;
  plan.lop = core::Pressure::mmhg(150.0f);
  plan.set_count = 4;
  const Bytes start = encode({0, 0, StartExercise{plan}});
  EXPECT_EQ(parse_error(with(start, p + 4, 9)), ParseError::kBadValue);  // nine sets

  const Bytes error = encode({0, kNoCuff, Error{}});
  EXPECT_EQ(parse_error(with(error, p + 3, 0)), ParseError::kBadValue);  // no such code
  EXPECT_EQ(parse_error(with(error, p + 3, 8)), ParseError::kBadValue);

  const Bytes event = encode({0, 0, EventMessage{}});
  EXPECT_EQ(parse_error(with(event, p + 8, 9)), ParseError::kBadValue);  // event kind

  const Bytes lop = encode({0, 0, LopResultMessage{}});
  EXPECT_EQ(parse_error(with(lop, p + 0, 8)), ParseError::kBadValue);  // failure
}

TEST(MessageCodec, EncoderRefusesWhatTheParserWouldAndWritesNothing) {
  std::array<std::uint8_t, kMaxMessageSize> out{};
  out.fill(0xAA);
  const auto untouched = out;

  EncodeResult r = encode_message({0, 2, Stop{}}, out);
  EXPECT_EQ(r.error, EncodeError::kInvalidMessage);
  EXPECT_EQ(r.rejection, ParseError::kBadCuff);

  r = encode_message({0, 0, Hello{}}, out);
  EXPECT_EQ(r.rejection, ParseError::kBadCuff);

  core::ExercisePlan plan;
  plan.set_count = 9;
  r = encode_message({0, 0, StartExercise{plan}}, out);
  EXPECT_EQ(r.rejection, ParseError::kBadValue);

  Telemetry t;
  t.event_count = 9;
  r = encode_message({0, 0, t}, out);
  EXPECT_EQ(r.rejection, ParseError::kBadValue);
  EXPECT_EQ(out, untouched);
}

TEST(MessageCodec, EncoderNeedsRoomForTheWholeMessage) {
  std::array<std::uint8_t, 6> small{};
  small.fill(0xAA);
  const EncodeResult r = encode_message({0, kNoCuff, Hello{}}, small);  // 7 bytes
  EXPECT_EQ(r.error, EncodeError::kBufferTooSmall);
  for (std::uint8_t b : small) EXPECT_EQ(b, 0xAA);
}

TEST(MessageCodec, LongestMessageFitsTheLimit) {
  Telemetry t;
  t.event_count = static_cast<std::uint8_t>(kMaxTelemetryEvents);
  EXPECT_EQ(encode({0, 0, t}).size(), kMaxMessageSize);
}

}  // namespace
}  // namespace bfr::link

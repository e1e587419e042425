#include "link/message_codec.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "link/wire.hpp"

namespace bfr::link {

const char* to_string(ParseError error) {
  switch (error) {
    case ParseError::kNone:
      return "none";
    case ParseError::kTooShort:
      return "too_short";
    case ParseError::kUnsupportedVersion:
      return "unsupported_version";
    case ParseError::kUnknownType:
      return "unknown_type";
    case ParseError::kBadCuff:
      return "bad_cuff";
    case ParseError::kBadLength:
      return "bad_length";
    case ParseError::kBadValue:
      return "bad_value";
  }
  return "unknown";
}

std::size_t payload_size(MessageType type) {
  switch (type) {
    case MessageType::kHello:
      return 2;
    case MessageType::kCapabilities:
      return 18;
    case MessageType::kStartExercise:
      return 29;
    case MessageType::kSetTarget:
      return 2;
    case MessageType::kMeasureLop:
      return 1;
    case MessageType::kConfigureLimits:
      return 10;
    case MessageType::kEndSet:
    case MessageType::kStop:
    case MessageType::kEmergencyStop:
    case MessageType::kReset:
    case MessageType::kBeginSession:
      return 0;
    case MessageType::kAck:
      return 3;
    case MessageType::kError:
      return 5;
    case MessageType::kTelemetry:
      return kTelemetryBaseSize;
    case MessageType::kEvent:
      return kEventWireSize;
    case MessageType::kLopResult:
      return 17;
    case MessageType::kHeartbeat:
      return 8;
  }
  return 0;
}

namespace {

using wire::Reader;
using wire::Writer;

constexpr std::uint8_t kFlagVentOpen = 0x01;
constexpr std::uint8_t kFlagSensorFault = 0x02;
constexpr std::uint8_t kTelemetryFlagsKnown = kFlagVentOpen | kFlagSensorFault;
// The core's enums have no count member; these follow their last members.
constexpr std::uint8_t kPhaseCount = static_cast<std::uint8_t>(core::Phase::kSafeState) + 1;
constexpr std::uint8_t kEventKindCount =
    static_cast<std::uint8_t>(core::EventKind::kSafetyAction) + 1;
constexpr std::uint8_t kLopFailureCount =
    static_cast<std::uint8_t>(core::LopFailure::kNotAboveOcclusion) + 1;
static_assert(static_cast<unsigned>(core::Alarm::kCount) <= 32, "alarm bits travel as uint32");
constexpr std::uint32_t kAlarmBitsKnown = static_cast<std::uint32_t>(
    (std::uint64_t{1} << static_cast<unsigned>(core::Alarm::kCount)) - 1);

// MeasureLop's limb byte (docs/protocol.md): 0 when the host does not name
// it, so that a host which knows nothing of limbs sends zeros.
constexpr std::uint8_t kLimbNotNamed = 0;
constexpr std::uint8_t kLimbThigh = 1;
constexpr std::uint8_t kLimbUpperArm = 2;

std::uint8_t limb_code(core::LimbSegment limb) {
  return limb == core::LimbSegment::kThigh ? kLimbThigh : kLimbUpperArm;
}

std::uint16_t saturate_u16(std::int64_t v) {
  if (v <= 0) return 0;
  if (v >= 0xFFFF) return 0xFFFF;
  return static_cast<std::uint16_t>(v);
}

bool set_index_valid(std::int8_t index) {
  return index >= -1 && index < static_cast<std::int8_t>(core::kMaxSets);
}

// --- Writing ---------------------------------------------------------------

void write_event(Writer& w, const core::Event& e) {
  w.i64(e.at.us());
  w.u8(static_cast<std::uint8_t>(e.kind));
  w.u8(e.code);
  w.i8(e.set_index);
  w.i16(wire::pressure_to_steps(e.value, wire::kDeciMmhg));
}

void write_payload(Writer& w, const Hello& m) {
  w.u16(saturate_u16(m.host_timeout.ms()));
}

void write_payload(Writer& w, const Capabilities& m) {
  w.u8(m.min_version);
  w.u8(m.max_version);
  w.u8(m.firmware.major);
  w.u8(m.firmware.minor);
  w.u16(m.firmware.patch);
  w.u8(m.cuff_count);
  w.u8(static_cast<std::uint8_t>(m.sensor));
  w.i16(wire::pressure_to_steps(m.pressure_cap, wire::kDeciMmhg));
  w.u32(wire::duration_to_ms(m.max_inflation));
  w.u16(m.telemetry_rate_hz);
  w.u16(saturate_u16(m.host_timeout.ms()));
}

void write_payload(Writer& w, const MeasureLop& m) {
  w.u8(m.limb ? limb_code(*m.limb) : kLimbNotNamed);
}
void write_payload(Writer&, const EndSet&) {}
void write_payload(Writer&, const Stop&) {}
void write_payload(Writer&, const EmergencyStop&) {}
void write_payload(Writer&, const Reset&) {}
void write_payload(Writer&, const BeginSession&) {}

void write_payload(Writer& w, const StartExercise& m) {
  w.i16(wire::pressure_to_steps(m.plan.lop, wire::kDeciMmhg));
  w.u16(wire::fraction_to_basis_points(m.plan.target_share));
  w.u8(m.plan.set_count);
  for (std::uint16_t reps : m.plan.target_reps) w.u16(reps);
  w.u32(wire::duration_to_ms(m.plan.rest));
  w.u32(wire::duration_to_ms(m.plan.max_set_duration));
}

void write_payload(Writer& w, const SetTarget& m) {
  w.u16(wire::fraction_to_basis_points(m.target_share));
}

void write_payload(Writer& w, const ConfigureLimits& m) {
  w.i16(wire::pressure_to_steps(m.limits.hard_cap, wire::kDeciMmhg));
  w.u32(wire::duration_to_ms(m.limits.max_inflation));
  w.u32(wire::duration_to_ms(m.limits.max_session_restriction));
}

void write_payload(Writer& w, const Ack& m) {
  w.u16(m.acked_sequence);
  w.u8(m.acked_type);
}

void write_payload(Writer& w, const Error& m) {
  w.u16(m.acked_sequence);
  w.u8(m.acked_type);
  w.u8(static_cast<std::uint8_t>(m.code));
  w.u8(m.detail);
}

void write_payload(Writer& w, const Telemetry& m) {
  w.i64(m.device_time.us());
  w.i16(wire::pressure_to_steps(m.cuff, wire::kDeciMmhg));
  w.i16(wire::pressure_to_steps(m.target, wire::kDeciMmhg));
  w.u8(static_cast<std::uint8_t>(m.phase));
  w.i8(m.set_index);
  w.u16(m.rep_count);
  w.u32(m.alarms.bits());
  std::uint8_t flags = 0;
  if (m.vent_open) flags |= kFlagVentOpen;
  if (m.sensor_fault) flags |= kFlagSensorFault;
  w.u8(flags);
  w.u8(static_cast<std::uint8_t>(wire::round_saturated(m.lop_progress.percent(), 100)));
  w.u8(m.events_dropped);
  w.u8(m.event_count);
  // An out-of-range count writes no events; the self-check rejects it.
  if (m.event_count <= kMaxTelemetryEvents) {
    for (std::size_t i = 0; i < m.event_count; ++i) write_event(w, m.events[i]);
  }
}

void write_payload(Writer& w, const EventMessage& m) {
  write_event(w, m.event);
}

void write_payload(Writer& w, const LopResultMessage& m) {
  const core::LopResult& r = m.result;
  w.u8(static_cast<std::uint8_t>(m.failure));
  w.i16(wire::pressure_to_steps(r.lop, wire::kDeciMmhg));
  w.u16(
      static_cast<std::uint16_t>(wire::round_saturated(r.heart_rate.per_minute() * 10.0f, 0xFFFF)));
  w.u16(wire::fraction_to_basis_points(r.quality));
  w.u16(saturate_u16(r.beats_used));
  w.u16(saturate_u16(r.artefacts));
  w.i16(wire::pressure_to_steps(r.envelope_peak_cuff, wire::kDeciMmhg));
  w.i16(wire::pressure_to_steps(r.floor_amplitude, wire::kCentiMmhg));
  w.i16(wire::pressure_to_steps(r.peak_amplitude, wire::kCentiMmhg));
}

void write_payload(Writer& w, const Heartbeat& m) {
  w.i64(m.sender_time.us());
}

// --- Reading -----------------------------------------------------------------
// Each reader gets exactly its payload's bytes (the length was checked) and
// returns kBadValue for a field out of range.

ParseError read_event(Reader& r, core::Event& e) {
  e.at = core::TimePoint::from_us(r.i64());
  const std::uint8_t kind = r.u8();
  e.code = r.u8();
  e.set_index = r.i8();
  e.value = wire::pressure_from_steps(r.i16(), wire::kDeciMmhg);
  if (kind >= kEventKindCount || !set_index_valid(e.set_index)) return ParseError::kBadValue;
  e.kind = static_cast<core::EventKind>(kind);
  return ParseError::kNone;
}

ParseError read_payload(Reader& r, Hello& m) {
  m.host_timeout = wire::duration_from_ms(r.u16());
  return ParseError::kNone;
}

ParseError read_payload(Reader& r, Capabilities& m) {
  m.min_version = r.u8();
  m.max_version = r.u8();
  m.firmware.major = r.u8();
  m.firmware.minor = r.u8();
  m.firmware.patch = r.u16();
  m.cuff_count = r.u8();
  const std::uint8_t sensor = r.u8();
  m.pressure_cap = wire::pressure_from_steps(r.i16(), wire::kDeciMmhg);
  m.max_inflation = wire::duration_from_ms(r.u32());
  m.telemetry_rate_hz = r.u16();
  m.host_timeout = wire::duration_from_ms(r.u16());
  if (m.min_version == 0 || m.min_version > m.max_version) return ParseError::kBadValue;
  if (m.cuff_count < 1 || m.cuff_count > kMaxCuffs) return ParseError::kBadValue;
  if (sensor >= kSensorTypeCount) return ParseError::kBadValue;
  m.sensor = static_cast<SensorType>(sensor);
  return ParseError::kNone;
}

ParseError read_payload(Reader& r, MeasureLop& m) {
  switch (r.u8()) {
    case kLimbNotNamed:
      m.limb.reset();
      return ParseError::kNone;
    case kLimbThigh:
      m.limb = core::LimbSegment::kThigh;
      return ParseError::kNone;
    case kLimbUpperArm:
      m.limb = core::LimbSegment::kUpperArm;
      return ParseError::kNone;
    default:
      return ParseError::kBadValue;
  }
}
ParseError read_payload(Reader&, EndSet&) {
  return ParseError::kNone;
}
ParseError read_payload(Reader&, Stop&) {
  return ParseError::kNone;
}
ParseError read_payload(Reader&, EmergencyStop&) {
  return ParseError::kNone;
}
ParseError read_payload(Reader&, Reset&) {
  return ParseError::kNone;
}
ParseError read_payload(Reader&, BeginSession&) {
  return ParseError::kNone;
}

ParseError read_payload(Reader& r, StartExercise& m) {
  m.plan.lop = wire::pressure_from_steps(r.i16(), wire::kDeciMmhg);
  m.plan.target_share = wire::fraction_from_basis_points(r.u16());
  m.plan.set_count = r.u8();
  for (std::uint16_t& reps : m.plan.target_reps) reps = r.u16();
  m.plan.rest = wire::duration_from_ms(r.u32());
  m.plan.max_set_duration = wire::duration_from_ms(r.u32());
  // Plan content (LOP, share, reps) is the controller's to judge; the link
  // only refuses what cannot be represented in core::ExercisePlan.
  if (m.plan.set_count > core::kMaxSets) return ParseError::kBadValue;
  if (std::isnan(m.plan.lop.mmhg())) return ParseError::kBadValue;
  return ParseError::kNone;
}

ParseError read_payload(Reader& r, SetTarget& m) {
  // The share is the controller's to judge (above 0, at most 100 % of LOP).
  m.target_share = wire::fraction_from_basis_points(r.u16());
  return ParseError::kNone;
}

ParseError read_payload(Reader& r, ConfigureLimits& m) {
  m.limits.hard_cap = wire::pressure_from_steps(r.i16(), wire::kDeciMmhg);
  m.limits.max_inflation = wire::duration_from_ms(r.u32());
  m.limits.max_session_restriction = wire::duration_from_ms(r.u32());
  // "Not available" is no limit; a negative cap cannot be one either. The
  // controller judges the rest (tighter only).
  if (std::isnan(m.limits.hard_cap.mmhg()) || m.limits.hard_cap < core::Pressure{}) {
    return ParseError::kBadValue;
  }
  return ParseError::kNone;
}

ParseError read_payload(Reader& r, Ack& m) {
  m.acked_sequence = r.u16();
  m.acked_type = r.u8();
  return ParseError::kNone;
}

ParseError read_payload(Reader& r, Error& m) {
  m.acked_sequence = r.u16();
  m.acked_type = r.u8();
  const std::uint8_t code = r.u8();
  m.detail = r.u8();
  if (code < kErrorCodeFirst || code > kErrorCodeLast) return ParseError::kBadValue;
  m.code = static_cast<ErrorCode>(code);
  return ParseError::kNone;
}

ParseError read_payload(Reader& r, Telemetry& m) {
  m.device_time = core::TimePoint::from_us(r.i64());
  m.cuff = wire::pressure_from_steps(r.i16(), wire::kDeciMmhg);
  m.target = wire::pressure_from_steps(r.i16(), wire::kDeciMmhg);
  const std::uint8_t phase = r.u8();
  m.set_index = r.i8();
  m.rep_count = r.u16();
  const std::uint32_t alarm_bits = r.u32();
  const std::uint8_t flags = r.u8();
  const std::uint8_t progress = r.u8();
  m.events_dropped = r.u8();
  m.event_count = r.u8();
  if (phase >= kPhaseCount || !set_index_valid(m.set_index)) return ParseError::kBadValue;
  if ((alarm_bits & ~kAlarmBitsKnown) != 0) return ParseError::kBadValue;
  if ((flags & ~kTelemetryFlagsKnown) != 0 || progress > 100) return ParseError::kBadValue;
  if (m.event_count > kMaxTelemetryEvents) return ParseError::kBadValue;
  if (r.remaining() != m.event_count * kEventWireSize) return ParseError::kBadLength;
  m.phase = static_cast<core::Phase>(phase);
  m.alarms = core::AlarmSet{};
  for (std::uint8_t a = 0; a < static_cast<std::uint8_t>(core::Alarm::kCount); ++a) {
    if ((alarm_bits >> a) & 1u) m.alarms.raise(static_cast<core::Alarm>(a));
  }
  m.vent_open = (flags & kFlagVentOpen) != 0;
  m.sensor_fault = (flags & kFlagSensorFault) != 0;
  m.lop_progress = core::Fraction::percent(static_cast<float>(progress));
  for (std::size_t i = 0; i < m.event_count; ++i) {
    if (const ParseError e = read_event(r, m.events[i]); e != ParseError::kNone) return e;
  }
  return ParseError::kNone;
}

ParseError read_payload(Reader& r, EventMessage& m) {
  return read_event(r, m.event);
}

ParseError read_payload(Reader& r, LopResultMessage& m) {
  const std::uint8_t failure = r.u8();
  core::LopResult& out = m.result;
  out.lop = wire::pressure_from_steps(r.i16(), wire::kDeciMmhg);
  out.heart_rate = core::Frequency::per_minute(static_cast<float>(r.u16()) / 10.0f);
  out.quality = wire::fraction_from_basis_points(r.u16());
  out.beats_used = r.u16();
  out.artefacts = r.u16();
  out.envelope_peak_cuff = wire::pressure_from_steps(r.i16(), wire::kDeciMmhg);
  out.floor_amplitude = wire::pressure_from_steps(r.i16(), wire::kCentiMmhg);
  out.peak_amplitude = wire::pressure_from_steps(r.i16(), wire::kCentiMmhg);
  if (failure >= kLopFailureCount) return ParseError::kBadValue;
  m.failure = static_cast<core::LopFailure>(failure);
  return ParseError::kNone;
}

ParseError read_payload(Reader& r, Heartbeat& m) {
  m.sender_time = core::TimePoint::from_us(r.i64());
  return ParseError::kNone;
}

template <typename T>
ParseError read_into(Reader& r, Body& body) {
  T value{};
  const ParseError error = read_payload(r, value);
  if (error == ParseError::kNone) body = value;
  return error;
}

ParseError read_body(MessageType type, Reader& r, Body& body) {
  switch (type) {
    case MessageType::kHello:
      return read_into<Hello>(r, body);
    case MessageType::kCapabilities:
      return read_into<Capabilities>(r, body);
    case MessageType::kMeasureLop:
      return read_into<MeasureLop>(r, body);
    case MessageType::kStartExercise:
      return read_into<StartExercise>(r, body);
    case MessageType::kEndSet:
      return read_into<EndSet>(r, body);
    case MessageType::kStop:
      return read_into<Stop>(r, body);
    case MessageType::kEmergencyStop:
      return read_into<EmergencyStop>(r, body);
    case MessageType::kReset:
      return read_into<Reset>(r, body);
    case MessageType::kBeginSession:
      return read_into<BeginSession>(r, body);
    case MessageType::kSetTarget:
      return read_into<SetTarget>(r, body);
    case MessageType::kConfigureLimits:
      return read_into<ConfigureLimits>(r, body);
    case MessageType::kAck:
      return read_into<Ack>(r, body);
    case MessageType::kError:
      return read_into<Error>(r, body);
    case MessageType::kTelemetry:
      return read_into<Telemetry>(r, body);
    case MessageType::kEvent:
      return read_into<EventMessage>(r, body);
    case MessageType::kLopResult:
      return read_into<LopResultMessage>(r, body);
    case MessageType::kHeartbeat:
      return read_into<Heartbeat>(r, body);
  }
  return ParseError::kUnknownType;
}

bool cuff_allowed(MessageType type, std::uint8_t cuff) {
  switch (cuff_scope(type)) {
    case CuffScope::kDevice:
      return cuff == kNoCuff;
    case CuffScope::kCuff:
      return cuff < kMaxCuffs;
    case CuffScope::kEither:
      return cuff == kNoCuff || cuff < kMaxCuffs;
  }
  return false;
}

}  // namespace

ParseResult parse_message(std::span<const std::uint8_t> bytes) {
  ParseResult result;
  if (bytes.size() < kHeaderSize) {
    result.error = ParseError::kTooShort;
    return result;
  }
  Reader r(bytes);
  result.has_header = true;
  result.header.version = r.u8();
  result.header.type = r.u8();
  result.header.sequence = r.u16();
  result.header.cuff = r.u8();
  const RawHeader& h = result.header;

  if (h.version != kProtocolVersion) {
    result.error = ParseError::kUnsupportedVersion;
    return result;
  }
  if (!is_known_type(h.type)) {
    result.error = ParseError::kUnknownType;
    return result;
  }
  const auto type = static_cast<MessageType>(h.type);
  if (!cuff_allowed(type, h.cuff)) {
    result.error = ParseError::kBadCuff;
    return result;
  }
  // Every layout is fixed except Telemetry's trailing events, whose count
  // its reader checks against the bytes left.
  const std::size_t payload = bytes.size() - kHeaderSize;
  const std::size_t expected = payload_size(type);
  const bool length_ok =
      type == MessageType::kTelemetry
          ? payload >= expected && payload <= expected + kMaxTelemetryEvents * kEventWireSize
          : payload == expected;
  if (!length_ok) {
    result.error = ParseError::kBadLength;
    return result;
  }
  result.error = read_body(type, r, result.message.body);
  if (result.error != ParseError::kNone) return result;
  result.message.sequence = h.sequence;
  result.message.cuff = h.cuff;
  return result;
}

EncodeResult encode_message(const Message& message, std::span<std::uint8_t> out) {
  // Written to a local buffer first so that a refused message leaves `out`
  // untouched.
  std::array<std::uint8_t, kMaxMessageSize> buffer{};
  EncodeResult result;
  Writer w(buffer);
  w.u8(kProtocolVersion);
  w.u8(static_cast<std::uint8_t>(type_of(message.body)));
  w.u16(message.sequence);
  w.u8(message.cuff);
  std::visit([&w](const auto& body) { write_payload(w, body); }, message.body);
  const std::span<const std::uint8_t> written(buffer.data(), w.size());
  // Read back what was written: the one definition of a valid message is
  // the parser's, so the sender cannot drift from the receiver.
  const ParseResult check = parse_message(written);
  if (w.overflow() || !check.ok()) {
    result.error = EncodeError::kInvalidMessage;
    result.rejection = w.overflow() ? ParseError::kBadLength : check.error;
    return result;
  }
  if (written.size() > out.size()) {
    result.error = EncodeError::kBufferTooSmall;
    return result;
  }
  std::copy(written.begin(), written.end(), out.begin());
  result.size = written.size();
  return result;
}

}  // namespace bfr::link

#pragma once
// The messages of the device link, protocol version 2 (docs/protocol.md gives
// every byte). Each message is a 5-byte header (version, type, sequence, cuff)
// and a fixed payload per type; Telemetry alone ends with a counted list of
// events. The structs carry core types (Pressure, Duration, Event, ...); the
// codec (message_codec.hpp) turns them into bytes and back.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>

#include "core/events.hpp"
#include "core/exercise_plan.hpp"
#include "core/limb_segment.hpp"
#include "core/lop_measurement.hpp"
#include "core/safety_limits.hpp"
#include "core/units.hpp"

namespace bfr::link {

inline constexpr std::uint8_t kProtocolVersion = 2;
// Header cuff byte of messages about the whole device (Hello, Capabilities,
// Heartbeat).
inline constexpr std::uint8_t kNoCuff = 0xFF;
inline constexpr std::uint8_t kMaxCuffs = 2;

enum class MessageType : std::uint8_t {
  kHello = 0x01,         // host -> device
  kCapabilities = 0x02,  // device -> host, the answer to Hello
  kMeasureLop = 0x10,    // host -> device, commands (core::CommandKind)
  kStartExercise = 0x11,
  kEndSet = 0x12,
  kStop = 0x13,
  kEmergencyStop = 0x14,
  kReset = 0x15,
  kBeginSession = 0x16,
  kSetTarget = 0x17,
  kConfigureLimits = 0x18,
  kAck = 0x20,        // either way
  kError = 0x21,      // either way
  kTelemetry = 0x30,  // device -> host
  kEvent = 0x31,      // device -> host
  kLopResult = 0x32,  // device -> host
  kHeartbeat = 0x40,  // either way
};
const char* to_string(MessageType type);
bool is_known_type(std::uint8_t raw);
// Commands and telemetry concern one cuff; Hello, Capabilities and Heartbeat
// the whole device; Ack and Error echo whatever they answer.
enum class CuffScope : std::uint8_t { kCuff, kDevice, kEither };
CuffScope cuff_scope(MessageType type);

struct Hello {
  // How long the device waits without a frame from the host before it
  // deflates; zero asks for the device's default (3 s). The device clamps
  // it and reports the value in effect in Capabilities.
  core::Duration host_timeout{};
};

enum class SensorType : std::uint8_t {
  kSimulated = 0,
  kHoneywellMprls = 1,  // I2C, 24-bit
  kAnalogBridge = 2,    // piezoresistive bridge through an ADC
};
inline constexpr std::uint8_t kSensorTypeCount = 3;

struct FirmwareVersion {
  std::uint8_t major = 0;
  std::uint8_t minor = 0;
  std::uint16_t patch = 0;
  constexpr bool operator==(const FirmwareVersion&) const = default;
};

struct Capabilities {
  std::uint8_t min_version = kProtocolVersion;  // protocol versions the device speaks
  std::uint8_t max_version = kProtocolVersion;
  FirmwareVersion firmware{};
  std::uint8_t cuff_count = 1;  // 1 or 2
  SensorType sensor = SensorType::kSimulated;
  core::Pressure pressure_cap{};   // the supervisor's hard cap
  core::Duration max_inflation{};  // the supervisor's continuous inflation limit
  std::uint16_t telemetry_rate_hz = 0;
  core::Duration host_timeout{};  // the watchdog timeout in effect
};

// The limb the cuff is on sets the measurement's pace; a host that does not
// know it leaves it out.
struct MeasureLop {
  std::optional<core::LimbSegment> limb{};
};
struct StartExercise {
  core::ExercisePlan plan{};
};
struct EndSet {};
struct Stop {};
struct EmergencyStop {};
struct Reset {};         // acknowledge latched alarms, leave the safe state
struct BeginSession {};  // restart the session's summed restriction time (idle only)
// A new share of the running plan's LOP (inflating, in a set or at rest).
struct SetTarget {
  core::Fraction target_share{};
};
// Tighter safety limits for this cuff (idle only); zero keeps a limit. The
// device never goes above the limits it was built with.
struct ConfigureLimits {
  core::LimitChange limits{};
};

struct Ack {
  std::uint16_t acked_sequence = 0;
  std::uint8_t acked_type = 0;
  constexpr bool operator==(const Ack&) const = default;
};

enum class ErrorCode : std::uint8_t {
  kUnsupportedVersion = 1,
  kUnknownType = 2,
  kBadLength = 3,
  kBadValue = 4,
  kNoSuchCuff = 5,
  kWrongDirection = 6,  // e.g. Telemetry sent to a device
  kNotConnected = 7,    // a command before Hello
};
inline constexpr std::uint8_t kErrorCodeFirst = 1;
inline constexpr std::uint8_t kErrorCodeLast = 7;

struct Error {
  std::uint16_t acked_sequence = 0;
  std::uint8_t acked_type = 0;  // raw: an unknown type is answered too
  ErrorCode code = ErrorCode::kBadValue;
  std::uint8_t detail = 0;  // code-specific, 0 when unused
  constexpr bool operator==(const Error&) const = default;
};

// Up to one controller step's worth of events ride in each Telemetry frame.
inline constexpr std::size_t kMaxTelemetryEvents = 8;

struct Telemetry {
  core::TimePoint device_time{};
  core::Pressure cuff{};
  core::Pressure target{};
  core::Phase phase = core::Phase::kIdle;
  std::int8_t set_index = -1;
  std::uint16_t rep_count = kRepsNotCounted;
  core::AlarmSet alarms{};
  bool vent_open = true;
  bool sensor_fault = false;
  core::Fraction lop_progress{};    // carried in whole percent
  std::uint8_t events_dropped = 0;  // saturating
  std::uint8_t event_count = 0;
  std::array<core::Event, kMaxTelemetryEvents> events{};

  // Repetitions the core counted in the current set (or the last one, until
  // the next starts); a device that does not count them sends this.
  static constexpr std::uint16_t kRepsNotCounted = 0xFFFF;
};

struct EventMessage {
  core::Event event{};
};

struct LopResultMessage {
  core::LopFailure failure = core::LopFailure::kNone;
  core::LopResult result{};  // meaningful when failure is kNone
};

struct Heartbeat {
  core::TimePoint sender_time{};  // the sender's own clock
};

using Body = std::variant<Hello, Capabilities, MeasureLop, StartExercise, EndSet, Stop,
                          EmergencyStop, Reset, BeginSession, SetTarget, ConfigureLimits, Ack,
                          Error, Telemetry, EventMessage, LopResultMessage, Heartbeat>;

struct Message {
  std::uint16_t sequence = 0;
  std::uint8_t cuff = kNoCuff;
  Body body{};
};

MessageType type_of(const Body& body);

}  // namespace bfr::link

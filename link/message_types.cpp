#include "link/messages.hpp"

namespace bfr::link {

const char* to_string(MessageType type) {
  switch (type) {
    case MessageType::kHello:
      return "hello";
    case MessageType::kCapabilities:
      return "capabilities";
    case MessageType::kMeasureLop:
      return "measure_lop";
    case MessageType::kStartExercise:
      return "start_exercise";
    case MessageType::kEndSet:
      return "end_set";
    case MessageType::kStop:
      return "stop";
    case MessageType::kEmergencyStop:
      return "emergency_stop";
    case MessageType::kReset:
      return "reset";
    case MessageType::kBeginSession:
      return "begin_session";
    case MessageType::kSetTarget:
      return "set_target";
    case MessageType::kConfigureLimits:
      return "configure_limits";
    case MessageType::kAck:
      return "ack";
    case MessageType::kError:
      return "error";
    case MessageType::kTelemetry:
      return "telemetry";
    case MessageType::kEvent:
      return "event";
    case MessageType::kLopResult:
      return "lop_result";
    case MessageType::kHeartbeat:
      return "heartbeat";
  }
  return "unknown";
}

bool is_known_type(std::uint8_t raw) {
  switch (static_cast<MessageType>(raw)) {
    case MessageType::kHello:
    case MessageType::kCapabilities:
    case MessageType::kMeasureLop:
    case MessageType::kStartExercise:
    case MessageType::kEndSet:
    case MessageType::kStop:
    case MessageType::kEmergencyStop:
    case MessageType::kReset:
    case MessageType::kBeginSession:
    case MessageType::kSetTarget:
    case MessageType::kConfigureLimits:
    case MessageType::kAck:
    case MessageType::kError:
    case MessageType::kTelemetry:
    case MessageType::kEvent:
    case MessageType::kLopResult:
    case MessageType::kHeartbeat:
      return true;
  }
  return false;
}

CuffScope cuff_scope(MessageType type) {
  switch (type) {
    case MessageType::kHello:
    case MessageType::kCapabilities:
    case MessageType::kHeartbeat:
      return CuffScope::kDevice;
    case MessageType::kAck:
    case MessageType::kError:
      return CuffScope::kEither;
    case MessageType::kMeasureLop:
    case MessageType::kStartExercise:
    case MessageType::kEndSet:
    case MessageType::kStop:
    case MessageType::kEmergencyStop:
    case MessageType::kReset:
    case MessageType::kBeginSession:
    case MessageType::kSetTarget:
    case MessageType::kConfigureLimits:
    case MessageType::kTelemetry:
    case MessageType::kEvent:
    case MessageType::kLopResult:
      return CuffScope::kCuff;
  }
  return CuffScope::kCuff;
}

namespace {
constexpr MessageType type_for(const Hello&) {
  return MessageType::kHello;
}
constexpr MessageType type_for(const Capabilities&) {
  return MessageType::kCapabilities;
}
constexpr MessageType type_for(const MeasureLop&) {
  return MessageType::kMeasureLop;
}
constexpr MessageType type_for(const StartExercise&) {
  return MessageType::kStartExercise;
}
constexpr MessageType type_for(const EndSet&) {
  return MessageType::kEndSet;
}
constexpr MessageType type_for(const Stop&) {
  return MessageType::kStop;
}
constexpr MessageType type_for(const EmergencyStop&) {
  return MessageType::kEmergencyStop;
}
constexpr MessageType type_for(const Reset&) {
  return MessageType::kReset;
}
constexpr MessageType type_for(const BeginSession&) {
  return MessageType::kBeginSession;
}
constexpr MessageType type_for(const SetTarget&) {
  return MessageType::kSetTarget;
}
constexpr MessageType type_for(const ConfigureLimits&) {
  return MessageType::kConfigureLimits;
}
constexpr MessageType type_for(const Ack&) {
  return MessageType::kAck;
}
constexpr MessageType type_for(const Error&) {
  return MessageType::kError;
}
constexpr MessageType type_for(const Telemetry&) {
  return MessageType::kTelemetry;
}
constexpr MessageType type_for(const EventMessage&) {
  return MessageType::kEvent;
}
constexpr MessageType type_for(const LopResultMessage&) {
  return MessageType::kLopResult;
}
constexpr MessageType type_for(const Heartbeat&) {
  return MessageType::kHeartbeat;
}
}  // namespace

MessageType type_of(const Body& body) {
  return std::visit([](const auto& b) { return type_for(b); }, body);
}

}  // namespace bfr::link

#include "link/core_mapping.hpp"

#include <algorithm>

namespace bfr::link {

core::Command to_command(const Body& body) {
  core::Command c;
  if (const auto* start = std::get_if<StartExercise>(&body)) {
    c.kind = core::CommandKind::kStartExercise;
    c.plan = start->plan;
  } else if (const auto* measure = std::get_if<MeasureLop>(&body)) {
    c.kind = core::CommandKind::kMeasureLop;
    c.limb = measure->limb;
  } else if (std::holds_alternative<EndSet>(body)) {
    c.kind = core::CommandKind::kEndSet;
  } else if (std::holds_alternative<Stop>(body)) {
    c.kind = core::CommandKind::kStop;
  } else if (std::holds_alternative<EmergencyStop>(body)) {
    c.kind = core::CommandKind::kEmergencyStop;
  } else if (std::holds_alternative<Reset>(body)) {
    c.kind = core::CommandKind::kReset;
  } else if (std::holds_alternative<BeginSession>(body)) {
    c.kind = core::CommandKind::kBeginSession;
  } else if (const auto* target = std::get_if<SetTarget>(&body)) {
    c.kind = core::CommandKind::kSetTarget;
    c.target_share = target->target_share;
  } else if (const auto* limits = std::get_if<ConfigureLimits>(&body)) {
    c.kind = core::CommandKind::kConfigureLimits;
    c.limits = limits->limits;
  }
  return c;
}

bool command_body(const core::Command& command, Body& out) {
  switch (command.kind) {
    case core::CommandKind::kNone:
      return false;
    case core::CommandKind::kMeasureLop:
      out = MeasureLop{command.limb};
      return true;
    case core::CommandKind::kStartExercise:
      out = StartExercise{command.plan};
      return true;
    case core::CommandKind::kEndSet:
      out = EndSet{};
      return true;
    case core::CommandKind::kStop:
      out = Stop{};
      return true;
    case core::CommandKind::kEmergencyStop:
      out = EmergencyStop{};
      return true;
    case core::CommandKind::kReset:
      out = Reset{};
      return true;
    case core::CommandKind::kBeginSession:
      out = BeginSession{};
      return true;
    case core::CommandKind::kSetTarget:
      out = SetTarget{command.target_share};
      return true;
    case core::CommandKind::kConfigureLimits:
      out = ConfigureLimits{command.limits};
      return true;
  }
  return false;
}

Telemetry make_telemetry(core::TimePoint now, const core::Outputs& out,
                         const core::Readings& readings) {
  Telemetry t;
  t.device_time = now;
  t.cuff = readings.cuff;
  t.target = out.target;
  t.phase = out.phase;
  t.set_index = out.set_index;
  t.alarms = out.alarms;
  t.vent_open = out.actuators.vent_open;
  t.sensor_fault = !readings.sensor_ok;
  t.lop_progress = out.lop_progress;
  // The core counts repetitions from the cuff signal (core/rep_counter.hpp).
  t.rep_count = out.reps;
  const std::size_t carried = std::min(out.events.size(), kMaxTelemetryEvents);
  for (std::size_t i = 0; i < carried; ++i) t.events[i] = out.events[i];
  t.event_count = static_cast<std::uint8_t>(carried);
  const std::uint32_t dropped =
      out.events.dropped() + static_cast<std::uint32_t>(out.events.size() - carried);
  t.events_dropped = static_cast<std::uint8_t>(std::min<std::uint32_t>(dropped, 0xFF));
  return t;
}

}  // namespace bfr::link

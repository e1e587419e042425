#pragma once
// Between link messages and the core controller's own types: the command a
// message asks for, the message for a command, and the Telemetry frame for a
// controller step. The core has no "set target" or "configure limits"
// command, so the link has none either (docs/protocol.md lists the type
// numbers kept free for them).

#include <cstdint>

#include "core/cuff_controller.hpp"
#include "link/messages.hpp"

namespace bfr::link {

// The controller command a message carries; kind kNone for any message that
// is not a command.
core::Command to_command(const Body& body);

// The message body for a controller command; false for kNone, which has no
// message (nothing to send).
bool command_body(const core::Command& command, Body& out);

// One controller step as Telemetry: events beyond kMaxTelemetryEvents (and
// those the controller itself dropped) are counted in events_dropped.
Telemetry make_telemetry(core::TimePoint now, const core::Outputs& out,
                         const core::Readings& readings);

}  // namespace bfr::link

#pragma once
// A Telemetry frame from the link as the host's session runner reads a
// controller step (device::Telemetry): phase, set, target, alarms, events,
// vent, LOP progress and, in the frame that follows a LopResult, the result.

#include <optional>
#include <span>

#include "core/events.hpp"
#include "device/cuff_device.hpp"
#include "link/messages.hpp"

namespace bfr::runtime {

// Events beyond what one step's buffer holds (the frame's own and those sent
// on their own) are counted in the buffer's dropped count, never lost silently.
device::Telemetry to_device_telemetry(const link::Telemetry& frame,
                                      const std::optional<link::LopResultMessage>& lop_result,
                                      std::span<const core::Event> extra_events);

}  // namespace bfr::runtime

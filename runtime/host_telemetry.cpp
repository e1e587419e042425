#include "runtime/host_telemetry.hpp"

namespace bfr::runtime {

device::Telemetry to_device_telemetry(const link::Telemetry& frame,
                                      const std::optional<link::LopResultMessage>& lop_result,
                                      std::span<const core::Event> extra_events) {
  device::Telemetry t{frame.device_time, frame.cuff, core::Outputs{}, std::nullopt};
  core::Outputs& out = t.outputs;
  out.phase = frame.phase;
  out.set_index = frame.set_index;
  out.target = frame.target;
  out.alarms = frame.alarms;
  out.lop_progress = frame.lop_progress;
  // The device's own count from the cuff signal; a device that does not
  // count reads as a controller that has counted none yet.
  out.reps = frame.rep_count == link::Telemetry::kRepsNotCounted ? 0 : frame.rep_count;
  // Only the vent valve travels; the rest of the actuators stay at rest.
  out.actuators.vent_open = frame.vent_open;
  out.actuators.pump_duty = core::Fraction(0);
  out.actuators.bleed_opening = core::Fraction(0);
  for (std::size_t i = 0; i < frame.event_count && i < frame.events.size(); ++i) {
    out.events.push(frame.events[i]);
  }
  for (const core::Event& e : extra_events) out.events.push(e);
  // VirtualDevice reports a result only for a measurement that succeeded;
  // failures come as lop_failed events.
  if (lop_result && lop_result->failure == core::LopFailure::kNone)
    t.lop_result = lop_result->result;
  return t;
}

}  // namespace bfr::runtime

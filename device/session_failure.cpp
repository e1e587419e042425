#include "device/session_failure.hpp"

#include "core/alarm_policy.hpp"

namespace bfr::device {

std::optional<std::string> session_failure(const core::Event& event) {
  if (event.kind == core::EventKind::kAlarmRaised) {
    const auto alarm = static_cast<core::Alarm>(event.code);
    if (core::policy_of(alarm).action < core::SafetyAction::kHold) return std::nullopt;
    return std::string("alarm: ") + core::to_string(alarm);
  }
  if (event.kind == core::EventKind::kCommandRejected) {
    return std::string("refused: ") + core::to_string(static_cast<core::Rejection>(event.code));
  }
  return std::nullopt;
}

}  // namespace bfr::device

#include "clinic/event_text.hpp"

#include <fmt/format.h>

namespace bfr::clinic {

std::string event_text(const core::Event& e) {
  switch (e.kind) {
    case core::EventKind::kPhaseChanged:
      return core::to_string(static_cast<core::Phase>(e.code));
    case core::EventKind::kLopMeasured:
      return fmt::format("{:.1f} mmHg", e.value.mmhg());
    case core::EventKind::kLopFailed:
      return core::to_string(static_cast<core::LopFailure>(e.code));
    case core::EventKind::kSetStarted:
      return fmt::format("set {}", e.set_index + 1);
    case core::EventKind::kSetEnded:
      return fmt::format("set {}{}", e.set_index + 1, e.code ? " (time cap)" : "");
    case core::EventKind::kAlarmRaised:
      return fmt::format("{} at {:.1f} mmHg", core::to_string(static_cast<core::Alarm>(e.code)),
                         e.value.mmhg());
    case core::EventKind::kAlarmCleared:
      return core::to_string(static_cast<core::Alarm>(e.code));
    case core::EventKind::kCommandRejected:
      return core::to_string(static_cast<core::Rejection>(e.code));
    case core::EventKind::kSafetyAction:
      return fmt::format("{} at {:.1f} mmHg",
                         core::to_string(static_cast<core::SafetyAction>(e.code)), e.value.mmhg());
  }
  return {};
}

}  // namespace bfr::clinic

#include "core/alarm_policy.hpp"

namespace bfr::core {

const char* to_string(AlarmPriority priority) {
  switch (priority) {
    case AlarmPriority::kLow:
      return "low";
    case AlarmPriority::kMedium:
      return "medium";
    case AlarmPriority::kHigh:
      return "high";
  }
  return "unknown";
}

const char* to_string(SafetyAction action) {
  switch (action) {
    case SafetyAction::kNone:
      return "none";
    case SafetyAction::kWarn:
      return "warn";
    case SafetyAction::kHold:
      return "hold";
    case SafetyAction::kDeflate:
      return "deflate";
    case SafetyAction::kVent:
      return "vent";
  }
  return "unknown";
}

const char* to_string(AlarmClearing clearing) {
  switch (clearing) {
    case AlarmClearing::kSelf:
      return "clears by itself";
    case AlarmClearing::kAcknowledge:
      return "needs acknowledgement";
    case AlarmClearing::kRestart:
      return "needs restart";
  }
  return "unknown";
}

}  // namespace bfr::core

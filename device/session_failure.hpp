#pragma once
// When a benchmark counts a controller event as the end of a session: an
// alarm that acts on the cuff (hold or stronger; warnings such as
// under-pressure are counted by the band figures instead) or a refused
// command. One rule for every benchmark that runs a protocol.

#include <optional>
#include <string>

#include "core/events.hpp"

namespace bfr::device {

// "alarm: NAME" or "refused: REASON", or nothing when the event ends nothing.
std::optional<std::string> session_failure(const core::Event& event);

}  // namespace bfr::device

#pragma once
// A controller event in words, for stored records, stop reasons and the
// web app's stream: "over_pressure at 171.2 mmHg", "set 2 (time cap)".

#include <string>

#include "core/alarm_policy.hpp"
#include "core/events.hpp"

namespace bfr::clinic {

std::string event_text(const core::Event& e);

}  // namespace bfr::clinic

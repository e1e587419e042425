#pragma once
// Software PWM for the pump and the bleed valve: one period's plan, without
// any timing or I/O, so that it can be tested; GpiodOutputs' PWM thread
// carries it out on the lines.
//
// Both channels switch on together at the start of a period and off after
// their share of it. A share too small to give a pulse the thread can time
// is off, one too close to full is on for the whole period: pulses shorter
// than the scheduling jitter would come out at random widths.

#include <chrono>
#include <optional>

namespace bfr::hardware {

struct PwmTiming {
  std::chrono::microseconds period{5000};  // 200 Hz: a diaphragm pump smooths it out
  std::chrono::microseconds min_pulse{200};
};

struct PwmChannelPlan {
  bool on_at_start = false;
  // When to switch off, from the start of the period; none: stays as it is
  // for the whole period.
  std::optional<std::chrono::microseconds> off_at;
  bool operator==(const PwmChannelPlan&) const = default;
};

PwmChannelPlan plan_pwm_period(float duty, const PwmTiming& timing);

}  // namespace bfr::hardware

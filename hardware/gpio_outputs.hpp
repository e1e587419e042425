#pragma once
// The output lines of the cuff's pneumatics: vent valve, bleed valve (PWM),
// pump (PWM) and the pump's supply switch. GpiodOutputs drives them through
// libgpiod; the tests record what was asked of them.

#include <string>

#include "hardware/output_levels.hpp"

namespace bfr::hardware {

class GpioOutputs {
 public:
  // Implementations leave their lines at the safe levels when destroyed.
  virtual ~GpioOutputs() = default;
  // Drives the lines to these levels. False when a line could not be set:
  // the implementation has then put every line it still can to its safe
  // level, and last_error() says what failed.
  virtual bool apply(const OutputLevels& levels) = 0;
  // Every line to its safe level, as far as it can be done; never throws.
  virtual void set_safe() noexcept = 0;
  virtual std::string last_error() const = 0;
};

}  // namespace bfr::hardware

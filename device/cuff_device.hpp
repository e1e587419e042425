#pragma once
// What the host sees of a cuff controller, wherever it runs: it sends one
// command (or none) and gets the next telemetry frame back. The in-process
// virtual device answers at once; a linked device answers when its frame
// arrives.

#include <optional>

#include "core/cuff_controller.hpp"
#include "core/units.hpp"

namespace bfr::device {

struct Telemetry {
  core::TimePoint at;
  core::Pressure cuff;  // what the device's sensor read
  core::Outputs outputs;
  // Lop result snapshot when the measurement ended this frame.
  std::optional<core::LopResult> lop_result;
};

class CuffDevice {
 public:
  virtual ~CuffDevice() = default;
  virtual Telemetry exchange(const core::Command& command) = 0;
  virtual core::Duration frame_period() const = 0;
  // Only a simulated limb knows its true LOP; real devices return nothing.
  virtual std::optional<double> simulation_true_lop_mmhg() const { return std::nullopt; }
  virtual const char* description() const = 0;
};

}  // namespace bfr::device

#pragma once
// Who tells the host that a set is over and how many reps were done: the
// clinician's entry on a real device, the simulated person in the demo.

#include <optional>

#include "core/units.hpp"

namespace bfr::device {

class SetReporter {
 public:
  virtual ~SetReporter() = default;
  virtual void set_started(core::TimePoint at, int set_index, int target_reps) = 0;
  // The reps done once the set is over; nothing while it goes on.
  virtual std::optional<int> reps_if_finished(core::TimePoint now) = 0;
};

// The simulated lifter inside a virtual device reports its own sets.
class SimulatedLifterReporter : public SetReporter {
 public:
  explicit SimulatedLifterReporter(class VirtualDevice& device) : device_(device) {}
  void set_started(core::TimePoint at, int set_index, int target_reps) override;
  std::optional<int> reps_if_finished(core::TimePoint now) override;

 private:
  VirtualDevice& device_;
};

}  // namespace bfr::device

#pragma once
// Set ends for a cuff across the link: the device's controller counts the
// repetitions from the cuff signal (core/rep_counter.hpp) and sends the count
// in every telemetry frame. The host ends a set when that count reaches the
// set's target and the last repetition has had time to come down (a rep is
// counted just after its peak; a set ended there would end with the muscle
// still contracted and the cuff at its highest); a set the lifter stops
// short of target ends on the device
// (its own set-done input, or the plan's time cap per set), with the count
// it reached (HostSessionStore).

#include <optional>

#include "core/units.hpp"
#include "device/set_reporter.hpp"

namespace bfr::runtime {

class LinkedDevice;

// Half a repetition at the prescribed 4 s cadence (bfr-facts section 1).
inline constexpr core::Duration kLastRepSettle = core::Duration::from_ms(2000);

class CountedRepsSetReporter : public device::SetReporter {
 public:
  explicit CountedRepsSetReporter(const LinkedDevice& device) : device_(device) {}

  void set_started(core::TimePoint at, int set_index, int target_reps) override;
  std::optional<int> reps_if_finished(core::TimePoint now) override;

 private:
  const LinkedDevice& device_;
  int set_index_ = -1;
  int target_reps_ = 0;
  bool in_set_ = false;
  std::optional<core::TimePoint> target_reached_at_;
};

}  // namespace bfr::runtime

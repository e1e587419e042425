#include "runtime/host_set_reporter.hpp"

#include "runtime/linked_device.hpp"

namespace bfr::runtime {

void CountedRepsSetReporter::set_started(core::TimePoint, int set_index, int target_reps) {
  set_index_ = set_index;
  target_reps_ = target_reps;
  in_set_ = true;
  target_reached_at_.reset();
}

std::optional<int> CountedRepsSetReporter::reps_if_finished(core::TimePoint now) {
  if (!in_set_) return std::nullopt;
  const std::optional<int> counted = device_.counted_reps(set_index_);
  if (!counted || *counted < target_reps_) return std::nullopt;
  if (!target_reached_at_) target_reached_at_ = now;
  if (now - *target_reached_at_ < kLastRepSettle) return std::nullopt;
  in_set_ = false;
  return *counted;
}

}  // namespace bfr::runtime

#pragma once
// Streams telemetry into a stored trace. Samples are flushed every second
// of device time, so a crash loses at most the last second and never a
// stored one.

#include <cstdint>
#include <vector>

#include "clinic/repository.hpp"
#include "device/cuff_device.hpp"

namespace bfr::clinic {

class TraceRecorder {
 public:
  TraceRecorder(Repository& repository, std::int64_t trace_id, core::Duration frame_period);
  ~TraceRecorder();
  TraceRecorder(const TraceRecorder&) = delete;
  TraceRecorder& operator=(const TraceRecorder&) = delete;

  void record(const device::Telemetry& frame);
  void flush();
  std::int64_t trace_id() const { return trace_id_; }
  // Seconds since the first recorded frame.
  double seconds_since_start(core::TimePoint at) const;

 private:
  Repository& repository_;
  std::int64_t trace_id_;
  std::size_t flush_every_;
  bool started_ = false;
  core::TimePoint origin_;
  std::vector<TraceSample> pending_;
};

}  // namespace bfr::clinic

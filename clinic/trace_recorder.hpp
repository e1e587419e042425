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
  // Added to the frames' set index (-1 outside a set stays -1): a session of
  // several inflations numbers its sets across all of them, while the
  // controller counts from 0 in each.
  void set_index_offset(int offset) { set_index_offset_ = offset; }
  // Seconds since the first recorded frame.
  double seconds_since_start(core::TimePoint at) const;

 private:
  Repository& repository_;
  std::int64_t trace_id_;
  std::size_t flush_every_;
  bool started_ = false;
  core::TimePoint origin_;
  int set_index_offset_ = 0;
  std::vector<TraceSample> pending_;
};

}  // namespace bfr::clinic

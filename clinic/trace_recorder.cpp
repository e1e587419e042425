#include "clinic/trace_recorder.hpp"

namespace bfr::clinic {

TraceRecorder::TraceRecorder(Repository& repository, std::int64_t trace_id,
                             core::Duration frame_period)
    : repository_(repository),
      trace_id_(trace_id),
      flush_every_(static_cast<std::size_t>(core::Duration::from_seconds(1.0f) / frame_period)) {
  if (flush_every_ == 0) flush_every_ = 1;
  pending_.reserve(flush_every_);
}

TraceRecorder::~TraceRecorder() {
  // Best effort on the way out (e.g. while an error unwinds): whatever was
  // received should still land.
  try {
    flush();
  } catch (...) {
  }
}

double TraceRecorder::seconds_since_start(core::TimePoint at) const {
  return started_ ? static_cast<double>((at - origin_).us()) * 1e-6 : 0.0;
}

void TraceRecorder::record(const device::Telemetry& frame) {
  if (!started_) {
    started_ = true;
    origin_ = frame.at;
  }
  const int set_index =
      frame.outputs.set_index < 0 ? -1 : frame.outputs.set_index + set_index_offset_;
  pending_.push_back({seconds_since_start(frame.at), frame.cuff.mmhg(), frame.outputs.target.mmhg(),
                      static_cast<int>(frame.outputs.phase), set_index});
  if (pending_.size() >= flush_every_) flush();
}

void TraceRecorder::flush() {
  if (pending_.empty()) return;
  repository_.append_trace(trace_id_, pending_);
  pending_.clear();
}

}  // namespace bfr::clinic

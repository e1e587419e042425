#include "runtime/host_session_store.hpp"

#include <fmt/format.h>

namespace bfr::runtime {

std::string HostSessionStore::refusal_text() const {
  std::string text;
  for (const CommandRefusal& r : device_.refusals()) {
    if (!text.empty()) text += "; ";
    text += r.text;
  }
  return text;
}

void HostSessionStore::append_trace(std::int64_t trace_id,
                                    std::span<const clinic::TraceSample> samples) {
  inner_.append_trace(trace_id, samples);
  if (!samples.empty()) last_sample_s_[trace_id] = samples.back().t_s;
}

std::int64_t HostSessionStore::add_lop_measurement(const clinic::LopMeasurement& measurement) {
  clinic::LopMeasurement m = measurement;
  if (!m.lop_mmhg) {
    if (device_.loss()) {
      m.abort_reason = device_.loss()->text;
    } else if (!device_.refusals().empty()) {
      m.abort_reason = refusal_text();
    }
  }
  const std::int64_t id = inner_.add_lop_measurement(m);
  if (device_.loss() && !loss_recorded_at_) loss_recorded_at_ = std::chrono::steady_clock::now();
  return id;
}

std::int64_t HostSessionStore::add_set(const clinic::SetRecord& set) {
  clinic::SetRecord r = set;
  if (r.actual_reps == 0 && device_.set_ended_by_device(r.set_index)) {
    // The runner learnt nothing of a set the device ended by itself: the
    // reps are the ones the device counted from the cuff signal.
    if (auto counted = device_.counted_reps(r.set_index)) r.actual_reps = *counted;
  }
  return inner_.add_set(r);
}

void HostSessionStore::finish_session(const clinic::SessionRecord& session) {
  clinic::SessionRecord s = session;
  double at_s = 0;
  if (s.trace_id) {
    if (auto it = last_sample_s_.find(*s.trace_id); it != last_sample_s_.end()) at_s = it->second;
  }
  std::vector<clinic::EventRecord> notes;
  for (const CommandRefusal& r : device_.refusals())
    notes.push_back({at_s, "link_refused", r.text});
  if (device_.loss()) {
    notes.push_back({at_s, "device_lost", device_.loss()->text});
    // The loss ended the session; an earlier alarm's reason stays.
    if (s.stop_reason.empty() || s.stop_reason.starts_with("alarm: host_heartbeat_lost")) {
      s.stop_reason = device_.loss()->text;
    }
  } else if (!device_.refusals().empty() && s.stop_reason.starts_with("refused: invalid_plan")) {
    s.stop_reason = refusal_text();
  }
  if (!notes.empty()) inner_.add_events(s.id, notes);
  if (device_.loss() && !loss_recorded_at_) loss_recorded_at_ = std::chrono::steady_clock::now();
  inner_.finish_session(s);
}

}  // namespace bfr::runtime

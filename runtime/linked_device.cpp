#include "runtime/linked_device.hpp"

#include <fmt/format.h>

#include "runtime/host_telemetry.hpp"

namespace bfr::runtime {

LinkedDevice::LinkedDevice(HostConnection& connection, std::uint8_t cuff)
    : connection_(connection),
      cuff_(cuff),
      description_(fmt::format("link {} cuff {}", connection.label(), cuff)) {}

void LinkedDevice::begin_recording() {
  connection_.discard_backlog(cuff_);
  loss_.reset();
  refusals_.clear();
  delivered_ = 0;
  made_up_ = 0;
  end_sent_in_set_ = false;
  device_ended_sets_ = 0;
  counted_reps_ = {};
  late_end_sets_ = 0;
}

bool LinkedDevice::set_ended_by_device(int set_index) const {
  return set_index >= 0 && set_index < 32 &&
         (device_ended_sets_ & (std::uint32_t{1} << static_cast<unsigned>(set_index))) != 0;
}

std::optional<int> LinkedDevice::counted_reps(int set_index) const {
  if (set_index < 0 || set_index >= static_cast<int>(counted_reps_.size())) return std::nullopt;
  return counted_reps_[static_cast<std::size_t>(set_index)];
}

void LinkedDevice::follow_sets(device::Telemetry& t) {
  // The count rides on every frame; in the frame that ends a set it is that
  // set's final count (the core keeps it until the next set starts).
  const auto note_count = [&](int set_index) {
    if (set_index >= 0 && set_index < static_cast<int>(counted_reps_.size()))
      counted_reps_[static_cast<std::size_t>(set_index)] = t.outputs.reps;
  };
  if (t.outputs.phase == core::Phase::kExercise) note_count(t.outputs.set_index);
  core::EventBuffer<8> kept;
  for (const core::Event& e : t.outputs.events) {
    if (e.kind == core::EventKind::kSetEnded) note_count(e.set_index);
    if (e.kind == core::EventKind::kSetStarted) {
      end_sent_in_set_ = false;
    } else if (e.kind == core::EventKind::kSetEnded && e.code == 0 && !end_sent_in_set_) {
      if (e.set_index >= 0 && e.set_index < 32) {
        device_ended_sets_ |= std::uint32_t{1} << static_cast<unsigned>(e.set_index);
      }
    } else if (e.kind == core::EventKind::kCommandRejected &&
               e.code == static_cast<std::uint8_t>(core::Rejection::kNotInSet)) {
      // Only EndSet is refused so: the device had ended the set already.
      ++late_end_sets_;
      continue;
    }
    kept.push(e);
  }
  t.outputs.events = kept;
}

device::Telemetry LinkedDevice::quiet_frame() const {
  // Nothing new from the device: the last state it reported, one period on.
  device::Telemetry t{};
  if (last_) {
    t = *last_;
    t.at += frame_period();
    t.outputs.events.clear();
    t.lop_result.reset();
  }
  return t;
}

device::Telemetry LinkedDevice::closing_frame(const DeviceLoss& loss) {
  device::Telemetry t = quiet_frame();
  if (last_) t.at = last_->at + core::Duration::from_ms(loss.silent_for.count());
  // The cuff's state is unknown; the device deflates by itself when it has
  // lost the host, which it has by now (docs/protocol.md, heartbeat).
  t.outputs.phase = core::Phase::kSafeState;
  t.outputs.target = core::Pressure{};
  t.outputs.alarms.raise(core::Alarm::kHostHeartbeatLost);
  t.outputs.events.push({core::EventKind::kAlarmRaised, t.at,
                         static_cast<std::uint8_t>(core::Alarm::kHostHeartbeatLost),
                         t.outputs.set_index, t.cuff});
  return t;
}

device::Telemetry LinkedDevice::exchange(const core::Command& command) {
  if (loss_) {
    ++made_up_;
    return closing_frame(*loss_);
  }
  if (command.kind == core::CommandKind::kEndSet) end_sent_in_set_ = true;
  if (command.kind != core::CommandKind::kNone) connection_.send_command(cuff_, command);
  HostConnection::Delivery d = connection_.next_delivery(cuff_);
  device::Telemetry t;
  if (d.frame) {
    t = to_device_telemetry(d.frame->telemetry, d.frame->lop_result, d.frame->extra_events);
    follow_sets(t);
    last_ = t;
    ++delivered_;
    last_received_at_ = d.frame->received_at;
    last_sequence_ = d.frame->sequence;
  } else if (d.loss || d.closed) {
    DeviceLoss loss = d.loss.value_or(
        DeviceLoss{std::chrono::steady_clock::now(), std::chrono::milliseconds(0),
                   fmt::format("link to {} closed by the host", connection_.label())});
    loss_ = loss;
    ++made_up_;
    return closing_frame(loss);
  } else {
    t = quiet_frame();  // a refusal with no frame to carry it
    ++made_up_;
  }
  for (const CommandRefusal& refusal : d.refusals) {
    refusals_.push_back(refusal);
    // The runner knows refusals as the controller's; the stored record gets
    // the link's own words (HostSessionStore).
    t.outputs.events.push({core::EventKind::kCommandRejected, t.at,
                           static_cast<std::uint8_t>(core::Rejection::kInvalidPlan),
                           t.outputs.set_index, t.cuff});
  }
  return t;
}

}  // namespace bfr::runtime

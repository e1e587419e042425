#pragma once
// One cuff of a device across the link, as the session runner drives it
// (device::CuffDevice). exchange() sends the command, if any, and returns the
// cuff's next telemetry frame in the order it arrived, so that a runner that
// records every frame it gets records every frame the device sent. Two views
// (cuff 0 and 1) may share one HostConnection.
//
// When the device falls silent beyond its timeout, exchange() returns, once
// every frame received has been handed over, a closing frame made up by the
// host: phase safe_state and an alarm_raised event (host_heartbeat_lost, the
// link's heartbeat alarm; the core has no other), so that the runner ends the
// session with a reason instead of waiting. A command the device refused
// with Error comes back as a command_rejected event (invalid_plan) in the
// next frame. HostSessionStore (host_session_store.hpp) writes the exact
// reason of either into the stored record.
//
// A device may end a set by itself (a set-done input; the simulated person
// of `bfr device sim`). The host's EndSet for a set already over is then
// refused as not_in_set; that refusal ends nothing (the set is over either
// way), so the view takes it out of the frame and counts it.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "device/cuff_device.hpp"
#include "runtime/host_connection.hpp"

namespace bfr::runtime {

class LinkedDevice : public device::CuffDevice {
 public:
  // `cuff` is the device's cuff index (0 or 1); a cuff the device does not
  // have is the device's to refuse (Error "no such cuff").
  LinkedDevice(HostConnection& connection, std::uint8_t cuff);

  device::Telemetry exchange(const core::Command& command) override;
  core::Duration frame_period() const override { return connection_.frame_period(); }
  const char* description() const override { return description_.c_str(); }
  // Only a simulation's set-up knows the limb's true LOP (the demo reads it
  // before its in-process device starts); it never travels on the link.
  std::optional<double> simulation_true_lop_mmhg() const override { return simulation_truth_; }
  void set_simulation_truth(std::optional<double> true_lop_mmhg) {
    simulation_truth_ = true_lop_mmhg;
  }

  std::uint8_t cuff() const { return cuff_; }
  HostConnection& connection() { return connection_; }

  // A new recording starts: frames that arrived while nobody recorded are
  // dropped, and the notes below start afresh.
  void begin_recording();

  // Set once exchange() returned the closing frame of a lost device.
  const std::optional<DeviceLoss>& loss() const { return loss_; }
  // Commands the device refused since begin_recording().
  const std::vector<CommandRefusal>& refusals() const { return refusals_; }
  // Telemetry frames received from the device and handed out since
  // begin_recording(), and the frames the host made up (closing, refusal
  // without a frame to carry it).
  std::uint64_t frames_delivered() const { return delivered_; }
  std::uint64_t frames_made_up() const { return made_up_; }
  // Steady-clock receipt of the last frame handed out (for latency figures).
  std::chrono::steady_clock::time_point last_received_at() const { return last_received_at_; }
  // Sets the device ended by itself, before any EndSet from the host.
  bool set_ended_by_device(int set_index) const;
  // Repetitions the device counted in a set, as of the frame that ended it
  // (or the newest frame while it goes on); nothing for a set not seen.
  std::optional<int> counted_reps(int set_index) const;
  std::uint64_t late_end_set_refusals() const { return late_end_sets_; }
  std::uint16_t last_sequence() const { return last_sequence_; }

 private:
  device::Telemetry closing_frame(const DeviceLoss& loss);
  device::Telemetry quiet_frame() const;
  void follow_sets(device::Telemetry& t);

  HostConnection& connection_;
  std::uint8_t cuff_;
  std::string description_;
  std::optional<double> simulation_truth_;
  std::optional<device::Telemetry> last_;
  std::optional<DeviceLoss> loss_;
  std::vector<CommandRefusal> refusals_;
  std::uint64_t delivered_ = 0;
  std::uint64_t made_up_ = 0;
  std::chrono::steady_clock::time_point last_received_at_{};
  std::uint16_t last_sequence_ = 0;
  bool end_sent_in_set_ = false;
  std::uint32_t device_ended_sets_ = 0;                // bit per set index
  std::array<std::optional<int>, 32> counted_reps_{};  // per set index
  std::uint64_t late_end_sets_ = 0;
};

}  // namespace bfr::runtime

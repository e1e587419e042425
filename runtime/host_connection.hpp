#pragma once
// The host's end of one device link (docs/LINK-RUNTIME.md): one byte channel
// to one device with one or two cuffs. It says Hello and checks the answer,
// then a reader thread decodes everything the device sends, answers
// LopResult and Event with Ack, sends the host's Heartbeat every second
// (three times per timeout when the timeout is under 3 s),
// retransmits unanswered commands, watches the device's heartbeat and
// re-dials the same address when the channel drops. Telemetry is queued per
// cuff, nothing dropped, until a LinkedDevice view (linked_device.hpp) takes it.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/cuff_controller.hpp"
#include "link/heartbeat_watchdog.hpp"
#include "link/messages.hpp"
#include "link/sequence.hpp"
#include "link/stream_decoder.hpp"
#include "runtime/byte_channel.hpp"

namespace bfr::runtime {

// A connection that could not be made: no channel, no answer to Hello, or a
// device that speaks another protocol version. The message says which.
class LinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Opens a fresh channel to the device: the first time and on every
// reconnect. nullptr with `error` set when it cannot.
using ChannelDialer = std::function<std::unique_ptr<ByteChannel>(std::string& error)>;

// Dials an address as users write it (tcp://HOST:PORT, serial:///dev/...).
ChannelDialer dial_address(const std::string& address);

struct HostLinkOptions {
  // Sent in Hello: how long the device waits for the host before it deflates.
  std::chrono::milliseconds host_timeout{3000};
  // The host's own watchdog on the device; zero: the timeout the device
  // reports in effect (docs/protocol.md: "after the same timeout").
  std::chrono::milliseconds device_timeout{0};
  // Hello to Capabilities, on the first connection and on every reconnect.
  std::chrono::milliseconds handshake_timeout{2000};
  // After the channel drops, the address is re-dialled this long at most.
  std::chrono::milliseconds reconnect_window{10000};
  std::chrono::milliseconds redial_interval{200};
};

// A command the device refused with Error (docs/protocol.md, error codes).
struct CommandRefusal {
  link::MessageType command = link::MessageType::kStop;
  link::ErrorCode code = link::ErrorCode::kBadValue;
  std::string text;  // "StartExercise refused by the device: no such cuff"
};

// The device fell silent for longer than its timeout.
struct DeviceLoss {
  std::chrono::steady_clock::time_point detected_at;
  std::chrono::milliseconds silent_for{0};  // since the last valid frame, when detected
  std::string text;                         // for the session record
};

// One telemetry frame as it arrived, with what travelled beside it.
struct ReceivedTelemetry {
  std::uint16_t sequence = 0;
  link::Telemetry telemetry{};
  // A LopResult that arrived since the cuff's previous frame.
  std::optional<link::LopResultMessage> lop_result;
  // Events sent on their own (Event 0x31) since the previous frame.
  std::vector<core::Event> extra_events;
  std::chrono::steady_clock::time_point received_at;
};

struct CuffLinkStats {
  std::uint64_t telemetry_received = 0;
  std::uint64_t telemetry_delivered = 0;  // handed to a view's exchange()
  std::uint64_t telemetry_discarded = 0;  // received while no session was recording
};

struct LinkStats {
  std::uint64_t frames_received = 0;  // valid frames of every type
  std::uint32_t sequence_gaps = 0;    // device frames missing between sequence numbers
  std::uint32_t stale_frames = 0;     // repeats or late frames, not acted on twice
  link::MalformedCounts malformed{};  // summed over every connection
  std::uint32_t reconnects = 0;
  std::uint32_t losses = 0;
  std::uint32_t commands_sent = 0;
  std::uint32_t retransmissions = 0;
  std::uint32_t commands_refused = 0;
  std::uint32_t commands_unconfirmed = 0;  // no answer after every retry, or across a reconnect
  CuffLinkStats cuffs[link::kMaxCuffs]{};
};

class HostConnection {
 public:
  // Dials, says Hello and waits for Capabilities; throws LinkError when no
  // channel opens, nothing answers in time or the versions do not meet.
  // `label` names the device in messages (usually its address).
  HostConnection(ChannelDialer dial, std::string label, HostLinkOptions options = {});
  ~HostConnection();
  HostConnection(const HostConnection&) = delete;
  HostConnection& operator=(const HostConnection&) = delete;

  const link::Capabilities& capabilities() const { return capabilities_; }
  const std::string& label() const { return label_; }
  std::chrono::milliseconds device_timeout() const { return device_timeout_; }

  // Sends a command to a cuff and returns; the answer is tracked (Ack, or
  // Error kept as a refusal, retransmitted when unanswered).
  void send_command(std::uint8_t cuff, const core::Command& command);

  // What next_delivery hands a view: the cuff's oldest frame not yet taken,
  // the refusals of its commands since the last delivery, and, once no frame
  // is left, the loss of the device.
  struct Delivery {
    std::optional<ReceivedTelemetry> frame;
    std::vector<CommandRefusal> refusals;
    std::optional<DeviceLoss> loss;
    bool closed = false;  // close() was called
  };
  // Waits until there is a frame, a refusal or a loss for the cuff.
  Delivery next_delivery(std::uint8_t cuff);
  // Drops frames and refusals that came while nobody recorded (between sessions).
  void discard_backlog(std::uint8_t cuff);

  // Set while the device is silent beyond its timeout.
  std::optional<DeviceLoss> loss() const;
  LinkStats stats() const;
  // The device's telemetry period, from its announced rate.
  core::Duration frame_period() const;

  // Before a planned end: no more heartbeats, so that by the time the
  // device closes it has read everything the host sent (a TCP socket
  // closed with unread bytes resets the connection, and the host would
  // lose the last frames still in its receive buffer).
  void stop_heartbeats();

  // CPU time the reader thread has used so far (zero once closed), for
  // the load bench.
  std::chrono::nanoseconds reader_cpu_time() const;

  // Stops the reader and closes the channel; views get no more frames.
  void close();

 private:
  struct PendingCommand {
    std::uint16_t sequence = 0;
    std::uint8_t cuff = 0;
    link::Body body;
    std::chrono::steady_clock::time_point sent_at;
    int retries = 0;
  };
  struct CuffQueue {
    std::deque<ReceivedTelemetry> frames;
    std::optional<link::LopResultMessage> lop_result;
    std::vector<core::Event> extra_events;
    std::vector<CommandRefusal> refusals;
  };
  enum class State { kConnected, kHandshaking, kDialling, kGaveUp, kClosed };

  void handshake(ByteChannel& channel);
  void reader_loop();
  void handle(const link::Message& message, std::chrono::steady_clock::time_point now);
  void periodic(std::chrono::steady_clock::time_point now);
  // Raises the loss on the watchdog's edge, ends it when frames came back.
  void check_loss_locked(std::chrono::steady_clock::time_point now);
  void channel_dropped(std::chrono::steady_clock::time_point now);
  void try_redial(std::chrono::steady_clock::time_point now);
  // Encodes, frames and writes under the send lock so that sequence numbers
  // leave in order; false when the channel is gone.
  bool send(std::uint8_t cuff, const link::Body& body, std::uint16_t* sequence_out = nullptr);
  bool send_with_sequence(std::uint16_t sequence, std::uint8_t cuff, const link::Body& body);
  void acknowledge(const link::Message& message);
  static core::TimePoint to_link_time(std::chrono::steady_clock::time_point t);

  ChannelDialer dial_;
  std::string label_;
  HostLinkOptions options_;
  link::Capabilities capabilities_{};
  std::chrono::milliseconds device_timeout_{};

  // Guards the channel pointer and the send counter.
  mutable std::mutex send_mutex_;
  std::shared_ptr<ByteChannel> channel_;
  link::SequenceCounter send_sequence_;

  // Guards everything below.
  mutable std::mutex mutex_;
  std::condition_variable frames_cv_;
  State state_ = State::kConnected;
  CuffQueue cuffs_[link::kMaxCuffs];
  std::vector<PendingCommand> pending_;
  std::optional<DeviceLoss> loss_;
  LinkStats stats_{};
  link::MalformedCounts malformed_earlier_{};  // of the connections before this one
  link::MalformedCounts malformed_now_{};      // this connection's, copied after each read

  // Reader-thread state.
  link::StreamDecoder decoder_;
  link::SequenceTracker device_sequence_;
  link::RecentSequences<16> recent_results_;  // LopResult/Event already taken
  link::DeviceWatchdog watchdog_;
  std::chrono::steady_clock::time_point last_heartbeat_sent_{};
  std::chrono::steady_clock::time_point dropped_at_{};
  std::chrono::steady_clock::time_point next_dial_{};
  std::chrono::steady_clock::time_point handshake_deadline_{};

  bool stopping_ = false;            // guarded by mutex_
  bool heartbeats_stopped_ = false;  // guarded by mutex_
  std::thread reader_;
};

}  // namespace bfr::runtime

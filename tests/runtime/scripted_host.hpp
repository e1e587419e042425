#pragma once
// A host written with link's codec alone, for driving a device under test:
// it sends messages with its own sequence numbers and collects what comes
// back. Nothing here is the project's host runtime; the tests check the
// device against the protocol, not against another implementation of it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "link/messages.hpp"
#include "link/sequence.hpp"
#include "link/stream_decoder.hpp"
#include "runtime/byte_channel.hpp"

namespace bfr::runtime::testing {

class ScriptedHost {
 public:
  explicit ScriptedHost(ByteChannel& channel) : channel_(channel) {}

  // Sends one message; returns its sequence number.
  std::uint16_t send(const link::Body& body, std::uint8_t cuff = link::kNoCuff);
  // Sends the last message again, same sequence number (a retransmission).
  void resend_last();
  // Sends raw bytes (malformed frames).
  bool send_raw(std::span<const std::uint8_t> bytes);
  void heartbeat();

  // Reads for up to `timeout` and returns the first message that matches,
  // keeping every message read in received(). A Heartbeat goes out every
  // `heartbeat_every` while waiting, so the device keeps its host.
  std::optional<link::Message> wait_for(const std::function<bool(const link::Message&)>& match,
                                        std::chrono::milliseconds timeout);
  // Reads for `duration` (heartbeats as above).
  void pump(std::chrono::milliseconds duration);

  const std::vector<link::Message>& received() const { return received_; }
  void clear_received() { received_.clear(); }
  const link::StreamDecoder& decoder() const { return decoder_; }
  bool closed() const { return closed_; }

  std::chrono::milliseconds heartbeat_every{250};
  bool send_heartbeats = true;

 private:
  std::optional<link::Message> read_once(const std::function<bool(const link::Message&)>& match,
                                         std::chrono::milliseconds timeout);

  ByteChannel& channel_;
  link::StreamDecoder decoder_;
  link::SequenceCounter sequence_;
  std::vector<link::Message> received_;
  std::vector<std::uint8_t> last_frame_;
  std::chrono::steady_clock::time_point last_heartbeat_{};
  bool closed_ = false;
};

// Helpers for matching.
bool is_type(const link::Message& m, link::MessageType type);
// Telemetry of `cuff`, or nullptr.
const link::Telemetry* telemetry_of(const link::Message& m, std::uint8_t cuff);

}  // namespace bfr::runtime::testing

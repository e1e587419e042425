#pragma once
// The device side of the link in real time (docs/protocol.md, "Transports"
// and "Heartbeat and timeouts"): one or two cuffs, each a
// device::LocalController with its own core controller, stepped at the
// controllers' period on the steady clock, served to one host at a time.
//
// Every period: the host watchdog's verdict goes to each controller, each
// cuff is stepped with the command waiting for it, and one Telemetry per
// cuff goes to the host (a LopResult when a measurement ended; a Heartbeat
// every second). Between steps the server reads the host's bytes: Hello is
// answered with Capabilities, commands with Ack (or Error) and handed to
// their cuff's next step, malformed frames are counted and dropped.
//
// Safety never waits for the host: when it falls silent or disconnects the
// server keeps stepping, the watchdog trips after the host timeout and the
// core deflates the cuff by itself. The next host is accepted and served by
// the same controllers. On stop the cuffs are brought down below 20 mmHg
// before serve() returns.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <vector>

#include "core/events.hpp"
#include "core/units.hpp"
#include "device/local_controller.hpp"
#include "link/heartbeat_watchdog.hpp"
#include "link/messages.hpp"
#include "link/stream_decoder.hpp"
#include "runtime/byte_channel.hpp"
#include "runtime/channel_endpoints.hpp"

namespace bfr::runtime {

struct DeviceServerConfig {
  link::FirmwareVersion firmware{0, 1, 0};
  // Device time runs this many times faster than wall time (tests, demos).
  // The host watchdog stays on the wall clock whatever the speed: a host
  // gets the timeout it asked for.
  double speed = 1.0;
  // The host timeout when a Hello asks for the device's default (0).
  core::Duration default_host_timeout = link::kDefaultHostTimeout;
  // CSV of what the device did, one row per cuff per step; empty for none.
  std::string trace_path;
  // On stop: deflated means below this (the safe state's "cuff below
  // 20 mmHg", core SafetyLimits::restricted_above).
  core::Pressure deflated_below = core::Pressure::mmhg(20.0f);
  // On stop, a cuff not down after this much device time is vented
  // (EmergencyStop); after `stop_give_up_after` serve() returns regardless.
  core::Duration stop_vent_after = core::Duration::from_seconds(15.0f);
  core::Duration stop_give_up_after = core::Duration::from_seconds(60.0f);
};

struct CuffStatus {
  core::TimePoint device_time{};
  core::Pressure cuff{};
  core::Pressure target{};
  core::Phase phase = core::Phase::kIdle;
  std::int8_t set_index = -1;
  core::AlarmSet alarms{};
};

// A snapshot for tests, logs and the command line; counts are since start.
struct DeviceServerStatus {
  bool host_connected = false;
  bool hello_received = false;  // on the current connection
  bool host_lost = false;       // the watchdog's verdict now
  bool stopping = false;
  std::uint32_t hosts_served = 0;
  std::uint32_t hosts_refused = 0;  // turned away while another was served
  std::uint32_t host_losses = 0;    // watchdog trips
  core::Duration host_timeout{};
  std::uint64_t steps = 0;
  std::uint64_t schedule_slips = 0;  // times the loop fell too far behind and re-based
  std::uint64_t frames_received = 0;
  std::uint64_t commands_run = 0;
  std::uint64_t command_repeats = 0;  // retransmissions acknowledged again, not run
  std::uint64_t telemetry_sent = 0;
  std::uint64_t acks_sent = 0;
  std::uint64_t errors_sent = 0;
  std::uint64_t lop_results_sent = 0;
  std::uint64_t heartbeats_sent = 0;
  link::MalformedCounts malformed{};  // summed over every connection
  std::vector<CuffStatus> cuffs;
};

class DeviceServer {
 public:
  // One or two cuffs with the same controller period; the server does not
  // own them. Throws std::invalid_argument for any other count, unequal
  // periods, a speed outside 0.01-1000, or a trace file that cannot be
  // created.
  DeviceServer(std::vector<device::LocalController*> cuffs, DeviceServerConfig config);
  ~DeviceServer();
  DeviceServer(const DeviceServer&) = delete;
  DeviceServer& operator=(const DeviceServer&) = delete;

  // Serves the hosts that come to `listener`, one at a time, until `stop`
  // is requested; then deflates the cuffs and returns.
  void serve(ChannelListener& listener, std::stop_token stop);
  // Serves one host already connected (an in-process host, a socket pair);
  // after it hangs up the cuffs keep being stepped until `stop`.
  void serve(ByteChannel& channel, std::stop_token stop);

  DeviceServerStatus status() const;
  // True when every cuff ended below `deflated_below` when serve() returned.
  bool ended_deflated() const;

 private:
  class Loop;

  std::vector<device::LocalController*> cuffs_;
  DeviceServerConfig config_;
  mutable std::mutex status_mutex_;
  DeviceServerStatus status_;
  bool ended_deflated_ = false;
};

}  // namespace bfr::runtime

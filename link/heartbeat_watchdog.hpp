#pragma once
// Each side of the link watches the other (docs/protocol.md, "Heartbeat and
// timeouts"). Time is injected, as in the core.
//
// Device side: when no valid frame has come from the host for the timeout,
// the host is gone and the device deflates by itself (HostWatchdog flags it
// in the controller's readings). Host side: when the
// device stops, the host raises an alarm and records it once
// (DeviceWatchdog reports the loss on its edge).

#include <cstdint>

#include "core/io_types.hpp"
#include "core/units.hpp"

namespace bfr::link {

inline constexpr core::Duration kDefaultHostTimeout = core::Duration::from_ms(3000);
// Shorter than this and a busy host trips it; longer and a cuff stays up
// with nobody watching.
inline constexpr core::Duration kMinHostTimeout = core::Duration::from_ms(500);
inline constexpr core::Duration kMaxHostTimeout = core::Duration::from_ms(30000);
// Heartbeats go out at least three times per timeout, so one lost frame
// never trips the other side.
inline constexpr core::Duration kHeartbeatPeriod = core::Duration::from_ms(1000);

// The timeout a device applies when a Hello asks for `requested` (zero asks
// for the default).
core::Duration clamp_host_timeout(core::Duration requested);

// How often a side sends Heartbeat to a peer that waits `peer_timeout`:
// every kHeartbeatPeriod, or a third of the timeout when that is shorter
// (a 1 s host timeout gets a heartbeat every 333 ms), so that the "three
// per timeout" rule holds for every timeout a device accepts. An unknown
// timeout (zero) is taken as the shortest one allowed.
core::Duration heartbeat_period_for(core::Duration peer_timeout);

class HeartbeatWatchdog {
 public:
  explicit HeartbeatWatchdog(core::Duration timeout) : timeout_(timeout) {}

  // The peer is connected (after Hello/Capabilities): start watching.
  void arm(core::TimePoint now) {
    armed_ = true;
    last_seen_ = now;
  }
  void disarm() { armed_ = false; }
  // A valid frame from the peer arrived.
  void feed(core::TimePoint now) {
    if (armed_ && now > last_seen_) last_seen_ = now;
  }
  void set_timeout(core::Duration timeout) { timeout_ = timeout; }

  // Armed and silent for longer than the timeout.
  bool lost(core::TimePoint now) const { return armed_ && now - last_seen_ > timeout_; }
  bool armed() const { return armed_; }
  core::Duration timeout() const { return timeout_; }
  core::TimePoint last_seen() const { return last_seen_; }

 private:
  core::Duration timeout_;
  bool armed_ = false;
  core::TimePoint last_seen_{};
};

// Device side: before each controller step, mark() sets the readings'
// host_heartbeat_lost flag while the host is silent. The safety supervisor
// raises kHostHeartbeatLost on it and deflates the cuff (core
// alarm_policy), so the reaction is the core's, the same in every build.
class HostWatchdog {
 public:
  explicit HostWatchdog(core::Duration timeout = kDefaultHostTimeout)
      : dog_(clamp_host_timeout(timeout)) {}

  void arm(core::TimePoint now) { dog_.arm(now); }
  void disarm() { dog_.disarm(); }
  void feed(core::TimePoint now) { dog_.feed(now); }
  void set_timeout(core::Duration timeout) { dog_.set_timeout(clamp_host_timeout(timeout)); }

  void mark(core::TimePoint now, core::Readings& in) {
    const bool lost = dog_.lost(now);
    if (lost && !was_lost_) ++losses_;
    was_lost_ = lost;
    in.host_heartbeat_lost = lost;
  }
  bool lost(core::TimePoint now) const { return dog_.lost(now); }
  std::uint32_t losses() const { return losses_; }
  core::Duration timeout() const { return dog_.timeout(); }

 private:
  HeartbeatWatchdog dog_;
  bool was_lost_ = false;
  std::uint32_t losses_ = 0;
};

// Host side: poll() is true once per loss, at the first poll after the
// device fell silent, so the alarm is raised and recorded once; a frame
// from the device afterwards ends the loss.
class DeviceWatchdog {
 public:
  explicit DeviceWatchdog(core::Duration timeout = kDefaultHostTimeout) : dog_(timeout) {}

  void arm(core::TimePoint now) { dog_.arm(now); }
  void disarm() { dog_.disarm(); }
  void feed(core::TimePoint now) { dog_.feed(now); }

  bool poll(core::TimePoint now) {
    const bool lost = dog_.lost(now);
    const bool edge = lost && !was_lost_;
    was_lost_ = lost;
    return edge;
  }
  bool lost(core::TimePoint now) const { return dog_.lost(now); }
  core::TimePoint last_seen() const { return dog_.last_seen(); }

 private:
  HeartbeatWatchdog dog_;
  bool was_lost_ = false;
};

}  // namespace bfr::link

#pragma once
// A device server on simulated limbs in a thread of the test, stopped (and
// its cuffs deflated) when the rig goes out of scope, whatever the test did.

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "core/exercise_plan.hpp"
#include "runtime/channel_endpoints.hpp"
#include "runtime/device_server.hpp"
#include "runtime/simulated_limb.hpp"

namespace bfr::runtime::testing {

// How long a test waits for the served device to answer. Generous: the
// machine is shared and slow.
inline constexpr std::chrono::milliseconds kAnswer{5000};

class ServerRig {
 public:
  explicit ServerRig(std::size_t cuffs = 1, DeviceServerConfig config = {});
  ~ServerRig();

  // Serves one end of a socket pair; the other end is host().
  void serve_pair();
  // Serves hosts that come to `listener` (kept by the rig).
  void serve(std::unique_ptr<ChannelListener> listener);
  // Requests stop and waits until the server has deflated and returned.
  void stop();

  DeviceServer& server() { return *server_; }
  ByteChannel& host() { return *host_end_; }
  ChannelListener& listener() { return *listener_; }
  SimulatedLimb& limb(std::size_t i) { return *limbs_[i]; }

 private:
  std::vector<std::unique_ptr<SimulatedLimb>> limbs_;
  std::unique_ptr<DeviceServer> server_;
  std::unique_ptr<ByteChannel> device_end_;
  std::unique_ptr<ByteChannel> host_end_;
  std::unique_ptr<ChannelListener> listener_;
  std::jthread thread_;
};

// A plan whose target the simulated demo thigh reaches in a few seconds:
// `share` of an assumed 200 mmHg LOP (the target stays below the limb's
// real LOP, so no measurement is needed first).
core::ExercisePlan test_plan(float share, std::vector<std::uint16_t> reps,
                             core::Duration rest = core::Duration::from_seconds(2.0f));

}  // namespace bfr::runtime::testing

// A board served over the link: HardwareDevice (the MPR sensor driver and
// the output lines) on a simulated limb behind a DeviceServer, a host on the
// other end of a socket pair. The host sees the board's sensor kind, the
// cuff is held at its target through the real hardware path, and when the
// host falls silent the board vents by itself.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "plant_board.hpp"
#include "runtime/channel_endpoints.hpp"
#include "runtime/device_server.hpp"
#include "runtime/host_connection.hpp"
#include "runtime/linked_device.hpp"

namespace bfr::hardware {
namespace {

using namespace std::chrono_literals;
using testing::PlantBoard;

// Device time runs this much faster than the wall clock; the host timeout
// stays on the wall clock.
constexpr double kSpeed = 5;

TEST(HardwareOverLink, HoldsTheTargetAndVentsWhenTheHostFallsSilent) {
  PlantBoard board(3);
  HardwareDevice device(board.bus(), board.outputs(), HardwareDeviceConfig{}, board.clock(),
                        [](std::chrono::microseconds) {});
  runtime::DeviceServerConfig server_config;
  server_config.speed = kSpeed;
  runtime::DeviceServer server({&device}, server_config);
  auto [device_end, host_end] = runtime::make_channel_pair();
  std::jthread serving([&](std::stop_token stop) { server.serve(*device_end, stop); });

  runtime::HostLinkOptions options;
  options.host_timeout = 1000ms;
  runtime::HostConnection host([&](std::string&) { return std::move(host_end); }, "board", options);
  EXPECT_EQ(host.capabilities().sensor, link::SensorType::kHoneywellMprls);
  runtime::LinkedDevice cuff(host, 0);
  cuff.begin_recording();

  const core::ExercisePlan plan =
      core::standard_plan(core::Pressure::mmhg(static_cast<float>(board.true_lop_mmhg())),
                          core::Fraction(0.6f), core::Duration::from_seconds(60.0f));
  const double target = 0.6 * board.true_lop_mmhg();
  device::Telemetry t = cuff.exchange({core::CommandKind::kStartExercise, plan});
  // Up to 40 s of device time for the inflation and 2 s held in the band.
  int held = 0;
  for (int frame = 0; frame < 4000 && held < 200; ++frame) {
    t = cuff.exchange({});
    for (const core::Event& e : t.outputs.events) {
      ASSERT_NE(e.kind, core::EventKind::kAlarmRaised)
          << "frame " << frame << ": " << core::to_string(static_cast<core::Alarm>(e.code))
          << " at " << t.cuff.mmhg() << " mmHg";
    }
    const bool in_band = std::abs(t.cuff.mmhg() - target) < 0.1 * target;
    held = (t.outputs.phase == core::Phase::kExercise && in_band) ? held + 1 : 0;
  }
  ASSERT_EQ(held, 200) << "cuff " << t.cuff.mmhg() << " target " << target;
  EXPECT_NEAR(board.true_cuff_mmhg(), target, 0.1 * target);
  EXPECT_TRUE(board.levels().vent_valve_energised);

  // The host goes silent; the board must vent on its own.
  host.stop_heartbeats();
  const auto silent_from = std::chrono::steady_clock::now();
  const auto give_up = silent_from + 30s;
  while (std::chrono::steady_clock::now() < give_up &&
         (board.true_cuff_mmhg() >= 20 || board.levels().vent_valve_energised)) {
    std::this_thread::sleep_for(20ms);
  }
  const auto took = std::chrono::steady_clock::now() - silent_from;
  std::printf(
      "host silent -> cuff below 20 mmHg and vented: %lld ms (host timeout 1000 ms)\n",
      static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
  EXPECT_LT(board.true_cuff_mmhg(), 20.0);
  EXPECT_FALSE(board.levels().vent_valve_energised);
  EXPECT_EQ(board.levels().pump_duty, 0.0f);
  // Not before the host timeout: the board waited for the host first.
  EXPECT_GE(took, 1000ms);
  EXPECT_GE(server.status().host_losses, 1u);
  serving.request_stop();
}

}  // namespace
}  // namespace bfr::hardware

// The heartbeat watchdogs with injected time.

#include "link/heartbeat_watchdog.hpp"

#include <gtest/gtest.h>

#include "core/cuff_controller.hpp"

namespace bfr::link {
namespace {

using core::Duration;
using core::TimePoint;

TimePoint at_ms(std::int64_t ms) {
  return TimePoint::from_us(ms * 1000);
}

TEST(HostTimeout, DefaultIsThreeSecondsAndRequestsAreClamped) {
  EXPECT_EQ(kDefaultHostTimeout, Duration::from_ms(3000));
  EXPECT_EQ(clamp_host_timeout(Duration{}), Duration::from_ms(3000));
  EXPECT_EQ(clamp_host_timeout(Duration::from_ms(100)), Duration::from_ms(500));
  EXPECT_EQ(clamp_host_timeout(Duration::from_ms(5000)), Duration::from_ms(5000));
  EXPECT_EQ(clamp_host_timeout(Duration::from_ms(60000)), Duration::from_ms(30000));
  EXPECT_EQ(HostWatchdog().timeout(), Duration::from_ms(3000));
}

TEST(HeartbeatPeriod, AtLeastThreeHeartbeatsPerTimeout) {
  EXPECT_EQ(heartbeat_period_for(Duration::from_ms(3000)), Duration::from_ms(1000));
  EXPECT_EQ(heartbeat_period_for(Duration::from_ms(30000)), Duration::from_ms(1000));
  EXPECT_EQ(heartbeat_period_for(Duration::from_ms(1500)), Duration::from_ms(500));
  EXPECT_EQ(heartbeat_period_for(Duration::from_ms(1000)), Duration::from_us(333'333));
  EXPECT_EQ(heartbeat_period_for(Duration{}), Duration::from_us(166'666));
  for (int ms = 500; ms <= 30000; ms += 250) {
    const Duration timeout = Duration::from_ms(ms);
    EXPECT_LE(heartbeat_period_for(timeout) * 3, timeout) << ms;
  }
}

TEST(HeartbeatWatchdog, NotArmedNeverLost) {
  HeartbeatWatchdog dog(Duration::from_ms(3000));
  EXPECT_FALSE(dog.lost(at_ms(1'000'000)));
}

TEST(HeartbeatWatchdog, LostOnlyAfterTheWholeTimeout) {
  HeartbeatWatchdog dog(Duration::from_ms(3000));
  dog.arm(at_ms(1000));
  EXPECT_FALSE(dog.lost(at_ms(4000)));  // exactly the timeout: still alive
  EXPECT_TRUE(dog.lost(at_ms(4001)));
}

TEST(HeartbeatWatchdog, EachFrameRestartsTheWait) {
  HeartbeatWatchdog dog(Duration::from_ms(3000));
  dog.arm(at_ms(0));
  for (std::int64_t t = 1000; t <= 20000; t += 1000) {
    dog.feed(at_ms(t));
    EXPECT_FALSE(dog.lost(at_ms(t + 2999)));
  }
  EXPECT_TRUE(dog.lost(at_ms(23001)));
  dog.feed(at_ms(23002));  // the peer is back
  EXPECT_FALSE(dog.lost(at_ms(23002)));
}

TEST(HeartbeatWatchdog, AFrameStampedEarlierDoesNotMoveTheClockBack) {
  HeartbeatWatchdog dog(Duration::from_ms(3000));
  dog.arm(at_ms(5000));
  dog.feed(at_ms(4000));
  EXPECT_EQ(dog.last_seen(), at_ms(5000));
}

TEST(HostWatchdog, MarksTheReadingsWhileTheHostIsSilent) {
  HostWatchdog dog(Duration::from_ms(1000));
  dog.arm(at_ms(0));
  core::Readings in(core::Pressure::mmhg(150.0f));
  dog.mark(at_ms(900), in);
  EXPECT_FALSE(in.host_heartbeat_lost);
  dog.mark(at_ms(1001), in);
  EXPECT_TRUE(in.host_heartbeat_lost);
  dog.mark(at_ms(1500), in);
  EXPECT_TRUE(in.host_heartbeat_lost);
  EXPECT_EQ(dog.losses(), 1u);
  dog.feed(at_ms(1600));
  dog.mark(at_ms(1601), in);
  EXPECT_FALSE(in.host_heartbeat_lost);
  dog.mark(at_ms(2700), in);
  EXPECT_EQ(dog.losses(), 2u);
}

TEST(HostWatchdog, TheControllerDeflatesWhenTheHostIsLost) {
  // The whole device-side path: a measurement under way, the host falls
  // silent, the watchdog flags the readings and the core's supervisor takes
  // the cuff down.
  core::CuffController controller{core::ControllerConfig{}};
  HostWatchdog dog;  // 3 s
  TimePoint now = at_ms(0);
  dog.arm(now);
  core::Readings in(core::Pressure::mmhg(2.0f));
  core::Command measure;
  measure.kind = core::CommandKind::kMeasureLop;
  dog.mark(now, in);
  core::Outputs out = controller.step(now, measure, in);
  EXPECT_EQ(out.phase, core::Phase::kMeasuringLop);

  bool lost_seen = false;
  for (int i = 1; i <= 400 && !lost_seen; ++i) {  // 4 s at 100 Hz, no frame from the host
    now = at_ms(i * 10);
    in.cuff = core::Pressure::mmhg(25.0f);
    dog.mark(now, in);
    out = controller.step(now, core::Command{}, in);
    lost_seen = out.alarms.has(core::Alarm::kHostHeartbeatLost);
    if (!lost_seen) {
      EXPECT_FALSE(in.host_heartbeat_lost) << i;
    }
  }
  ASSERT_TRUE(lost_seen);
  EXPECT_GT(now, at_ms(3000));
  EXPECT_LE(now, at_ms(3010));
  EXPECT_NE(out.phase, core::Phase::kMeasuringLop);
  EXPECT_TRUE(out.actuators.vent_open);
  EXPECT_EQ(out.actuators.pump_duty.value(), 0.0f);
}

TEST(DeviceWatchdog, ReportsEachLossOnce) {
  DeviceWatchdog dog;  // 3 s
  dog.arm(at_ms(0));
  EXPECT_FALSE(dog.poll(at_ms(3000)));
  EXPECT_TRUE(dog.poll(at_ms(3001)));
  EXPECT_FALSE(dog.poll(at_ms(3500)));  // still lost, already reported
  EXPECT_TRUE(dog.lost(at_ms(3500)));
  dog.feed(at_ms(4000));
  EXPECT_FALSE(dog.poll(at_ms(4000)));
  EXPECT_TRUE(dog.poll(at_ms(7001)));  // a second loss is a second report
}

}  // namespace
}  // namespace bfr::link

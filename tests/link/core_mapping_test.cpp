// Between link messages and the controller's commands and outputs.

#include "link/core_mapping.hpp"

#include <gtest/gtest.h>

#include <array>

#include "link/message_codec.hpp"

namespace bfr::link {
namespace {

TEST(CoreMapping, EveryCommandKindHasItsMessageAndBack) {
  for (core::CommandKind kind :
       {core::CommandKind::kMeasureLop, core::CommandKind::kStartExercise,
        core::CommandKind::kEndSet, core::CommandKind::kStop, core::CommandKind::kEmergencyStop,
        core::CommandKind::kReset, core::CommandKind::kBeginSession, core::CommandKind::kSetTarget,
        core::CommandKind::kConfigureLimits}) {
    core::Command c;
    c.kind = kind;
    c.plan.set_count = 3;
    c.plan.target_reps[2] = 11;
    c.target_share = core::Fraction(0.45f);
    c.limits.hard_cap = core::Pressure::mmhg(210.0f);
    c.limb = core::LimbSegment::kUpperArm;
    Body body;
    ASSERT_TRUE(command_body(c, body)) << static_cast<int>(kind);
    const core::Command back = to_command(body);
    EXPECT_EQ(back.kind, kind);
    if (kind == core::CommandKind::kStartExercise) {
      EXPECT_EQ(back.plan.set_count, 3);
      EXPECT_EQ(back.plan.target_reps[2], 11);
    }
    if (kind == core::CommandKind::kMeasureLop) {
      EXPECT_EQ(back.limb, core::LimbSegment::kUpperArm);
    }
    if (kind == core::CommandKind::kSetTarget) {
      EXPECT_EQ(back.target_share.value(), 0.45f);
    }
    if (kind == core::CommandKind::kConfigureLimits) {
      EXPECT_EQ(back.limits.hard_cap, core::Pressure::mmhg(210.0f));
    }
  }
}

TEST(CoreMapping, NoCommandHasNoMessage) {
  Body body = Heartbeat{};
  EXPECT_FALSE(command_body(core::Command{}, body));
  EXPECT_TRUE(std::holds_alternative<Heartbeat>(body));  // untouched
  EXPECT_EQ(to_command(Telemetry{}).kind, core::CommandKind::kNone);
  EXPECT_EQ(to_command(Ack{}).kind, core::CommandKind::kNone);
}

TEST(CoreMapping, TelemetryCarriesTheStep) {
  core::Outputs out;
  out.phase = core::Phase::kExercise;
  out.set_index = 2;
  out.target = core::Pressure::mmhg(140.0f);
  out.alarms.raise(core::Alarm::kHostHeartbeatLost);
  out.actuators = core::Actuators::hold();
  out.lop_progress = core::Fraction(0.25f);
  out.reps = 7;
  core::Event e;
  e.kind = core::EventKind::kSetStarted;
  e.set_index = 2;
  out.events.push(e);
  core::Readings in(core::Pressure::mmhg(139.2f), false);

  const Telemetry t = make_telemetry(core::TimePoint::from_us(77), out, in);
  EXPECT_EQ(t.device_time.us(), 77);
  EXPECT_EQ(t.cuff.mmhg(), 139.2f);
  EXPECT_EQ(t.target.mmhg(), 140.0f);
  EXPECT_EQ(t.phase, core::Phase::kExercise);
  EXPECT_EQ(t.set_index, 2);
  EXPECT_TRUE(t.alarms.has(core::Alarm::kHostHeartbeatLost));
  EXPECT_FALSE(t.vent_open);
  EXPECT_TRUE(t.sensor_fault);
  EXPECT_EQ(t.lop_progress.value(), 0.25f);
  EXPECT_EQ(t.rep_count, 7);
  ASSERT_EQ(t.event_count, 1);
  EXPECT_EQ(t.events[0].kind, core::EventKind::kSetStarted);
  EXPECT_EQ(t.events_dropped, 0);

  // And it is a valid message: every alarm the core has fits its bits.
  std::array<std::uint8_t, kMaxMessageSize> buf{};
  EXPECT_TRUE(encode_message({0, 0, t}, buf).ok());
}

TEST(CoreMapping, EventsTheControllerDroppedAreCounted) {
  core::Outputs out;
  for (int i = 0; i < 11; ++i) out.events.push(core::Event{});  // 8 kept, 3 dropped
  const Telemetry t = make_telemetry(core::TimePoint{}, out, core::Readings{});
  EXPECT_EQ(t.event_count, 8);
  EXPECT_EQ(t.events_dropped, 3);
}

TEST(CoreMapping, EveryAlarmFitsTheTelemetryBits) {
  Telemetry t;
  for (int a = 0; a < static_cast<int>(core::Alarm::kCount); ++a) {
    t.alarms.raise(static_cast<core::Alarm>(a));
  }
  std::array<std::uint8_t, kMaxMessageSize> buf{};
  const EncodeResult r = encode_message({0, 0, t}, buf);
  ASSERT_TRUE(r.ok());
  const ParseResult p = parse_message(std::span<const std::uint8_t>(buf.data(), r.size));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(std::get<Telemetry>(p.message.body).alarms.bits(), t.alarms.bits());
}

}  // namespace
}  // namespace bfr::link

// The hardware device with a replayed sensor and recorded output lines: a
// sequence of readings drives the real controller; the lines follow its
// actuator commands step for step (checked against a second controller fed
// the same readings), and a sensor or output fault vents.

#include "hardware/hardware_device.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "recording_outputs.hpp"
#include "replay_i2c_bus.hpp"

namespace bfr::hardware {
namespace {

using core::Alarm;
using core::Command;
using core::CommandKind;
using testing::RecordedLines;
using testing::RecordingOutputs;
using testing::ReplayI2cBus;

using testing::kMprlsAddress;
using testing::kMprlsMeasure;

// The transfer function A inverse for the 0-300 mmHg part, written out:
// counts = 1677722 + p * (15099494 - 1677722) / 300.
std::vector<std::uint8_t> reply_for(double mmhg, std::uint8_t status = 0x40) {
  const auto counts =
      static_cast<std::uint32_t>(std::lround(1677722.0 + mmhg * 13421772.0 / 300.0));
  return {status, static_cast<std::uint8_t>(counts >> 16), static_cast<std::uint8_t>(counts >> 8),
          static_cast<std::uint8_t>(counts)};
}

struct Rig {
  ReplayI2cBus* bus = nullptr;
  RecordedLines lines;
  std::int64_t clock_us = 0;
  std::unique_ptr<HardwareDevice> device;

  explicit Rig(const HardwareDeviceConfig& config = {}, void (*script)(ReplayI2cBus&) = nullptr) {
    auto replay = std::make_unique<ReplayI2cBus>();
    bus = replay.get();
    if (script != nullptr) script(*bus);
    device = std::make_unique<HardwareDevice>(
        std::move(replay), std::make_unique<RecordingOutputs>(lines), config,
        [this] {
          clock_us += 10'000;  // one 100 Hz period per exchange
          return core::TimePoint::from_us(clock_us);
        },
        [](std::chrono::microseconds) {});
    // The first exchange starts a conversion, unless the zeroing left one running.
    if (config.zero_samples == 0) bus->expect_write(kMprlsAddress, kMprlsMeasure);
  }
  // The reply the next exchange reads, and the conversion it starts after.
  void next_reading(const std::vector<std::uint8_t>& reply) {
    bus->expect_read(kMprlsAddress, reply);
    bus->expect_write(kMprlsAddress, kMprlsMeasure);
  }
};

core::ExercisePlan plan() {
  return core::standard_plan(core::Pressure::mmhg(200), core::Fraction(0.8f),
                             core::Duration::from_seconds(30.0f));
}

TEST(HardwareDevice, AnnouncesItsSensorAndStartsWithSafeLines) {
  Rig rig;
  EXPECT_EQ(rig.device->sensor_kind(), device::PressureSensorKind::kHoneywellMprls);
  EXPECT_EQ(rig.lines.current, safe_output_levels());
  EXPECT_GE(rig.lines.safe_calls, 1);
  EXPECT_EQ(rig.device->frame_period(), core::Duration::from_ms(10));
}

TEST(HardwareDevice, LinesFollowTheControllerThroughAnInflation) {
  Rig rig;
  core::CuffController reference{core::ControllerConfig{}};
  Command command{CommandKind::kStartExercise, plan()};
  bool pumped_with_vent_shut = false;
  bool reached_exercise = false;
  // A cuff rising 1.5 mmHg per period to the 160 mmHg target, then held.
  for (int step = 0; step < 300; ++step) {
    const double mmhg = std::min(160.0, 1.5 * step);
    rig.next_reading(reply_for(mmhg));
    const device::Telemetry t = rig.device->exchange(command);
    ASSERT_NEAR(t.cuff.mmhg(), mmhg, 0.01) << step;
    const core::Outputs expected = reference.step(t.at, command, core::Readings{t.cuff});
    command = {};
    ASSERT_EQ(rig.lines.applied.size(), static_cast<std::size_t>(step + 1));
    ASSERT_EQ(rig.lines.applied.back(), to_output_levels(expected.actuators)) << step;
    ASSERT_EQ(t.outputs.phase, expected.phase) << step;
    ASSERT_FALSE(t.outputs.alarms.any()) << step;
    const OutputLevels& l = rig.lines.applied.back();
    if (l.pump_duty > 0 && l.vent_valve_energised && l.pump_supply_on) pumped_with_vent_shut = true;
    if (t.outputs.phase == core::Phase::kExercise) reached_exercise = true;
  }
  EXPECT_TRUE(pumped_with_vent_shut);
  EXPECT_TRUE(reached_exercise);
  EXPECT_TRUE(rig.bus->mismatches().empty());
}

// Inflates for a second, then gives the device a bad reading of some kind.
void inflate_then(Rig& rig, const std::function<void(Rig&)>& bad_reading) {
  Command command{CommandKind::kStartExercise, plan()};
  for (int step = 0; step < 100; ++step) {
    rig.next_reading(reply_for(1.5 * step));
    rig.device->exchange(command);
    command = {};
  }
  ASSERT_TRUE(rig.lines.current.vent_valve_energised);
  bad_reading(rig);
}

void expect_vented_for_sensor_fault(const device::Telemetry& t, const RecordedLines& lines) {
  EXPECT_TRUE(t.outputs.alarms.has(Alarm::kSensorFault));
  EXPECT_EQ(t.outputs.phase, core::Phase::kSafeState);
  EXPECT_FALSE(lines.current.vent_valve_energised);
  EXPECT_FALSE(lines.current.pump_supply_on);
  EXPECT_EQ(lines.current.pump_duty, 0.0f);
}

TEST(HardwareDevice, ABadStatusByteVents) {
  Rig rig;
  inflate_then(rig, [](Rig& r) { r.next_reading(reply_for(150.0, 0x44)); });
  const device::Telemetry t = rig.device->exchange({});
  expect_vented_for_sensor_fault(t, rig.lines);
  EXPECT_NE(rig.device->last_fault().find("memory integrity"), std::string::npos);
  // The faulty reading's value is not passed on as the cuff's.
  EXPECT_NEAR(t.cuff.mmhg(), 1.5 * 99, 0.01);
}

TEST(HardwareDevice, AnI2cErrorVents) {
  Rig rig;
  inflate_then(rig, [](Rig& r) {
    r.bus->fail_read(kMprlsAddress);
    r.bus->expect_write(kMprlsAddress, kMprlsMeasure);
  });
  const device::Telemetry t = rig.device->exchange({});
  expect_vented_for_sensor_fault(t, rig.lines);
  EXPECT_EQ(rig.device->last_fault(), "replayed: remote I/O error");
}

TEST(HardwareDevice, AnOutputFailureMakesEveryLineSafeForGood) {
  Rig rig;
  inflate_then(rig, [](Rig& r) {
    r.lines.fail_next_apply = true;
    r.next_reading(reply_for(150.0));
  });
  rig.device->exchange({});
  EXPECT_TRUE(rig.device->outputs_failed());
  EXPECT_EQ(rig.lines.current, safe_output_levels());
  EXPECT_NE(rig.device->last_fault().find("line 17"), std::string::npos);
  // The controller hears of it as a driver fault and goes to its safe state;
  // the lines are not driven again.
  const std::size_t applied = rig.lines.applied.size();
  rig.next_reading(reply_for(150.0));
  const device::Telemetry t = rig.device->exchange({});
  EXPECT_TRUE(t.outputs.alarms.has(Alarm::kSensorFault));
  EXPECT_EQ(rig.lines.applied.size(), applied);
  EXPECT_EQ(rig.lines.current, safe_output_levels());
}

TEST(HardwareDevice, TheHostHeartbeatVerdictReachesTheController) {
  Rig rig;
  rig.next_reading(reply_for(0.0));
  EXPECT_FALSE(rig.device->exchange({}).outputs.alarms.has(Alarm::kHostHeartbeatLost));
  rig.device->set_host_heartbeat_lost(true);
  rig.next_reading(reply_for(0.0));
  EXPECT_TRUE(rig.device->exchange({}).outputs.alarms.has(Alarm::kHostHeartbeatLost));
}

TEST(HardwareDevice, DestructionLeavesTheLinesSafe) {
  Rig rig;
  inflate_then(rig, [](Rig&) {});
  ASSERT_NE(rig.lines.current, safe_output_levels());
  rig.device.reset();
  EXPECT_EQ(rig.lines.current, safe_output_levels());
}

TEST(HardwareDevice, TakesTheSensorZeroAtStartWhenAsked) {
  HardwareDeviceConfig config;
  config.zero_samples = 2;
  Rig rig(config, [](ReplayI2cBus& bus) {
    bus.expect_write(kMprlsAddress, kMprlsMeasure);
    bus.expect_read(kMprlsAddress, reply_for(3.0));
    bus.expect_write(kMprlsAddress, kMprlsMeasure);
    bus.expect_read(kMprlsAddress, reply_for(5.0));
    bus.expect_write(kMprlsAddress, kMprlsMeasure);
  });
  EXPECT_NEAR(rig.device->sensor_zero().mmhg(), 4.0f, 0.01f);
  // Readings from then on are taken from that zero.
  rig.next_reading(reply_for(104.0));
  EXPECT_NEAR(rig.device->exchange({}).cuff.mmhg(), 100.0f, 0.01f);
  EXPECT_TRUE(rig.bus->mismatches().empty());
}

TEST(HardwareDevice, AZeroThatCannotBeTakenIsAClearErrorWithTheLinesSafe) {
  RecordedLines lines;
  auto bus = std::make_unique<ReplayI2cBus>();
  bus->expect_write(kMprlsAddress, kMprlsMeasure);
  bus->expect_read(kMprlsAddress, reply_for(3.0, 0x00));  // not powered
  bus->expect_write(kMprlsAddress, kMprlsMeasure);
  HardwareDeviceConfig config;
  config.zero_samples = 4;
  try {
    HardwareDevice device(std::move(bus), std::make_unique<RecordingOutputs>(lines), config,
                          steady_controller_clock(), [](std::chrono::microseconds) {});
    FAIL() << "the zero should have failed";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot take the sensor's zero"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("not powered"), std::string::npos);
  }
  EXPECT_EQ(lines.current, safe_output_levels());
}

}  // namespace
}  // namespace bfr::hardware

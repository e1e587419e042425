// The device server against a scripted host over a socket pair: Hello and
// Capabilities, commands and their Acks and Errors, malformed frames,
// telemetry at the controller's rate, the host watchdog on the wall clock,
// and the cuff deflated on stop.

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "link/framing.hpp"
#include "link/heartbeat_watchdog.hpp"
#include "tests/runtime/scripted_host.hpp"
#include "tests/runtime/server_rig.hpp"

namespace bfr::runtime {
namespace {

using namespace std::chrono_literals;
using testing::is_type;
using testing::ScriptedHost;
using testing::ServerRig;
using testing::telemetry_of;
using Clock = std::chrono::steady_clock;

using testing::kAnswer;

std::optional<link::Message> hello(ScriptedHost& host, core::Duration timeout) {
  host.send(link::Hello{timeout});
  return host.wait_for(
      [](const link::Message& m) { return is_type(m, link::MessageType::kCapabilities); }, kAnswer);
}

// The answer (Ack or Error) to the message with this sequence number.
std::optional<link::Message> answer_to(ScriptedHost& host, std::uint16_t sequence) {
  return host.wait_for(
      [sequence](const link::Message& m) {
        if (const auto* ack = std::get_if<link::Ack>(&m.body)) {
          return ack->acked_sequence == sequence;
        }
        if (const auto* error = std::get_if<link::Error>(&m.body)) {
          return error->acked_sequence == sequence;
        }
        return false;
      },
      kAnswer);
}

link::Error expect_error(ScriptedHost& host, std::uint16_t sequence) {
  const auto answer = answer_to(host, sequence);
  EXPECT_TRUE(answer.has_value());
  if (!answer) return {};
  const auto* error = std::get_if<link::Error>(&answer->body);
  EXPECT_NE(error, nullptr) << "expected Error, got "
                            << link::to_string(link::type_of(answer->body));
  return error != nullptr ? *error : link::Error{};
}

bool any_phase_other_than_idle(const std::vector<link::Message>& messages) {
  for (const auto& m : messages) {
    if (const auto* t = std::get_if<link::Telemetry>(&m.body)) {
      if (t->phase != core::Phase::kIdle) return true;
    }
  }
  return false;
}

// Frames raw message bytes (header and payload as given, CRC computed).
std::vector<std::uint8_t> frame_of(std::vector<std::uint8_t> message) {
  std::array<std::uint8_t, link::kMaxWireFrame> out{};
  const std::size_t n = link::encode_frame(message, out);
  return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n)};
}

TEST(DeviceServer, AnswersHelloWithItsCapabilities) {
  ServerRig rig;
  rig.serve_pair();
  ScriptedHost host(rig.host());
  const auto caps_message = hello(host, core::Duration::from_ms(200));
  ASSERT_TRUE(caps_message.has_value());
  EXPECT_EQ(caps_message->cuff, link::kNoCuff);
  const auto& caps = std::get<link::Capabilities>(caps_message->body);
  EXPECT_EQ(caps.cuff_count, 1);
  EXPECT_EQ(caps.sensor, link::SensorType::kSimulated);
  // The core's defaults (core/safety_limits.hpp): 300 mmHg, 20 min.
  EXPECT_FLOAT_EQ(caps.pressure_cap.mmhg(), 300.0f);
  EXPECT_EQ(caps.max_inflation.ms(), 20 * 60 * 1000);
  EXPECT_EQ(caps.telemetry_rate_hz, 100);
  // 200 ms asked: clamped to the protocol's 500 ms minimum.
  EXPECT_EQ(caps.host_timeout.ms(), 500);

  // A second Hello starts over with the device's default (3 s).
  const auto again = hello(host, core::Duration{});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(std::get<link::Capabilities>(again->body).host_timeout.ms(), 3000);
}

TEST(DeviceServer, RefusesACommandBeforeHelloAndRunsNothing) {
  ServerRig rig;
  rig.serve_pair();
  ScriptedHost host(rig.host());
  const std::uint16_t seq = host.send(link::MeasureLop{}, 0);
  const link::Error error = expect_error(host, seq);
  EXPECT_EQ(error.code, link::ErrorCode::kNotConnected);
  EXPECT_EQ(error.acked_type, static_cast<std::uint8_t>(link::MessageType::kMeasureLop));
  ASSERT_TRUE(hello(host, core::Duration::from_ms(3000)).has_value());
  host.pump(300ms);
  EXPECT_FALSE(any_phase_other_than_idle(host.received()));
  EXPECT_EQ(rig.server().status().commands_run, 0u);
}

TEST(DeviceServer, AcknowledgesACommandAndHandsItToTheController) {
  ServerRig rig;
  rig.serve_pair();
  ScriptedHost host(rig.host());
  ASSERT_TRUE(hello(host, core::Duration::from_ms(3000)).has_value());
  const std::uint16_t seq = host.send(link::MeasureLop{}, 0);
  const auto answer = answer_to(host, seq);
  ASSERT_TRUE(answer.has_value());
  ASSERT_TRUE(std::holds_alternative<link::Ack>(answer->body));
  EXPECT_EQ(std::get<link::Ack>(answer->body).acked_type,
            static_cast<std::uint8_t>(link::MessageType::kMeasureLop));
  EXPECT_EQ(answer->cuff, 0);
  const auto measuring = host.wait_for(
      [](const link::Message& m) {
        const auto* t = telemetry_of(m, 0);
        return t != nullptr && t->phase == core::Phase::kMeasuringLop;
      },
      kAnswer);
  EXPECT_TRUE(measuring.has_value());
}

TEST(DeviceServer, AcknowledgesARetransmissionWithoutRunningItTwice) {
  ServerRig rig;
  rig.serve_pair();
  ScriptedHost host(rig.host());
  ASSERT_TRUE(hello(host, core::Duration::from_ms(3000)).has_value());
  host.send_heartbeats = false;  // the retransmission must be the last frame sent
  const std::uint16_t seq = host.send(link::MeasureLop{}, 0);
  ASSERT_TRUE(answer_to(host, seq).has_value());
  host.resend_last();
  const auto second = answer_to(host, seq);
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(std::holds_alternative<link::Ack>(second->body));
  // The status is published once per loop: wait for it to show the repeat.
  const auto deadline = Clock::now() + kAnswer;
  while (rig.server().status().command_repeats == 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  const DeviceServerStatus status = rig.server().status();
  EXPECT_EQ(status.commands_run, 1u);
  EXPECT_EQ(status.command_repeats, 1u);
}

TEST(DeviceServer, CountsAndAnswersMalformedFramesAndNeverActsOnThem) {
  ServerRig rig;
  rig.serve_pair();
  ScriptedHost host(rig.host());
  ASSERT_TRUE(hello(host, core::Duration::from_ms(3000)).has_value());
  host.send_heartbeats = false;

  // MeasureLop (0x10, sequence 0x0100, cuff 0) with a payload byte too many
  // (its one byte names the limb, 0: not named).
  ASSERT_TRUE(host.send_raw(frame_of({0x02, 0x10, 0x00, 0x01, 0x00, 0x00, 0x55})));
  link::Error e = expect_error(host, 0x0100);
  EXPECT_EQ(e.code, link::ErrorCode::kBadLength);
  EXPECT_EQ(e.acked_type, 0x10);

  // An unknown type.
  ASSERT_TRUE(host.send_raw(frame_of({0x02, 0x7E, 0x01, 0x01, 0xFF})));
  e = expect_error(host, 0x0101);
  EXPECT_EQ(e.code, link::ErrorCode::kUnknownType);
  EXPECT_EQ(e.acked_type, 0x7E);

  // MeasureLop for cuff 5: no device has it.
  ASSERT_TRUE(host.send_raw(frame_of({0x02, 0x10, 0x02, 0x01, 0x05, 0x00})));
  e = expect_error(host, 0x0102);
  EXPECT_EQ(e.code, link::ErrorCode::kNoSuchCuff);

  // A good MeasureLop with one bit flipped on the wire: a bad CRC, not
  // answered (its header cannot be trusted).
  std::vector<std::uint8_t> corrupt = frame_of({0x02, 0x10, 0x03, 0x01, 0x00, 0x00});
  corrupt[2] ^= 0x04;
  ASSERT_TRUE(host.send_raw(corrupt));

  host.pump(500ms);
  for (const auto& m : host.received()) {
    if (const auto* error = std::get_if<link::Error>(&m.body)) {
      EXPECT_NE(error->acked_sequence, 0x0103) << "a frame with a bad CRC was answered";
    }
  }
  EXPECT_FALSE(any_phase_other_than_idle(host.received()));
  const DeviceServerStatus status = rig.server().status();
  EXPECT_EQ(status.commands_run, 0u);
  EXPECT_EQ(status.malformed.bad_length, 1u);
  EXPECT_EQ(status.malformed.unknown_type, 1u);
  EXPECT_EQ(status.malformed.bad_value, 1u);
  EXPECT_EQ(status.malformed.bad_crc, 1u);
  EXPECT_EQ(status.malformed.total(), 4u);
}

TEST(DeviceServer, RefusesTheSecondCuffOnAOneCuffDevice) {
  ServerRig rig;
  rig.serve_pair();
  ScriptedHost host(rig.host());
  ASSERT_TRUE(hello(host, core::Duration::from_ms(3000)).has_value());
  const std::uint16_t seq = host.send(link::MeasureLop{}, 1);
  EXPECT_EQ(expect_error(host, seq).code, link::ErrorCode::kNoSuchCuff);
  EXPECT_EQ(rig.server().status().commands_run, 0u);
}

TEST(DeviceServer, RefusesDeviceMessagesSentToIt) {
  ServerRig rig;
  rig.serve_pair();
  ScriptedHost host(rig.host());
  ASSERT_TRUE(hello(host, core::Duration::from_ms(3000)).has_value());
  const std::uint16_t seq = host.send(link::Telemetry{}, 0);
  EXPECT_EQ(expect_error(host, seq).code, link::ErrorCode::kWrongDirection);
}

TEST(DeviceServer, SendsTelemetryEveryPeriodAndHeartbeats) {
  ServerRig rig;
  rig.serve_pair();
  ScriptedHost host(rig.host());
  ASSERT_TRUE(hello(host, core::Duration::from_ms(3000)).has_value());
  host.clear_received();
  const auto start = Clock::now();
  host.pump(2000ms);
  const double wall_s = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<core::TimePoint> times;
  int heartbeats = 0;
  for (const auto& m : host.received()) {
    if (const auto* t = telemetry_of(m, 0)) times.push_back(t->device_time);
    if (is_type(m, link::MessageType::kHeartbeat)) ++heartbeats;
  }
  ASSERT_GT(times.size(), 10u);
  // One frame per controller step: device time moves 10 ms per frame, none missing.
  for (std::size_t i = 1; i < times.size(); ++i) {
    ASSERT_EQ((times[i] - times[i - 1]).us(), 10000) << "frame " << i;
  }
  const double rate = static_cast<double>(times.size()) / wall_s;
  std::printf("telemetry: %zu frames in %.2f s of wall time = %.1f Hz\n", times.size(), wall_s,
              rate);
  // Measured, with room for a loaded machine; the period itself is checked above.
  EXPECT_GT(rate, 40.0);
  EXPECT_LT(rate, 160.0);
  EXPECT_GE(heartbeats, 1);
  EXPECT_EQ(host.decoder().malformed().total(), 0u);
}

TEST(DeviceServer, HostWatchdogStaysOnTheWallClockWhenDeviceTimeRunsFaster) {
  DeviceServerConfig config;
  config.speed = 5;
  ServerRig rig(1, config);
  rig.serve_pair();
  ScriptedHost host(rig.host());
  ASSERT_TRUE(hello(host, core::Duration::from_ms(1000)).has_value());
  host.send(link::StartExercise{testing::test_plan(0.5f, {40})}, 0);
  const auto up = host.wait_for(
      [](const link::Message& m) {
        const auto* t = telemetry_of(m, 0);
        return t != nullptr && t->cuff.mmhg() > 60.0f;
      },
      20000ms);
  ASSERT_TRUE(up.has_value()) << "the cuff never inflated";

  // The host falls silent after one last heartbeat: the device cannot have
  // heard from it later than this.
  host.send_heartbeats = false;
  const auto silent_from = Clock::now();
  host.heartbeat();
  const core::TimePoint device_from = std::get<link::Telemetry>(up->body).device_time;
  const auto lost = host.wait_for(
      [](const link::Message& m) {
        const auto* t = telemetry_of(m, 0);
        return t != nullptr && t->alarms.has(core::Alarm::kHostHeartbeatLost);
      },
      20000ms);
  ASSERT_TRUE(lost.has_value());
  const double wall_s = std::chrono::duration<double>(Clock::now() - silent_from).count();
  const double device_s =
      (std::get<link::Telemetry>(lost->body).device_time - device_from).seconds();
  std::printf("host lost after %.2f s of wall time, %.2f s of device time (speed 5)\n", wall_s,
              device_s);
  // The timeout is the host's 1 s of wall time, not 1 s of device time.
  EXPECT_GE(wall_s, 1.0);
  EXPECT_GT(device_s, 2.0);

  const auto down = host.wait_for(
      [](const link::Message& m) {
        const auto* t = telemetry_of(m, 0);
        return t != nullptr && t->cuff.mmhg() < 20.0f;
      },
      20000ms);
  EXPECT_TRUE(down.has_value()) << "the cuff did not deflate without its host";
  EXPECT_GE(rig.server().status().host_losses, 1u);
}

TEST(DeviceServer, StopDeflatesTheCuffBeforeReturning) {
  DeviceServerConfig config;
  config.speed = 5;
  ServerRig rig(1, config);
  rig.serve_pair();
  ScriptedHost host(rig.host());
  ASSERT_TRUE(hello(host, core::Duration::from_ms(3000)).has_value());
  host.send(link::StartExercise{testing::test_plan(0.5f, {40})}, 0);
  ASSERT_TRUE(host.wait_for(
                      [](const link::Message& m) {
                        const auto* t = telemetry_of(m, 0);
                        return t != nullptr && t->cuff.mmhg() > 60.0f;
                      },
                      20000ms)
                  .has_value());
  rig.stop();
  EXPECT_TRUE(rig.server().ended_deflated());
  const DeviceServerStatus status = rig.server().status();
  ASSERT_EQ(status.cuffs.size(), 1u);
  EXPECT_LT(status.cuffs[0].cuff.mmhg(), 20.0f);
  EXPECT_NE(status.cuffs[0].phase, core::Phase::kExercise);
}

TEST(DeviceServer, SendsTheLopResultAndResendsItUntilAcknowledged) {
  DeviceServerConfig config;
  config.speed = 10;
  ServerRig rig(1, config);
  rig.serve_pair();
  ScriptedHost host(rig.host());
  ASSERT_TRUE(hello(host, core::Duration::from_ms(3000)).has_value());
  host.send(link::MeasureLop{}, 0);
  const auto result = host.wait_for(
      [](const link::Message& m) { return is_type(m, link::MessageType::kLopResult); }, 20000ms);
  ASSERT_TRUE(result.has_value()) << "no LopResult";
  const auto& lop = std::get<link::LopResultMessage>(result->body);
  EXPECT_EQ(result->cuff, 0);
  ASSERT_EQ(lop.failure, core::LopFailure::kNone);
  // A plausible thigh LOP; its accuracy is the LOP tests' business.
  EXPECT_GT(lop.result.lop.mmhg(), 100.0f);
  EXPECT_LT(lop.result.lop.mmhg(), 250.0f);

  // Not acknowledged: sent again with the same number, three more times.
  host.pump(1500ms);
  int copies = 0;
  for (const auto& m : host.received()) {
    if (is_type(m, link::MessageType::kLopResult) && m.sequence == result->sequence) ++copies;
  }
  EXPECT_EQ(copies, 4);
}

TEST(DeviceServer, RejectsConfigurationsItCannotServe) {
  EXPECT_THROW(DeviceServer({}, {}), std::invalid_argument);
  DeviceServerConfig bad_speed;
  bad_speed.speed = 0;
  EXPECT_THROW(ServerRig(1, bad_speed), std::invalid_argument);
  DeviceServerConfig bad_trace;
  bad_trace.trace_path = "/nonexistent-dir/trace.csv";
  EXPECT_THROW(ServerRig(1, bad_trace), std::invalid_argument);
}

}  // namespace
}  // namespace bfr::runtime

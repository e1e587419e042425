// End to end over real transports: a short exercise (two sets of three
// reps, short rests, device time five times the wall clock) driven by a
// scripted host over TCP and over a pseudo-terminal; two cuffs regulated to
// their own targets; a host that disconnects, the device deflating on its
// own and serving the next host; a second host turned away.

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <thread>

#include "link/sequence.hpp"
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

DeviceServerConfig fast() {
  DeviceServerConfig config;
  config.speed = 5;
  return config;
}

std::unique_ptr<ChannelListener> listen_or_fail(const std::string& address) {
  std::string error;
  auto listener = listen_channel(address, error);
  EXPECT_NE(listener, nullptr) << error;
  return listener;
}

std::unique_ptr<ByteChannel> connect_or_fail(const std::string& address) {
  std::string error;
  auto channel = connect_channel(address, error);
  EXPECT_NE(channel, nullptr) << error;
  return channel;
}

bool says_hello(ScriptedHost& host, core::Duration timeout) {
  host.send(link::Hello{timeout});
  return host
      .wait_for([](const link::Message& m) { return is_type(m, link::MessageType::kCapabilities); },
                kAnswer)
      .has_value();
}

bool cuff_above(const link::Message& m, std::uint8_t cuff, float mmhg) {
  const auto* t = telemetry_of(m, cuff);
  return t != nullptr && t->cuff.mmhg() > mmhg;
}

class ShortExercise : public ::testing::TestWithParam<const char*> {};

TEST_P(ShortExercise, RunsToTheEndAndDeflates) {
  ServerRig rig(1, fast());
  auto listener = listen_or_fail(GetParam());
  ASSERT_NE(listener, nullptr);
  const std::string address = listener->address();
  rig.serve(std::move(listener));
  auto channel = connect_or_fail(address);
  ASSERT_NE(channel, nullptr);
  ScriptedHost host(*channel);
  ASSERT_TRUE(says_hello(host, core::Duration::from_ms(2000)));

  const core::ExercisePlan plan = testing::test_plan(0.5f, {3, 3});
  host.send(link::StartExercise{plan}, 0);
  bool exercised = false;
  const auto done = host.wait_for(
      [&exercised](const link::Message& m) {
        const auto* t = telemetry_of(m, 0);
        if (t == nullptr) return false;
        if (t->phase == core::Phase::kExercise) exercised = true;
        return exercised && t->phase == core::Phase::kIdle;
      },
      25000ms);
  ASSERT_TRUE(done.has_value()) << "the exercise did not end over " << address;

  std::set<int> started;
  std::set<int> ended;
  std::set<core::Phase> phases;
  float peak = 0;
  std::uint32_t alarms = 0;
  link::SequenceTracker sequence;
  for (const auto& m : host.received()) {
    sequence.observe(m.sequence);
    const auto* t = telemetry_of(m, 0);
    if (t == nullptr) continue;
    phases.insert(t->phase);
    peak = std::max(peak, t->cuff.mmhg());
    alarms |= t->alarms.bits();
    for (std::size_t i = 0; i < t->event_count; ++i) {
      if (t->events[i].kind == core::EventKind::kSetStarted) started.insert(t->events[i].set_index);
      if (t->events[i].kind == core::EventKind::kSetEnded) ended.insert(t->events[i].set_index);
    }
  }
  EXPECT_EQ(started, (std::set<int>{0, 1}));
  EXPECT_EQ(ended, (std::set<int>{0, 1}));
  EXPECT_TRUE(phases.count(core::Phase::kInflating));
  EXPECT_TRUE(phases.count(core::Phase::kRest));
  EXPECT_EQ(alarms, 0u) << "alarms raised during a plain exercise";
  // Target 100 mmHg; the band the supervisor allows is +-15.
  EXPECT_GT(peak, 90.0f);
  EXPECT_LT(peak, 130.0f);
  EXPECT_LT(std::get<link::Telemetry>(done->body).cuff.mmhg(), 20.0f);
  // Every frame arrived, none malformed.
  EXPECT_EQ(sequence.missed(), 0u);
  EXPECT_EQ(host.decoder().malformed().total(), 0u);
  std::printf("%s: %zu frames, peak %.1f mmHg\n", address.c_str(), host.received().size(),
              static_cast<double>(peak));
}

INSTANTIATE_TEST_SUITE_P(Transports, ShortExercise, ::testing::Values("tcp://127.0.0.1:0", "pty"),
                         [](const auto& param_info) {
                           return std::string(param_info.param[0] == 't' ? "Tcp" : "Pty");
                         });

TEST(DualCuff, RegulatesEachCuffToItsOwnTarget) {
  ServerRig rig(2, fast());
  rig.serve_pair();
  ScriptedHost host(rig.host());
  host.send(link::Hello{core::Duration::from_ms(3000)});
  const auto caps = host.wait_for(
      [](const link::Message& m) { return is_type(m, link::MessageType::kCapabilities); }, kAnswer);
  ASSERT_TRUE(caps.has_value());
  EXPECT_EQ(std::get<link::Capabilities>(caps->body).cuff_count, 2);

  // 120 and 70 mmHg; one long set each so that both hold their target.
  host.send(link::StartExercise{testing::test_plan(0.6f, {200})}, 0);
  host.send(link::StartExercise{testing::test_plan(0.35f, {200})}, 1);
  bool in_set[2] = {false, false};
  ASSERT_TRUE(host.wait_for(
                      [&in_set](const link::Message& m) {
                        for (std::uint8_t c = 0; c < 2; ++c) {
                          const auto* t = telemetry_of(m, c);
                          if (t != nullptr && t->phase == core::Phase::kExercise) in_set[c] = true;
                        }
                        return in_set[0] && in_set[1];
                      },
                      25000ms)
                  .has_value())
      << "both cuffs did not reach their sets";
  host.clear_received();
  host.pump(1000ms);  // five seconds of device time

  double sum[2] = {0, 0};
  int n[2] = {0, 0};
  float target[2] = {0, 0};
  for (const auto& m : host.received()) {
    for (std::uint8_t c = 0; c < 2; ++c) {
      const auto* t = telemetry_of(m, c);
      if (t == nullptr || t->phase != core::Phase::kExercise) continue;
      sum[c] += static_cast<double>(t->cuff.mmhg());
      ++n[c];
      target[c] = t->target.mmhg();
    }
  }
  ASSERT_GT(n[0], 50);
  ASSERT_GT(n[1], 50);
  EXPECT_NEAR(target[0], 120.0f, 0.5f);
  EXPECT_NEAR(target[1], 70.0f, 0.5f);
  const double mean0 = sum[0] / n[0];
  const double mean1 = sum[1] / n[1];
  std::printf("cuff 0 mean %.1f mmHg (target 120), cuff 1 mean %.1f mmHg (target 70)\n", mean0,
              mean1);
  EXPECT_NEAR(mean0, 120.0, 15.0);
  EXPECT_NEAR(mean1, 70.0, 15.0);

  // Stopping one cuff leaves the other up.
  host.send(link::Stop{}, 1);
  const auto one_down = host.wait_for(
      [](const link::Message& m) {
        const auto* t = telemetry_of(m, 1);
        return t != nullptr && t->cuff.mmhg() < 20.0f;
      },
      20000ms);
  ASSERT_TRUE(one_down.has_value());
  EXPECT_TRUE(host.wait_for([](const link::Message& m) { return cuff_above(m, 0, 90.0f); }, kAnswer)
                  .has_value());
}

TEST(Reconnect, DeviceDeflatesWithoutItsHostAndServesTheNext) {
  ServerRig rig(1, fast());
  auto listener = listen_or_fail("tcp://127.0.0.1:0");
  ASSERT_NE(listener, nullptr);
  const std::string address = listener->address();
  rig.serve(std::move(listener));

  {
    auto channel = connect_or_fail(address);
    ASSERT_NE(channel, nullptr);
    ScriptedHost first(*channel);
    ASSERT_TRUE(says_hello(first, core::Duration::from_ms(500)));
    first.send(link::StartExercise{testing::test_plan(0.5f, {40})}, 0);
    ASSERT_TRUE(
        first.wait_for([](const link::Message& m) { return cuff_above(m, 0, 60.0f); }, 20000ms)
            .has_value());
  }  // the first host hangs up with the cuff inflated

  const auto deadline = Clock::now() + 20s;
  DeviceServerStatus status = rig.server().status();
  while (Clock::now() < deadline && !(status.cuffs[0].cuff.mmhg() < 20.0f && status.host_lost)) {
    std::this_thread::sleep_for(20ms);
    status = rig.server().status();
  }
  EXPECT_TRUE(status.host_lost);
  EXPECT_LT(status.cuffs[0].cuff.mmhg(), 20.0f) << "no deflation without a host";
  EXPECT_FALSE(status.host_connected);

  auto channel = connect_or_fail(address);
  ASSERT_NE(channel, nullptr);
  ScriptedHost second(*channel);
  ASSERT_TRUE(says_hello(second, core::Duration::from_ms(3000)));
  const auto seen = second.wait_for(
      [](const link::Message& m) { return telemetry_of(m, 0) != nullptr; }, kAnswer);
  ASSERT_TRUE(seen.has_value());
  const auto& t = std::get<link::Telemetry>(seen->body);
  // Nothing of the exercise is left: the cuff is on its way into, or in,
  // the safe state, where it waits for a Reset.
  EXPECT_TRUE(t.phase == core::Phase::kDeflating || t.phase == core::Phase::kSafeState)
      << core::to_string(t.phase);
  const std::uint16_t reset = second.send(link::Reset{}, 0);
  EXPECT_TRUE(second
                  .wait_for(
                      [reset](const link::Message& m) {
                        const auto* ack = std::get_if<link::Ack>(&m.body);
                        return ack != nullptr && ack->acked_sequence == reset;
                      },
                      kAnswer)
                  .has_value());
  EXPECT_EQ(rig.server().status().hosts_served, 2u);
}

TEST(Reconnect, ASecondHostIsTurnedAwayWhileOneIsServed) {
  ServerRig rig(1);
  auto listener = listen_or_fail("tcp://127.0.0.1:0");
  ASSERT_NE(listener, nullptr);
  const std::string address = listener->address();
  rig.serve(std::move(listener));
  auto first_channel = connect_or_fail(address);
  ASSERT_NE(first_channel, nullptr);
  ScriptedHost first(*first_channel);
  ASSERT_TRUE(says_hello(first, core::Duration::from_ms(3000)));

  auto second_channel = connect_or_fail(address);
  ASSERT_NE(second_channel, nullptr);
  ScriptedHost second(*second_channel);
  second.send(link::Hello{core::Duration::from_ms(3000)});
  second.wait_for([](const link::Message&) { return false; }, kAnswer);
  EXPECT_TRUE(second.closed()) << "the second host was not turned away";
  EXPECT_TRUE(second.received().empty());
  // The server counts the refusal just after closing the channel.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (rig.server().status().hosts_refused < 1u && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(rig.server().status().hosts_refused, 1u);
  // The first is still served.
  EXPECT_TRUE(
      first.wait_for([](const link::Message& m) { return telemetry_of(m, 0) != nullptr; }, kAnswer)
          .has_value());
}

}  // namespace
}  // namespace bfr::runtime

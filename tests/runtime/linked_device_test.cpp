// LinkedDevice and the host connection against a real DeviceServer (socket
// pair and TCP), and against scripted fake devices for the error paths.

#include "runtime/linked_device.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "link/framing.hpp"
#include "link/message_codec.hpp"
#include "link/stream_decoder.hpp"
#include "runtime/host_session_pool.hpp"
#include "tests/runtime/host_test_rig.hpp"

namespace bfr::runtime {
namespace {

using testing::InProcessDevice;
using testing::TempStore;
using testing::Transport;
using namespace std::chrono_literals;

// Device time runs this much faster than the wall clock: a short exercise
// with a LOP measurement takes a few seconds.
constexpr double kSpeed = 20;

clinic::ExerciseRequest short_exercise() {
  clinic::ExerciseRequest request;
  request.exercise = "link test";
  request.target_reps = {3, 2};
  request.rest_s = 2;
  return request;
}

HostSessionJob job_for(LinkedDevice& device, TempStore& store) {
  HostSessionJob job;
  job.name = device.description();
  job.device = &device;
  job.patient = store.patient;
  job.limb = store.limb;
  job.exercise = short_exercise();
  return job;
}

// Waits until the host has read everything the device sent (the device
// has stopped); generous, since the machine may be slow.
void wait_for_drain(const HostConnection& host, const DeviceServer& server, int cuffs) {
  const auto give_up = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < give_up) {
    std::uint64_t received = 0;
    for (int c = 0; c < cuffs; ++c) received += host.stats().cuffs[c].telemetry_received;
    if (received >= server.status().telemetry_sent) return;
    std::this_thread::sleep_for(10ms);
  }
}

void expect_full_session(const HostSessionResult& r, TempStore& store) {
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_TRUE(r.lop && r.lop->lop_mmhg) << (r.lop ? r.lop->abort_reason : "no LOP");
  ASSERT_TRUE(r.exercise);
  EXPECT_EQ(r.exercise->session.stop_reason, "completed");
  EXPECT_EQ(r.frames_made_up, 0u);
  EXPECT_GT(r.frames_delivered, 1000u);  // a LOP measurement and two sets at 100 Hz
  // Every frame handed to the runner is in the store, nothing more.
  EXPECT_EQ(r.trace_samples, r.frames_delivered);
  const auto sets = store.repository().sets_of(r.exercise->session.id);
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets[0].actual_reps, 3);
  EXPECT_EQ(sets[1].actual_reps, 2);
}

void run_full_session(Transport transport) {
  InProcessDevice device(1, kSpeed, transport);
  TempStore store;
  HostConnection host(device.dialer(), device.address());
  LinkedDevice cuff(host, 0);
  const HostSessionResult r = HostSessionPool(store.url()).run_one(job_for(cuff, store));
  expect_full_session(r, store);

  // A planned end: the device reads all the host sent before it closes.
  host.stop_heartbeats();
  std::this_thread::sleep_for(1500ms);
  device.stop();
  wait_for_drain(host, device.server(), 1);
  const LinkStats stats = host.stats();
  // Lossless on the wire: every Telemetry frame the device sent arrived,
  // no gap in its sequence numbers, nothing malformed.
  EXPECT_EQ(stats.cuffs[0].telemetry_received, device.server().status().telemetry_sent);
  EXPECT_EQ(stats.sequence_gaps, 0u);
  EXPECT_EQ(stats.malformed.total(), 0u);
  EXPECT_EQ(stats.commands_refused, 0u);
}

TEST(LinkedDevice, ExerciseOverASocketPairRecordsEveryFrame) {
  run_full_session(Transport::kSocketPair);
}

TEST(LinkedDevice, ExerciseOverTcpRecordsEveryFrame) {
  run_full_session(Transport::kTcp);
}

TEST(LinkedDevice, TwoCuffsShareOneConnection) {
  InProcessDevice device(2, kSpeed, Transport::kSocketPair);
  TempStore store;
  HostConnection host(device.dialer(), device.address());
  ASSERT_EQ(host.capabilities().cuff_count, 2);
  LinkedDevice left(host, 0);
  LinkedDevice right(host, 1);
  const auto results =
      HostSessionPool(store.url()).run({job_for(left, store), job_for(right, store)});
  ASSERT_EQ(results.size(), 2u);
  for (const HostSessionResult& r : results) expect_full_session(r, store);
  EXPECT_NE(results[0].exercise->session.trace_id, results[1].exercise->session.trace_id);
}

TEST(LinkedDevice, CommandTheDeviceRefusesEndsTheRunWithTheDevicesWords) {
  InProcessDevice device(1, kSpeed, Transport::kSocketPair);
  TempStore store;
  HostConnection host(device.dialer(), device.address());
  LinkedDevice missing(host, 1);  // a one-cuff device has no cuff 1
  HostSessionJob job = job_for(missing, store);
  job.exercise.reset();
  const HostSessionResult r = HostSessionPool(store.url()).run_one(job);
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_TRUE(r.lop);
  EXPECT_FALSE(r.lop->lop_mmhg);
  EXPECT_NE(r.lop->abort_reason.find("no such cuff"), std::string::npos) << r.lop->abort_reason;
  ASSERT_EQ(missing.refusals().size(), 1u);
  EXPECT_EQ(missing.refusals()[0].code, link::ErrorCode::kNoSuchCuff);
  EXPECT_EQ(host.stats().commands_refused, 1u);
}

TEST(LinkedDevice, ControllerRefusalsArriveAsTheirEvents) {
  InProcessDevice device(1, kSpeed, Transport::kSocketPair);
  HostConnection host(device.dialer(), device.address());
  LinkedDevice cuff(host, 0);
  cuff.begin_recording();
  core::Command start{core::CommandKind::kStartExercise, {}};
  start.plan.lop = core::Pressure::mmhg(150);
  start.plan.target_share = core::Fraction(0.8f);
  start.plan.set_count = 0;  // nothing to do: the controller refuses the plan
  device::Telemetry t = cuff.exchange(start);
  bool refused = false;
  for (int i = 0; i < 300 && !refused; ++i) {
    for (const core::Event& e : t.outputs.events) {
      refused = refused || e.kind == core::EventKind::kCommandRejected;
    }
    if (!refused) t = cuff.exchange({});
  }
  EXPECT_TRUE(refused);
  EXPECT_TRUE(cuff.refusals().empty());  // the link took it; the controller said no
  EXPECT_EQ(t.outputs.phase, core::Phase::kIdle);
}

// The next refusal of the controller among the next frames, if any.
std::optional<core::Rejection> next_refusal(LinkedDevice& cuff, device::Telemetry& t, int frames) {
  for (int i = 0; i < frames; ++i) {
    for (const core::Event& e : t.outputs.events) {
      if (e.kind == core::EventKind::kCommandRejected) return static_cast<core::Rejection>(e.code);
    }
    t = cuff.exchange({});
  }
  return std::nullopt;
}

// ConfigureLimits and SetTarget over the link to the real controller: a
// tighter cap refuses a plan the built cap allows, a loosening is refused,
// and a new target during the exercise is what the cuff then holds.
TEST(LinkedDevice, LimitsTightenAndTheTargetMovesOverTheLink) {
  InProcessDevice device(1, kSpeed, Transport::kSocketPair);
  HostConnection host(device.dialer(), device.address());
  LinkedDevice cuff(host, 0);
  cuff.begin_recording();
  const auto built_cap = host.capabilities().pressure_cap;

  core::Command loosen{core::CommandKind::kConfigureLimits, {}};
  loosen.limits.hard_cap = built_cap + core::Pressure::mmhg(20);
  device::Telemetry t = cuff.exchange(loosen);
  EXPECT_EQ(next_refusal(cuff, t, 100), core::Rejection::kLimitLoosened);

  core::Command tighten{core::CommandKind::kConfigureLimits, {}};
  tighten.limits.hard_cap = core::Pressure::mmhg(150);
  t = cuff.exchange(tighten);
  EXPECT_EQ(next_refusal(cuff, t, 100), std::nullopt);

  // 80 % of 200 mmHg = 160 mmHg: under the built cap, over the new one.
  core::Command start{core::CommandKind::kStartExercise,
                      core::standard_plan(core::Pressure::mmhg(200), core::Fraction(0.8f),
                                          core::Duration::from_seconds(30.0f))};
  t = cuff.exchange(start);
  EXPECT_EQ(next_refusal(cuff, t, 100), core::Rejection::kTargetAboveCap);
  EXPECT_EQ(t.outputs.phase, core::Phase::kIdle);

  // 60 %: 120 mmHg runs; then 50 % while inflating.
  start.plan.target_share = core::Fraction(0.6f);
  t = cuff.exchange(start);
  for (int i = 0; i < 100 && t.outputs.phase != core::Phase::kInflating; ++i) t = cuff.exchange({});
  ASSERT_EQ(t.outputs.phase, core::Phase::kInflating);
  EXPECT_NEAR(t.outputs.target.mmhg(), 120.0f, 0.1f);
  core::Command lower{core::CommandKind::kSetTarget, {}};
  lower.target_share = core::Fraction(0.5f);
  t = cuff.exchange(lower);
  EXPECT_EQ(next_refusal(cuff, t, 100), std::nullopt);
  EXPECT_NEAR(t.outputs.target.mmhg(), 100.0f, 0.1f);
  // Above LOP: refused, the target stays.
  lower.target_share = core::Fraction(1.2f);
  t = cuff.exchange(lower);
  EXPECT_EQ(next_refusal(cuff, t, 100), core::Rejection::kTargetAboveLop);
  EXPECT_NEAR(t.outputs.target.mmhg(), 100.0f, 0.1f);

  t = cuff.exchange({core::CommandKind::kStop, {}});
  for (int i = 0; i < 3000 && t.outputs.phase != core::Phase::kIdle; ++i) t = cuff.exchange({});
  EXPECT_EQ(t.outputs.phase, core::Phase::kIdle);
  EXPECT_TRUE(cuff.refusals().empty());  // the link carried every command
}

// A device scripted by the test: answers the host's Hello with `answer`,
// and every other message with `reply` when one is given. Keeps what the
// host sent.
class FakeDevice {
 public:
  using Reply = std::function<void(ByteChannel&, const link::Message&)>;
  explicit FakeDevice(std::function<void(ByteChannel&)> answer, Reply reply = {}) {
    auto [device_end, host_end] = make_channel_pair();
    device_ = std::move(device_end);
    host_ = std::move(host_end);
    thread_ = std::thread([this, answer, reply] {
      link::StreamDecoder decoder;
      std::array<std::uint8_t, 256> buffer{};
      while (device_->is_open()) {
        const ReadResult r = device_->read_some(buffer, 50ms);
        for (std::size_t i = 0; i < r.bytes; ++i) {
          const link::Message* m = decoder.push(buffer[i]);
          if (m == nullptr) continue;
          {
            std::lock_guard lock(mutex_);
            received_.push_back(*m);
          }
          if (std::holds_alternative<link::Hello>(m->body)) {
            answer(*device_);
          } else if (reply) {
            reply(*device_, *m);
          }
        }
        if (r.closed) return;
      }
    });
  }
  ~FakeDevice() {
    device_->close();
    thread_.join();
  }
  ChannelDialer dialer() {
    return [this](std::string&) { return std::move(host_); };
  }
  std::vector<link::Message> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  std::unique_ptr<ByteChannel> device_;
  std::unique_ptr<ByteChannel> host_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<link::Message> received_;
};

void write(ByteChannel& channel, const link::Message& message) {
  std::array<std::uint8_t, link::kMaxWireFrame> frame{};
  const std::size_t n = link::write_frame(message, frame);
  ASSERT_GT(n, 0u);
  channel.write_all(std::span<const std::uint8_t>(frame.data(), n));
}

// An event sent on its own (Event 0x31, as a device sends one that does not
// fit its Telemetry frame) reaches the runner in the cuff's next frame,
// once, however often the device repeats it, and the host acknowledges it.
TEST(LinkedDevice, AnEventSentOnItsOwnJoinsTheNextFrameOnce) {
  link::EventMessage alarm;
  alarm.event.kind = core::EventKind::kAlarmRaised;
  alarm.event.at = core::TimePoint::from_us(1'230'000);
  alarm.event.code = static_cast<std::uint8_t>(core::Alarm::kLeak);
  alarm.event.value = core::Pressure::mmhg(95.0f);
  constexpr std::uint16_t kEventSequence = 40;
  FakeDevice fake(
      [](ByteChannel& channel) {
        link::Capabilities caps;
        caps.telemetry_rate_hz = 100;
        caps.host_timeout = core::Duration::from_seconds(3.0f);
        write(channel, {0, link::kNoCuff, caps});
      },
      [&](ByteChannel& channel, const link::Message& m) {
        if (!std::holds_alternative<link::Stop>(m.body)) return;
        write(channel,
              {1, 0, link::Ack{m.sequence, static_cast<std::uint8_t>(link::MessageType::kStop)}});
        // The same event twice (a resend before the Ack came), then a frame.
        write(channel, {kEventSequence, 0, alarm});
        write(channel, {kEventSequence, 0, alarm});
        link::Telemetry frame;
        frame.device_time = core::TimePoint::from_us(1'240'000);
        frame.cuff = core::Pressure::mmhg(94.0f);
        frame.phase = core::Phase::kDeflating;
        write(channel, {kEventSequence + 1, 0, frame});
      });
  HostConnection host(fake.dialer(), "fake");
  LinkedDevice cuff(host, 0);
  cuff.begin_recording();
  const device::Telemetry t = cuff.exchange(core::Command{core::CommandKind::kStop, {}});
  EXPECT_EQ(t.cuff.mmhg(), 94.0f);
  int alarms = 0;
  for (const core::Event& e : t.outputs.events) {
    if (e.kind != core::EventKind::kAlarmRaised) continue;
    ++alarms;
    EXPECT_EQ(e.code, alarm.event.code);
    EXPECT_EQ(e.at, alarm.event.at);
    EXPECT_EQ(e.value.mmhg(), 95.0f);
  }
  EXPECT_EQ(alarms, 1);

  const auto give_up = std::chrono::steady_clock::now() + 10s;
  bool acked = false;
  while (!acked && std::chrono::steady_clock::now() < give_up) {
    for (const link::Message& m : fake.received()) {
      const auto* ack = std::get_if<link::Ack>(&m.body);
      acked = acked || (ack != nullptr && ack->acked_sequence == kEventSequence &&
                        ack->acked_type == static_cast<std::uint8_t>(link::MessageType::kEvent));
    }
    if (!acked) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(acked);
}

// A device that streams as soon as it has answered Hello: the frames that
// arrive in the same read as Capabilities are the start of the recording,
// not noise of the handshake (under load, the first frames of a TCP link
// came in with Capabilities and were dropped, a gap in the sequence).
TEST(HostConnection, FramesArrivingWithCapabilitiesAreKept) {
  constexpr int kFrames = 3;
  FakeDevice fake([](ByteChannel& channel) {
    std::vector<std::uint8_t> bytes;
    const auto append = [&bytes](const link::Message& message) {
      std::array<std::uint8_t, link::kMaxWireFrame> frame{};
      const std::size_t n = link::write_frame(message, frame);
      bytes.insert(bytes.end(), frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(n));
    };
    link::Capabilities caps;
    caps.telemetry_rate_hz = 100;
    caps.host_timeout = core::Duration::from_seconds(3.0f);
    append({0, link::kNoCuff, caps});
    for (int i = 0; i < kFrames; ++i) {
      link::Telemetry frame;
      frame.device_time = core::TimePoint::from_us(10'000 * (i + 1));
      frame.cuff = core::Pressure::mmhg(static_cast<float>(i));
      append({static_cast<std::uint16_t>(i + 1), 0, frame});
    }
    channel.write_all(bytes);  // one write: the host reads it all at once
  });
  HostConnection host(fake.dialer(), "fake");
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  while (host.stats().cuffs[0].telemetry_received < kFrames &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(10ms);
  }
  const LinkStats stats = host.stats();
  EXPECT_EQ(stats.cuffs[0].telemetry_received, static_cast<std::uint64_t>(kFrames));
  EXPECT_EQ(stats.sequence_gaps, 0u);
}

std::string connect_error(FakeDevice& fake) {
  HostLinkOptions options;
  options.handshake_timeout = 300ms;
  try {
    HostConnection host(fake.dialer(), "fake", options);
  } catch (const LinkError& e) {
    return e.what();
  }
  return "connected";
}

TEST(HostConnection, DeviceSpeakingOtherVersionsIsAClearError) {
  FakeDevice fake([](ByteChannel& channel) {
    link::Capabilities caps;
    caps.min_version = 3;
    caps.max_version = 4;
    caps.telemetry_rate_hz = 100;
    write(channel, {0, link::kNoCuff, caps});
  });
  EXPECT_EQ(connect_error(fake), "fake speaks protocol versions 3-4; this host speaks version 2");
}

TEST(HostConnection, AnswerInAnotherVersionIsAClearError) {
  FakeDevice fake([](ByteChannel& channel) {
    std::array<std::uint8_t, link::kMaxMessageSize> bytes{};
    link::Capabilities caps;
    caps.telemetry_rate_hz = 100;
    const link::EncodeResult encoded = link::encode_message({0, link::kNoCuff, caps}, bytes);
    ASSERT_TRUE(encoded.ok());
    bytes[0] = 1;  // the header's version byte: the one before
    std::array<std::uint8_t, link::kMaxWireFrame> frame{};
    const std::size_t n =
        link::encode_frame(std::span<const std::uint8_t>(bytes.data(), encoded.size), frame);
    channel.write_all(std::span<const std::uint8_t>(frame.data(), n));
  });
  EXPECT_EQ(connect_error(fake), "fake answers in protocol version 1; this host speaks version 2");
}

TEST(HostConnection, NoCapabilitiesIsAClearError) {
  FakeDevice fake([](ByteChannel&) {});
  const std::string error = connect_error(fake);
  EXPECT_NE(error.find("no Capabilities from fake within 0.3 s"), std::string::npos) << error;
}

TEST(HostConnection, RefusedHelloIsAClearError) {
  FakeDevice fake([](ByteChannel& channel) {
    link::Error error;
    error.acked_sequence = 0;
    error.acked_type = static_cast<std::uint8_t>(link::MessageType::kHello);
    error.code = link::ErrorCode::kUnsupportedVersion;
    write(channel, {0, link::kNoCuff, error});
  });
  EXPECT_EQ(connect_error(fake), "fake refused Hello: unsupported protocol version");
}

TEST(HostConnection, NobodyListeningIsAClearError) {
  HostLinkOptions options;
  try {
    HostConnection host(dial_address("tcp://127.0.0.1:1"), "tcp://127.0.0.1:1", options);
    FAIL() << "connected";
  } catch (const LinkError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot connect to tcp://127.0.0.1:1"), std::string::npos)
        << e.what();
  }
}

// Stops the device's side of the link once the exercise has begun.
class CutWhenExercising : public clinic::RunObserver {
 public:
  explicit CutWhenExercising(std::function<void()> cut) : cut_(std::move(cut)) {}
  void on_frame(const device::Telemetry& t) override {
    if (!done_ && t.outputs.phase == core::Phase::kExercise) {
      done_ = true;
      cut_();
    }
  }

 private:
  std::function<void()> cut_;
  bool done_ = false;
};

TEST(LinkedDevice, DeviceSilentBeyondItsTimeoutEndsTheSessionWithTheLoss) {
  InProcessDevice device(1, kSpeed, Transport::kSocketPair);
  TempStore store;
  HostLinkOptions options;
  options.host_timeout = 1000ms;
  HostConnection host(device.dialer(), device.address(), options);
  LinkedDevice cuff(host, 0);
  CutWhenExercising cutter([&] { device.cut(); });
  HostSessionJob job = job_for(cuff, store);
  job.observer = &cutter;
  const HostSessionResult r = HostSessionPool(store.url()).run_one(job);
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_TRUE(r.loss);
  EXPECT_GE(r.loss->silent_for, 1000ms);
  ASSERT_TRUE(r.exercise);
  const clinic::SessionRecord& s = r.exercise->session;
  EXPECT_EQ(s.stop_reason.rfind("device lost: no frame from socket pair for", 0), 0u)
      << s.stop_reason;
  EXPECT_FALSE(s.ended_at.empty());
  bool recorded = false;
  for (const clinic::EventRecord& e : store.repository().events_of(s.id)) {
    recorded = recorded || e.kind == "device_lost";
  }
  EXPECT_TRUE(recorded);
  // Everything received is kept, plus the one closing frame the host made.
  EXPECT_EQ(r.frames_made_up, 1u);
  EXPECT_EQ(r.trace_samples, r.frames_delivered + 1);
  EXPECT_GE(host.stats().losses, 1u);
}

// Hands out the channel it dialled, so that the test can drop it.
class DroppableDialer {
 public:
  explicit DroppableDialer(ChannelDialer inner) : inner_(std::move(inner)) {}
  ChannelDialer dialer() {
    return [this](std::string& error) {
      auto channel = inner_(error);
      std::lock_guard lock(mutex_);
      if (channel) last_ = channel.get();
      ++dials_;
      return channel;
    };
  }
  void drop() {
    std::lock_guard lock(mutex_);
    if (last_ != nullptr) last_->close();
  }

 private:
  ChannelDialer inner_;
  std::mutex mutex_;
  ByteChannel* last_ = nullptr;
  int dials_ = 0;
};

TEST(LinkedDevice, ReconnectsAndContinuesTheSession) {
  InProcessDevice device(1, kSpeed, Transport::kTcp);
  TempStore store;
  DroppableDialer dropper(device.dialer());
  HostConnection host(dropper.dialer(), device.address());
  LinkedDevice cuff(host, 0);
  CutWhenExercising cutter([&] { dropper.drop(); });
  HostSessionJob job = job_for(cuff, store);
  job.observer = &cutter;
  const HostSessionResult r = HostSessionPool(store.url()).run_one(job);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_FALSE(r.loss);
  ASSERT_TRUE(r.exercise);
  EXPECT_EQ(r.exercise->session.stop_reason, "completed");
  EXPECT_EQ(host.stats().reconnects, 1u);
  EXPECT_EQ(r.trace_samples, r.frames_delivered);
  EXPECT_EQ(r.frames_made_up, 0u);
}

}  // namespace
}  // namespace bfr::runtime

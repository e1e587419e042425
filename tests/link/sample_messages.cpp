#include "tests/link/sample_messages.hpp"

#include <type_traits>

namespace bfr::link::testing {

namespace {

void expect_same_body(const Hello& a, const Hello& b) {
  EXPECT_EQ(a.host_timeout, b.host_timeout);
}

void expect_same_body(const Capabilities& a, const Capabilities& b) {
  EXPECT_EQ(a.min_version, b.min_version);
  EXPECT_EQ(a.max_version, b.max_version);
  EXPECT_EQ(a.firmware, b.firmware);
  EXPECT_EQ(a.cuff_count, b.cuff_count);
  EXPECT_EQ(a.sensor, b.sensor);
  expect_same_pressure(a.pressure_cap, b.pressure_cap, 0.1f);
  EXPECT_EQ(a.max_inflation, b.max_inflation);
  EXPECT_EQ(a.telemetry_rate_hz, b.telemetry_rate_hz);
  EXPECT_EQ(a.host_timeout, b.host_timeout);
}

void expect_same_body(const StartExercise& a, const StartExercise& b) {
  expect_same_pressure(a.plan.lop, b.plan.lop, 0.1f);
  EXPECT_NEAR(a.plan.target_share.value(), b.plan.target_share.value(), 0.5e-4f);
  EXPECT_EQ(a.plan.set_count, b.plan.set_count);
  EXPECT_EQ(a.plan.target_reps, b.plan.target_reps);
  EXPECT_EQ(a.plan.rest, b.plan.rest);
  EXPECT_EQ(a.plan.max_set_duration, b.plan.max_set_duration);
}

void expect_same_body(const MeasureLop& a, const MeasureLop& b) {
  EXPECT_EQ(a.limb, b.limb);
}

void expect_same_body(const SetTarget& a, const SetTarget& b) {
  EXPECT_NEAR(a.target_share.value(), b.target_share.value(), 0.5e-4f);
}

void expect_same_body(const ConfigureLimits& a, const ConfigureLimits& b) {
  expect_same_pressure(a.limits.hard_cap, b.limits.hard_cap, 0.1f);
  EXPECT_EQ(a.limits.max_inflation, b.limits.max_inflation);
  EXPECT_EQ(a.limits.max_session_restriction, b.limits.max_session_restriction);
}

template <typename Empty>
void expect_same_body(const Empty&, const Empty&) {
  static_assert(std::is_empty_v<Empty>, "a message with fields needs its own comparison");
}

void expect_same_body(const Ack& a, const Ack& b) {
  EXPECT_EQ(a, b);
}
void expect_same_body(const Error& a, const Error& b) {
  EXPECT_EQ(a, b);
}

void expect_same_body(const Telemetry& a, const Telemetry& b) {
  EXPECT_EQ(a.device_time, b.device_time);
  expect_same_pressure(a.cuff, b.cuff, 0.1f);
  expect_same_pressure(a.target, b.target, 0.1f);
  EXPECT_EQ(a.phase, b.phase);
  EXPECT_EQ(a.set_index, b.set_index);
  EXPECT_EQ(a.rep_count, b.rep_count);
  EXPECT_EQ(a.alarms.bits(), b.alarms.bits());
  EXPECT_EQ(a.vent_open, b.vent_open);
  EXPECT_EQ(a.sensor_fault, b.sensor_fault);
  EXPECT_NEAR(a.lop_progress.value(), b.lop_progress.value(), 0.005f);
  EXPECT_EQ(a.events_dropped, b.events_dropped);
  ASSERT_EQ(a.event_count, b.event_count);
  for (std::size_t i = 0; i < a.event_count; ++i) expect_same_event(a.events[i], b.events[i]);
}

void expect_same_body(const EventMessage& a, const EventMessage& b) {
  expect_same_event(a.event, b.event);
}

void expect_same_body(const LopResultMessage& a, const LopResultMessage& b) {
  EXPECT_EQ(a.failure, b.failure);
  expect_same_pressure(a.result.lop, b.result.lop, 0.1f);
  EXPECT_NEAR(a.result.heart_rate.per_minute(), b.result.heart_rate.per_minute(), 0.05f);
  EXPECT_NEAR(a.result.quality.value(), b.result.quality.value(), 0.5e-4f);
  EXPECT_EQ(a.result.beats_used, b.result.beats_used);
  EXPECT_EQ(a.result.artefacts, b.result.artefacts);
  expect_same_pressure(a.result.envelope_peak_cuff, b.result.envelope_peak_cuff, 0.1f);
  expect_same_pressure(a.result.floor_amplitude, b.result.floor_amplitude, 0.01f);
  expect_same_pressure(a.result.peak_amplitude, b.result.peak_amplitude, 0.01f);
}

void expect_same_body(const Heartbeat& a, const Heartbeat& b) {
  EXPECT_EQ(a.sender_time, b.sender_time);
}

}  // namespace

void expect_same_message(const Message& a, const Message& b) {
  EXPECT_EQ(a.sequence, b.sequence);
  EXPECT_EQ(a.cuff, b.cuff);
  ASSERT_EQ(a.body.index(), b.body.index())
      << to_string(type_of(a.body)) << " vs " << to_string(type_of(b.body));
  std::visit(
      [&b](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        expect_same_body(body, std::get<T>(b.body));
      },
      a.body);
}

}  // namespace bfr::link::testing

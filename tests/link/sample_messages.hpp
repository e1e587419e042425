#pragma once
// One message of every type with every field away from its default, for
// round trips, and field-by-field comparisons (the core's structs have no
// operator==).

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "link/messages.hpp"

namespace bfr::link::testing {

inline core::Event sample_event(std::int64_t at_us, core::EventKind kind, std::uint8_t code,
                                std::int8_t set_index, float value_mmhg) {
  core::Event e;
  e.at = core::TimePoint::from_us(at_us);
  e.kind = kind;
  e.code = code;
  e.set_index = set_index;
  e.value = core::Pressure::mmhg(value_mmhg);
  return e;
}

inline std::vector<Message> one_of_each_type() {
  std::vector<Message> all;
  all.push_back({7, kNoCuff, Hello{core::Duration::from_ms(2500)}});

  Capabilities caps;
  caps.min_version = 1;
  caps.max_version = 1;
  caps.firmware = {2, 5, 513};
  caps.cuff_count = 2;
  caps.sensor = SensorType::kHoneywellMprls;
  caps.pressure_cap = core::Pressure::mmhg(300.0f);
  caps.max_inflation = core::Duration::from_ms(20 * 60 * 1000);
  caps.telemetry_rate_hz = 100;
  caps.host_timeout = core::Duration::from_ms(3000);
  all.push_back({8, kNoCuff, caps});

  all.push_back({9, 0, MeasureLop{core::LimbSegment::kThigh}});
  core::ExercisePlan plan;
  plan.lop = core::Pressure::mmhg(182.5f);
  plan.target_share = core::Fraction(0.6f);
  plan.set_count = 4;
  plan.target_reps = {30, 15, 15, 15, 0, 0, 0, 9};
  plan.rest = core::Duration::from_ms(45000);
  plan.max_set_duration = core::Duration::from_ms(150000);
  all.push_back({10, 1, StartExercise{plan}});
  all.push_back({11, 1, EndSet{}});
  all.push_back({12, 0, Stop{}});
  all.push_back({13, 1, EmergencyStop{}});
  all.push_back({14, 0, Reset{}});
  all.push_back({15, 1, BeginSession{}});
  all.push_back({16, 1, Ack{0xBEEF, static_cast<std::uint8_t>(MessageType::kStop)}});
  all.push_back({17, kNoCuff, Error{0x1234, 0x77, ErrorCode::kUnknownType, 3}});

  Telemetry t;
  t.device_time = core::TimePoint::from_us(5'000'000'123);
  t.cuff = core::Pressure::mmhg(145.3f);
  t.target = core::Pressure::mmhg(146.0f);
  t.phase = core::Phase::kRest;
  t.set_index = 2;
  t.rep_count = 14;
  t.alarms.raise(core::Alarm::kInflationTimeLimit);
  t.alarms.raise(core::Alarm::kEmergencyStop);
  t.vent_open = false;
  t.sensor_fault = true;
  t.lop_progress = core::Fraction::percent(37.0f);
  t.events_dropped = 2;
  t.event_count = 2;
  t.events[0] = sample_event(4'999'990'000, core::EventKind::kSetEnded, 1, 2, 0.0f);
  t.events[1] = sample_event(5'000'000'000, core::EventKind::kAlarmRaised, 3, -1, 151.7f);
  all.push_back({0xFFFF, 1, t});

  all.push_back(
      {19, 0, EventMessage{sample_event(-20, core::EventKind::kLopMeasured, 0, -1, 171.4f)}});

  LopResultMessage lop;
  lop.failure = core::LopFailure::kNone;
  lop.result.lop = core::Pressure::mmhg(171.4f);
  lop.result.heart_rate = core::Frequency::per_minute(63.5f);
  lop.result.quality = core::Fraction(0.8125f);
  lop.result.beats_used = 41;
  lop.result.artefacts = 2;
  lop.result.envelope_peak_cuff = core::Pressure::mmhg(92.1f);
  lop.result.floor_amplitude = core::Pressure::mmhg(0.12f);
  lop.result.peak_amplitude = core::Pressure::mmhg(2.47f);
  all.push_back({20, 0, lop});

  all.push_back({21, kNoCuff, Heartbeat{core::TimePoint::from_us(123'456'789)}});
  all.push_back({22, 1, SetTarget{core::Fraction(0.55f)}});
  all.push_back({23, 0,
                 ConfigureLimits{{core::Pressure::mmhg(240.5f), core::Duration::from_ms(900'000),
                                  core::Duration::from_ms(1'500'000)}}});
  return all;
}

// Fields that travel in steps compare within half a step.
inline void expect_same_pressure(core::Pressure a, core::Pressure b, float step) {
  if (std::isnan(a.mmhg()) || std::isnan(b.mmhg())) {
    EXPECT_EQ(std::isnan(a.mmhg()), std::isnan(b.mmhg()));
    return;
  }
  EXPECT_NEAR(a.mmhg(), b.mmhg(), step / 2.0f + 1e-4f);
}

inline void expect_same_event(const core::Event& a, const core::Event& b) {
  EXPECT_EQ(a.at, b.at);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.code, b.code);
  EXPECT_EQ(a.set_index, b.set_index);
  expect_same_pressure(a.value, b.value, 0.1f);
}

void expect_same_message(const Message& a, const Message& b);

}  // namespace bfr::link::testing

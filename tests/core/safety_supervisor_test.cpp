// The safety supervisor: every condition, latching and reset.

#include "core/safety_supervisor.hpp"

#include <gtest/gtest.h>

namespace bfr::core {
namespace {

Readings cuff(float mmhg, bool ok = true) {
  return {Pressure::mmhg(mmhg), ok};
}
TimePoint at_s(float s) {
  return TimePoint{} + Duration::from_seconds(s);
}

TEST(SafetySupervisor, QuietWithinLimits) {
  SafetySupervisor sup;
  for (float p : {0.0f, 19.0f, 150.0f, 299.0f, -19.0f}) {
    const SafetyVerdict v = sup.step(at_s(1), cuff(p));
    EXPECT_FALSE(v.vent) << p;
    EXPECT_FALSE(v.tripped) << p;
    EXPECT_EQ(v.alarm, Alarm::kCount) << p;
  }
  EXPECT_FALSE(sup.latched());
  EXPECT_FALSE(sup.alarms().any());
}

TEST(SafetySupervisor, HardCapTrips) {
  SafetySupervisor sup;
  EXPECT_FALSE(sup.step(at_s(0), cuff(299.9f)).vent);
  const SafetyVerdict v = sup.step(at_s(0.01f), cuff(300.0f));  // at the cap counts
  EXPECT_TRUE(v.vent);
  EXPECT_TRUE(v.tripped);
  EXPECT_EQ(v.alarm, Alarm::kOverPressureCap);
  EXPECT_TRUE(sup.alarms().has(Alarm::kOverPressureCap));
}

TEST(SafetySupervisor, CustomCapIsHonoured) {
  SafetyLimits limits;
  limits.hard_cap = Pressure::mmhg(200.0f);
  SafetySupervisor sup(limits);
  EXPECT_FALSE(sup.step(at_s(0), cuff(199.0f)).vent);
  EXPECT_EQ(sup.step(at_s(0), cuff(201.0f)).alarm, Alarm::kOverPressureCap);
}

TEST(SafetySupervisor, SensorFaultFlagTrips) {
  SafetySupervisor sup;
  const SafetyVerdict v = sup.step(at_s(0), cuff(100.0f, false));
  EXPECT_TRUE(v.vent);
  EXPECT_EQ(v.alarm, Alarm::kSensorFault);
}

TEST(SafetySupervisor, SensorOutOfRangeTrips) {
  {
    SafetySupervisor sup;  // above 400 mmHg cannot come from a working sensor
    EXPECT_EQ(sup.step(at_s(0), cuff(401.0f)).alarm, Alarm::kSensorFault);
  }
  {
    SafetySupervisor sup;  // nor below -20 mmHg
    EXPECT_EQ(sup.step(at_s(0), cuff(-21.0f)).alarm, Alarm::kSensorFault);
  }
  {
    SafetySupervisor sup;  // -20 itself is still in range
    EXPECT_FALSE(sup.step(at_s(0), cuff(-20.0f)).vent);
  }
}

TEST(SafetySupervisor, MaxInflationTimeWithInjectedTime) {
  SafetySupervisor sup;  // 20 min limit, restricted above 20 mmHg
  const float limit_s = sup.limits().max_inflation.seconds();
  ASSERT_FLOAT_EQ(limit_s, 1200.0f);
  // Inflated at t = 10 s; stepping once a second.
  EXPECT_FALSE(sup.step(at_s(5), cuff(10.0f)).vent);
  float t = 10.0f;
  for (; t <= 10.0f + limit_s; t += 1.0f) {
    ASSERT_FALSE(sup.step(at_s(t), cuff(160.0f)).vent) << "t = " << t;
  }
  // Within float rounding of the injected times (from_seconds(float) at
  // ~1200 s resolves 128 us).
  EXPECT_NEAR(sup.inflated_for(at_s(t)).seconds(), limit_s + 1.0f, 1e-3f);
  const SafetyVerdict v = sup.step(at_s(t), cuff(160.0f));
  EXPECT_TRUE(v.vent);
  EXPECT_EQ(v.alarm, Alarm::kInflationTimeLimit);
}

TEST(SafetySupervisor, DeflatingRestartsTheInflationClock) {
  SafetyLimits limits;
  limits.max_inflation = Duration::from_seconds(60.0f);
  SafetySupervisor sup(limits);
  // 50 s inflated, a 1 s deflation, 50 s inflated: no single inflation over 60 s.
  for (int s = 0; s < 50; ++s) ASSERT_FALSE(sup.step(at_s(static_cast<float>(s)), cuff(150)).vent);
  ASSERT_FALSE(sup.step(at_s(50), cuff(5)).vent);
  EXPECT_EQ(sup.inflated_for(at_s(50)), Duration{});
  for (int s = 51; s < 101; ++s) {
    ASSERT_FALSE(sup.step(at_s(static_cast<float>(s)), cuff(150)).vent);
  }
  // Control: staying up past 60 s after the restart does trip.
  EXPECT_TRUE(sup.step(at_s(112), cuff(150)).vent);
}

TEST(SafetySupervisor, EmergencyStopTripsOnTheNextStep) {
  SafetySupervisor sup;
  ASSERT_FALSE(sup.step(at_s(0), cuff(150)).vent);
  sup.emergency_stop();
  const SafetyVerdict v = sup.step(at_s(0.01f), cuff(150));
  EXPECT_TRUE(v.vent);
  EXPECT_TRUE(v.tripped);
  EXPECT_EQ(v.alarm, Alarm::kEmergencyStop);
}

TEST(SafetySupervisor, ExternalRaiseTrips) {
  SafetySupervisor sup;
  sup.raise(Alarm::kInflationFailed);
  const SafetyVerdict v = sup.step(at_s(0), cuff(60));
  EXPECT_TRUE(v.vent);
  EXPECT_EQ(v.alarm, Alarm::kInflationFailed);
  EXPECT_TRUE(sup.alarms().has(Alarm::kInflationFailed));
}

TEST(SafetySupervisor, LatchesAfterTheConditionClears) {
  SafetySupervisor sup;
  EXPECT_TRUE(sup.step(at_s(0), cuff(310)).tripped);
  // Pressure back to normal: still venting, no new trip, alarm kept.
  for (int i = 1; i < 100; ++i) {
    const SafetyVerdict v = sup.step(at_s(static_cast<float>(i) * 0.01f), cuff(150));
    ASSERT_TRUE(v.vent);
    ASSERT_FALSE(v.tripped);
  }
  EXPECT_TRUE(sup.latched());
  EXPECT_TRUE(sup.alarms().has(Alarm::kOverPressureCap));
}

TEST(SafetySupervisor, RepeatedConditionIsNotANewTrip) {
  SafetySupervisor sup;
  EXPECT_TRUE(sup.step(at_s(0), cuff(310)).tripped);
  const SafetyVerdict again = sup.step(at_s(0.01f), cuff(310));
  EXPECT_TRUE(again.vent);
  EXPECT_FALSE(again.tripped);
  // A different condition is new and adds to the set.
  const SafetyVerdict other = sup.step(at_s(0.02f), cuff(100, false));
  EXPECT_TRUE(other.tripped);
  EXPECT_EQ(other.alarm, Alarm::kSensorFault);
  EXPECT_TRUE(sup.alarms().has(Alarm::kOverPressureCap));
  EXPECT_TRUE(sup.alarms().has(Alarm::kSensorFault));
}

TEST(SafetySupervisor, ResetRefusedWhileInflated) {
  SafetySupervisor sup;
  sup.emergency_stop();
  ASSERT_TRUE(sup.step(at_s(0), cuff(150)).vent);
  EXPECT_FALSE(sup.reset(cuff(150)));
  EXPECT_FALSE(sup.reset(cuff(20.5f)));
  EXPECT_FALSE(sup.reset(cuff(5, false)));  // a sensor that cannot be trusted proves nothing
  EXPECT_TRUE(sup.latched());
  EXPECT_TRUE(sup.step(at_s(0.01f), cuff(150)).vent);
}

TEST(SafetySupervisor, ResetAllowedWhenDeflated) {
  SafetySupervisor sup;
  sup.emergency_stop();
  ASSERT_TRUE(sup.step(at_s(0), cuff(150)).vent);
  EXPECT_TRUE(sup.reset(cuff(5)));
  EXPECT_FALSE(sup.latched());
  EXPECT_FALSE(sup.alarms().any());
  const SafetyVerdict v = sup.step(at_s(1), cuff(5));
  EXPECT_FALSE(v.vent);
  EXPECT_FALSE(v.tripped);
}

}  // namespace
}  // namespace bfr::core

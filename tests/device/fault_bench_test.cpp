// The fault-injection bench on a few scenarios per class: every fault is
// caught by an alarm that acts and the cuff ends below 20 mmHg; the control
// raises nothing. The full bench (100 per class) runs in `bfr safety bench`.

#include "device/fault_bench.hpp"

#include <gtest/gtest.h>

#include "core/alarm_policy.hpp"

namespace bfr::device {
namespace {

TEST(FaultBench, EveryClassIsCaughtAndEndsSafe) {
  FaultBenchDesign design;
  design.runs_per_class = 3;
  const FaultBenchReport report = run_fault_bench(design);
  ASSERT_EQ(report.classes.size(), static_cast<std::size_t>(FaultClass::kCount));
  for (const FaultRun& run : report.runs) {
    SCOPED_TRACE(std::string(fault_class_name(run.fault)) + " person " +
                 std::to_string(run.person));
    if (run.fault == FaultClass::kNone) {
      EXPECT_FALSE(run.detected) << core::to_string(run.alarm);
      continue;
    }
    EXPECT_TRUE(run.detected) << run.note;
    EXPECT_TRUE(run.safe);
    const FaultBound bound = stated_bound(run.fault);
    EXPECT_LE(run.detect_s, bound.detect_s);
    EXPECT_LE(run.safe_s, bound.safe_s);
  }
  EXPECT_TRUE(report.pass);
}

TEST(FaultBench, TheAlarmFitsTheFault) {
  // Where one condition is the fault's own, that is the one that fires.
  const auto first_alarm = [](FaultClass fault) { return run_fault_scenario(fault, 0, 1).alarm; };
  EXPECT_EQ(first_alarm(FaultClass::kSensorDriverFault), core::Alarm::kSensorFault);
  EXPECT_EQ(first_alarm(FaultClass::kSensorDrift), core::Alarm::kSensorDisagreement);
  EXPECT_EQ(first_alarm(FaultClass::kVentStuckClosed), core::Alarm::kValveNoRelease);
  EXPECT_EQ(first_alarm(FaultClass::kHostHeartbeatLost), core::Alarm::kHostHeartbeatLost);
  EXPECT_EQ(first_alarm(FaultClass::kEmergencyStop), core::Alarm::kEmergencyStop);
  EXPECT_EQ(first_alarm(FaultClass::kRestrictionLimit), core::Alarm::kInflationTimeLimit);
  EXPECT_EQ(first_alarm(FaultClass::kSessionLimit), core::Alarm::kSessionRestrictionLimit);
}

TEST(FaultBench, ScenariosAreReproducible) {
  const FaultRun a = run_fault_scenario(FaultClass::kLeak, 4, 7);
  const FaultRun b = run_fault_scenario(FaultClass::kLeak, 4, 7);
  EXPECT_EQ(a.inject_at_s, b.inject_at_s);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.alarm, b.alarm);
  EXPECT_EQ(a.detect_s, b.detect_s);
}

}  // namespace
}  // namespace bfr::device

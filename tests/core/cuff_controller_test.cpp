// The cuff controller's state machine, driven with synthetic readings.

#include "core/cuff_controller.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <cmath>
#include <numbers>
#include <optional>
#include <string>

namespace bfr::core {
namespace {

const Pressure kLop = Pressure::mmhg(200.0f);
const Pressure kTarget = Pressure::mmhg(160.0f);  // 80 % of kLop
const Pressure kDeflated = Pressure::mmhg(5.0f);

ExercisePlan plan() {
  return standard_plan(kLop, Fraction(0.8f), Duration::from_seconds(30.0f));
}

Command cmd(CommandKind kind) {
  return {kind, {}};
}
Command start(const ExercisePlan& p) {
  return {CommandKind::kStartExercise, p};
}
Readings at(Pressure p, bool ok = true) {
  return {p, ok};
}

std::optional<Event> find(const Outputs& out, EventKind kind) {
  for (const Event& e : out.events) {
    if (e.kind == kind) return e;
  }
  return std::nullopt;
}

std::optional<Rejection> rejection(const Outputs& out) {
  if (auto e = find(out, EventKind::kCommandRejected)) return static_cast<Rejection>(e->code);
  return std::nullopt;
}

// These tests drive the phases with scripted readings that jump from one
// value to the next and ignore what the actuators do. The supervisor's
// checks that a real cuff follows its pump and valves and that a sensor
// moves plausibly would call that a fault; they are tested in
// safety_supervisor_test.cpp and against the simulated plant in
// tests/device, and switched off here.
ControllerConfig phase_test_config() {
  ControllerConfig config;
  config.safety.max_rate = PressureRate::mmhg_per_s(1e9f);
  config.safety.pump_check_duty = Fraction(2.0f);
  config.safety.valve_check_time = Duration::from_seconds(1e6f);
  config.safety.leak_mean_duty = Fraction(2.0f);
  return config;
}

// Steps the controller at 100 Hz with an injected clock. Readings carry a
// little noise: one that never changes would look like a stuck sensor.
class Harness {
 public:
  Harness() : controller_(phase_test_config()) {}

  Outputs step(const Command& c, Readings in) {
    now_ += Duration::from_ms(10);
    wobble_ = -wobble_;
    in.cuff += Pressure::mmhg(wobble_);
    return controller_.step(now_, c, in);
  }
  Outputs step(Readings in) { return step(Command{}, in); }
  // Holds the readings for `seconds`; returns the last output.
  Outputs hold(Readings in, float seconds) {
    Outputs out;
    const int n = static_cast<int>(std::lround(seconds * 100.0f));
    for (int i = 0; i < n; ++i) out = step(in);
    return out;
  }

  // Idle -> inflating -> first set running, cuff reading exactly at target.
  void run_into_first_set() {
    const Outputs o = step(start(plan()), at(kDeflated));
    ASSERT_EQ(o.phase, Phase::kInflating);
    ASSERT_FALSE(rejection(o));
    for (int i = 0; i < 200 && controller_.phase() != Phase::kExercise; ++i) step(at(kTarget));
    ASSERT_EQ(controller_.phase(), Phase::kExercise);
  }

  TimePoint now() const { return now_; }
  const CuffController& controller() const { return controller_; }

 private:
  CuffController controller_;
  TimePoint now_;
  float wobble_ = 0.05f;
};

// --- Commands refused ------------------------------------------------------

TEST(CuffController, StartsIdleAndVented) {
  Harness h;
  const Outputs o = h.step(at(kDeflated));
  EXPECT_EQ(o.phase, Phase::kIdle);
  EXPECT_TRUE(o.actuators.vent_open);
  EXPECT_EQ(o.actuators.pump_duty.value(), 0.0f);
  EXPECT_EQ(o.set_index, -1);
  EXPECT_FALSE(o.alarms.any());
}

TEST(CuffController, RejectsCommandsWhenBusy) {
  Harness h;
  h.step(start(plan()), at(kDeflated));
  ASSERT_EQ(h.controller().phase(), Phase::kInflating);
  EXPECT_EQ(rejection(h.step(cmd(CommandKind::kMeasureLop), at(Pressure::mmhg(15.0f)))),
            Rejection::kBusy);
  EXPECT_EQ(rejection(h.step(start(plan()), at(Pressure::mmhg(15.0f)))), Rejection::kBusy);
  EXPECT_EQ(h.controller().phase(), Phase::kInflating);  // refused changes nothing

  Harness m;
  m.step(cmd(CommandKind::kMeasureLop), at(kDeflated));
  ASSERT_EQ(m.controller().phase(), Phase::kMeasuringLop);
  EXPECT_EQ(rejection(m.step(start(plan()), at(kDeflated))), Rejection::kBusy);
  EXPECT_EQ(m.controller().phase(), Phase::kMeasuringLop);
}

TEST(CuffController, RejectsCommandsInTheSafeState) {
  Harness h;
  ASSERT_EQ(h.step(cmd(CommandKind::kEmergencyStop), at(kDeflated)).phase, Phase::kSafeState);
  EXPECT_EQ(rejection(h.step(cmd(CommandKind::kMeasureLop), at(kDeflated))),
            Rejection::kNeedsReset);
  EXPECT_EQ(rejection(h.step(start(plan()), at(kDeflated))), Rejection::kNeedsReset);
  EXPECT_EQ(h.controller().phase(), Phase::kSafeState);
}

TEST(CuffController, RejectsInvalidPlans) {
  Harness h;
  ExercisePlan p = plan();
  p.set_count = 0;
  const Outputs o = h.step(start(p), at(kDeflated));
  EXPECT_EQ(rejection(o), Rejection::kInvalidPlan);
  EXPECT_EQ(o.phase, Phase::kIdle);
  EXPECT_TRUE(o.actuators.vent_open);
}

TEST(CuffController, RejectsATargetAboveLop) {
  Harness h;
  ExercisePlan p = plan();
  p.target_share = Fraction(1.1f);
  const Outputs o = h.step(start(p), at(kDeflated));
  EXPECT_EQ(rejection(o), Rejection::kTargetAboveLop);
  EXPECT_EQ(o.phase, Phase::kIdle);
}

TEST(CuffController, RejectsATargetAboveTheCap) {
  Harness h;
  ExercisePlan p = plan();
  p.lop = Pressure::mmhg(390.0f);  // 0.8 x 390 = 312 > 300
  EXPECT_EQ(rejection(h.step(start(p), at(kDeflated))), Rejection::kTargetAboveCap);
}

TEST(CuffController, LopMeasurementNeedsADeflatedCuff) {
  Harness h;
  const Outputs o = h.step(cmd(CommandKind::kMeasureLop), at(Pressure::mmhg(40.0f)));
  EXPECT_EQ(rejection(o), Rejection::kCuffNotDeflated);
  EXPECT_EQ(o.phase, Phase::kIdle);
}

TEST(CuffController, EndSetOutsideASetIsRejected) {
  Harness h;
  EXPECT_EQ(rejection(h.step(cmd(CommandKind::kEndSet), at(kDeflated))), Rejection::kNotInSet);
  h.step(start(plan()), at(kDeflated));
  EXPECT_EQ(rejection(h.step(cmd(CommandKind::kEndSet), at(Pressure::mmhg(60.0f)))),
            Rejection::kNotInSet);  // still inflating
  EXPECT_EQ(h.controller().phase(), Phase::kInflating);
}

// --- The exercise protocol ---------------------------------------------------

TEST(CuffController, InflatesThenRegulatesAtTarget) {
  Harness h;
  const Outputs first = h.step(start(plan()), at(kDeflated));
  EXPECT_EQ(first.phase, Phase::kInflating);
  EXPECT_EQ(first.target, kTarget);
  EXPECT_GT(first.actuators.pump_duty.value(), 0.0f);
  EXPECT_FALSE(first.actuators.vent_open);
  // Near target (within 5 %) but not yet for 500 ms: no set yet.
  Outputs o = h.hold(at(kTarget), 0.4f);
  EXPECT_EQ(o.phase, Phase::kInflating);
  o = h.hold(at(kTarget), 0.2f);
  EXPECT_EQ(o.phase, Phase::kExercise);
  EXPECT_EQ(o.set_index, 0);
  // During the set: pumps when low, bleeds when high.
  o = h.step(at(kTarget - Pressure::mmhg(10.0f)));
  EXPECT_GT(o.actuators.pump_duty.value(), 0.0f);
  EXPECT_EQ(o.actuators.bleed_opening.value(), 0.0f);
  o = h.hold(at(kTarget + Pressure::mmhg(10.0f)), 1.0f);
  EXPECT_GT(o.actuators.bleed_opening.value(), 0.0f);
  EXPECT_EQ(o.actuators.pump_duty.value(), 0.0f);
  EXPECT_FALSE(o.actuators.vent_open);
}

TEST(CuffController, RunsAllSetsWithRestsThenDeflates) {
  Harness h;
  h.run_into_first_set();
  for (int set = 0; set < 4; ++set) {
    ASSERT_EQ(h.controller().phase(), Phase::kExercise) << "set " << set;
    h.hold(at(kTarget), 10.0f);
    const Outputs end = h.step(cmd(CommandKind::kEndSet), at(kTarget));
    const auto ended = find(end, EventKind::kSetEnded);
    ASSERT_TRUE(ended);
    EXPECT_EQ(ended->set_index, set);
    EXPECT_EQ(ended->code, 0);  // ended by the host, not the time cap
    if (set == 3) {
      EXPECT_EQ(end.phase, Phase::kDeflating);
      EXPECT_TRUE(end.actuators.vent_open);
      break;
    }
    EXPECT_EQ(end.phase, Phase::kRest);
    EXPECT_EQ(end.set_index, set);
    // The cuff stays regulated through the rest (bfr-facts section 1).
    Outputs rest = h.hold(at(kTarget - Pressure::mmhg(5.0f)), 29.0f);
    EXPECT_EQ(rest.phase, Phase::kRest);
    EXPECT_EQ(rest.target, kTarget);
    EXPECT_GT(rest.actuators.pump_duty.value(), 0.0f);
    rest = h.hold(at(kTarget), 1.0f);
    EXPECT_EQ(rest.phase, Phase::kExercise);
    EXPECT_EQ(rest.set_index, set + 1);
  }
  Outputs o = h.hold(at(Pressure::mmhg(50.0f)), 1.0f);
  EXPECT_EQ(o.phase, Phase::kDeflating);
  o = h.step(at(kDeflated));
  EXPECT_EQ(o.phase, Phase::kIdle);
  EXPECT_TRUE(o.actuators.vent_open);
  EXPECT_EQ(o.target, Pressure{});
  EXPECT_FALSE(o.alarms.any());
}

TEST(CuffController, SetTimeCapEndsASet) {
  Harness h;
  h.run_into_first_set();
  const Duration cap = plan().max_set_duration;
  // The host never sends EndSet.
  Outputs o = h.hold(at(kTarget), cap.seconds() - 0.5f);
  EXPECT_EQ(o.phase, Phase::kExercise);
  std::optional<Event> ended;
  for (int i = 0; i < 100 && !ended; ++i) {
    o = h.step(at(kTarget));
    ended = find(o, EventKind::kSetEnded);
  }
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->code, 1);  // by the time cap
  EXPECT_EQ(ended->set_index, 0);
  EXPECT_EQ(o.phase, Phase::kRest);
}

TEST(CuffController, StopDeflatesFromEveryActivePhase) {
  {
    Harness h;  // during a set
    h.run_into_first_set();
    const Outputs o = h.step(cmd(CommandKind::kStop), at(kTarget));
    EXPECT_EQ(o.phase, Phase::kDeflating);
    EXPECT_TRUE(o.actuators.vent_open);
    EXPECT_EQ(o.actuators.pump_duty.value(), 0.0f);
    EXPECT_EQ(h.hold(at(Pressure::mmhg(30.0f)), 2.0f).phase, Phase::kDeflating);
    EXPECT_EQ(h.step(at(kDeflated)).phase, Phase::kIdle);
    EXPECT_FALSE(h.controller().supervisor().latched());  // a stop is not an alarm
  }
  {
    Harness h;  // during inflation
    h.step(start(plan()), at(kDeflated));
    EXPECT_EQ(h.step(cmd(CommandKind::kStop), at(Pressure::mmhg(80.0f))).phase, Phase::kDeflating);
  }
  {
    Harness h;  // during a LOP measurement
    h.step(cmd(CommandKind::kMeasureLop), at(kDeflated));
    h.hold(at(Pressure::mmhg(40.0f)), 1.0f);
    const Outputs o = h.step(cmd(CommandKind::kStop), at(Pressure::mmhg(45.0f)));
    EXPECT_EQ(o.phase, Phase::kDeflating);
    EXPECT_TRUE(o.actuators.vent_open);
    EXPECT_EQ(h.controller().lop().failure(), LopFailure::kStopped);
  }
}

TEST(CuffController, InflationThatNeverArrivesTrips) {
  Harness h;
  h.step(start(plan()), at(kDeflated));
  // A leak: the cuff never gets above 60 mmHg.
  const Outputs before = h.hold(at(Pressure::mmhg(60.0f)), 29.9f);
  EXPECT_EQ(before.phase, Phase::kInflating);
  Outputs o;
  for (int i = 0; i < 50 && o.phase != Phase::kSafeState; ++i)
    o = h.step(at(Pressure::mmhg(60.0f)));
  EXPECT_EQ(o.phase, Phase::kSafeState);
  EXPECT_TRUE(o.alarms.has(Alarm::kInflationFailed));
  EXPECT_TRUE(o.actuators.vent_open);
}

// --- Emergency stop and the supervisor's last word -------------------------

TEST(CuffController, EmergencyStopVentsImmediatelyAndLatchesUntilReset) {
  Harness h;
  h.run_into_first_set();
  const Outputs o = h.step(cmd(CommandKind::kEmergencyStop), at(kTarget - Pressure::mmhg(10.0f)));
  // The same step: no pumping even though the cuff is below target.
  EXPECT_TRUE(o.actuators.vent_open);
  EXPECT_EQ(o.actuators.pump_duty.value(), 0.0f);
  EXPECT_EQ(o.actuators.bleed_opening.value(), 1.0f);  // every way out open
  EXPECT_EQ(o.phase, Phase::kSafeState);
  EXPECT_EQ(o.target, Pressure{});
  EXPECT_TRUE(o.alarms.has(Alarm::kEmergencyStop));
  const auto raised = find(o, EventKind::kAlarmRaised);
  ASSERT_TRUE(raised);
  EXPECT_EQ(static_cast<Alarm>(raised->code), Alarm::kEmergencyStop);

  // Latched: minutes later, with a normal reading, still vented.
  Outputs later = h.hold(at(Pressure::mmhg(100.0f)), 120.0f);
  EXPECT_EQ(later.phase, Phase::kSafeState);
  EXPECT_TRUE(later.actuators.vent_open);
  EXPECT_TRUE(later.alarms.has(Alarm::kEmergencyStop));

  // A reset while the cuff is still up is refused.
  later = h.step(cmd(CommandKind::kReset), at(Pressure::mmhg(100.0f)));
  EXPECT_EQ(rejection(later), Rejection::kCuffNotDeflated);
  EXPECT_EQ(later.phase, Phase::kSafeState);

  // Deflated: the reset is accepted and the controller can work again.
  const Outputs reset = h.step(cmd(CommandKind::kReset), at(kDeflated));
  EXPECT_FALSE(rejection(reset));
  EXPECT_EQ(reset.phase, Phase::kIdle);
  EXPECT_FALSE(reset.alarms.any());
  const Outputs again = h.step(cmd(CommandKind::kMeasureLop), at(kDeflated));
  EXPECT_FALSE(rejection(again));
  EXPECT_EQ(again.phase, Phase::kMeasuringLop);
}

TEST(CuffController, EmergencyStopDuringLopMeasurementAbortsIt) {
  Harness h;
  h.step(cmd(CommandKind::kMeasureLop), at(kDeflated));
  const Outputs o = h.step(cmd(CommandKind::kEmergencyStop), at(Pressure::mmhg(20.0f)));
  EXPECT_EQ(o.phase, Phase::kSafeState);
  EXPECT_TRUE(o.actuators.vent_open);
  EXPECT_EQ(h.controller().lop().state(), LopState::kFailed);
}

TEST(CuffController, ResetOutsideTheSafeStateDoesNothing) {
  Harness h;
  h.run_into_first_set();
  const Outputs o = h.step(cmd(CommandKind::kReset), at(kTarget));
  EXPECT_EQ(o.phase, Phase::kExercise);
  EXPECT_FALSE(rejection(o));
}

// Each case puts the controller into a phase where it asks for the pump,
// checks that it does, then feeds a reading the supervisor must act on.
struct OverrideCase {
  const char* name;
  Phase phase;
  Readings fault;
  Alarm alarm;
};

std::string override_name(const ::testing::TestParamInfo<OverrideCase>& param_info) {
  return param_info.param.name;
}

class SupervisorOverride : public ::testing::TestWithParam<OverrideCase> {};

TEST_P(SupervisorOverride, VentsWhateverThePhaseRequested) {
  const OverrideCase c = GetParam();
  Harness h;
  const Readings low = at(kTarget - Pressure::mmhg(20.0f));
  Outputs o;
  switch (c.phase) {
    case Phase::kMeasuringLop:
      h.step(cmd(CommandKind::kMeasureLop), at(kDeflated));
      o = h.step(at(Pressure::mmhg(10.0f)));  // filling: pump flat out
      break;
    case Phase::kInflating:
      h.step(start(plan()), at(kDeflated));
      o = h.step(low);
      break;
    case Phase::kExercise:
      h.run_into_first_set();
      o = h.step(low);
      break;
    case Phase::kRest:
      h.run_into_first_set();
      h.step(cmd(CommandKind::kEndSet), at(kTarget));
      o = h.step(low);
      break;
    default:
      FAIL() << "no such case";
  }
  ASSERT_EQ(o.phase, c.phase);
  ASSERT_GT(o.actuators.pump_duty.value(), 0.0f) << "the phase should be asking for air";

  o = h.step(c.fault);
  EXPECT_EQ(o.phase, Phase::kSafeState);
  EXPECT_TRUE(o.actuators.vent_open);
  EXPECT_EQ(o.actuators.pump_duty.value(), 0.0f);
  EXPECT_EQ(o.actuators.bleed_opening.value(), 1.0f);
  EXPECT_TRUE(o.alarms.has(c.alarm));
  EXPECT_EQ(o.set_index, -1);
}

INSTANTIATE_TEST_SUITE_P(Phases, SupervisorOverride,
                         ::testing::Values(OverrideCase{"LopSensorFlag",
                                                        Phase::kMeasuringLop,
                                                        {Pressure::mmhg(10.0f), false},
                                                        Alarm::kSensorFault},
                                           OverrideCase{"LopSensorRange",
                                                        Phase::kMeasuringLop,
                                                        {Pressure::mmhg(-25.0f), true},
                                                        Alarm::kSensorOutOfRange},
                                           OverrideCase{"InflatingCap",
                                                        Phase::kInflating,
                                                        {Pressure::mmhg(300.5f), true},
                                                        Alarm::kOverPressureCap},
                                           OverrideCase{"InflatingSensor",
                                                        Phase::kInflating,
                                                        {Pressure::mmhg(120.0f), false},
                                                        Alarm::kSensorFault},
                                           OverrideCase{"ExerciseCap",
                                                        Phase::kExercise,
                                                        {Pressure::mmhg(310.0f), true},
                                                        Alarm::kOverPressureCap},
                                           OverrideCase{"ExerciseSensorRange",
                                                        Phase::kExercise,
                                                        {Pressure::mmhg(450.0f), true},
                                                        Alarm::kSensorOutOfRange},
                                           OverrideCase{"RestSensor",
                                                        Phase::kRest,
                                                        {Pressure::mmhg(140.0f), false},
                                                        Alarm::kSensorFault}),
                         override_name);

TEST(CuffController, MaxInflationTimeEndsALongSession) {
  // A plan whose sets never end keeps the cuff up; the 20 min limit deflates
  // it the controlled way and waits for acknowledgement.
  Harness h;
  ExercisePlan p = plan();
  p.max_set_duration = Duration::from_seconds(600.0f);
  h.step(start(p), at(kDeflated));
  Outputs o;
  const TimePoint inflated_at = h.now();
  while (!o.alarms.has(Alarm::kInflationTimeLimit) &&
         h.now() - inflated_at < Duration::from_seconds(1300.0f)) {
    o = h.step(at(kTarget));
  }
  EXPECT_TRUE(o.alarms.has(Alarm::kInflationTimeLimit));
  EXPECT_EQ(o.phase, Phase::kDeflating);
  EXPECT_TRUE(o.actuators.vent_open);
  EXPECT_EQ(o.actuators.pump_duty.value(), 0.0f);
  // 20 min after the cuff first read above 20 mmHg (the first step).
  EXPECT_NEAR((h.now() - inflated_at).seconds(), 1200.0f, 0.05f);
  // Down: the safe state, not idle, until the alarm is acknowledged.
  EXPECT_EQ(h.step(at(kDeflated)).phase, Phase::kSafeState);
  const Outputs refused = h.step(cmd(CommandKind::kStartExercise), at(kDeflated));
  EXPECT_EQ(rejection(refused), Rejection::kNeedsReset);
  const Outputs reset = h.step(cmd(CommandKind::kReset), at(kDeflated));
  EXPECT_EQ(reset.phase, Phase::kIdle);
  EXPECT_TRUE(find(reset, EventKind::kAlarmCleared));
}

TEST(CuffController, SafetyActionsAreReportedAsEvents) {
  Harness h;
  h.run_into_first_set();
  const Outputs o = h.step(cmd(CommandKind::kEmergencyStop), at(kTarget));
  const auto action = find(o, EventKind::kSafetyAction);
  ASSERT_TRUE(action);
  EXPECT_EQ(static_cast<SafetyAction>(action->code), SafetyAction::kVent);
}

TEST(CuffController, HostLossWhileIdleLatchesTheSafeState) {
  Harness h;
  Readings lost = at(kDeflated);
  lost.host_heartbeat_lost = true;
  const Outputs o = h.step(lost);
  EXPECT_EQ(o.phase, Phase::kSafeState);
  EXPECT_TRUE(o.alarms.has(Alarm::kHostHeartbeatLost));
  // Nothing starts until the host is back and acknowledges.
  EXPECT_EQ(rejection(h.step(cmd(CommandKind::kMeasureLop), lost)), Rejection::kNeedsReset);
  EXPECT_EQ(rejection(h.step(cmd(CommandKind::kReset), lost)), Rejection::kConditionPresent);
  h.step(at(kDeflated));  // the heartbeat is back
  EXPECT_EQ(h.step(cmd(CommandKind::kReset), at(kDeflated)).phase, Phase::kIdle);
}

TEST(CuffController, BeginSessionOnlyWhenIdle) {
  Harness h;
  EXPECT_FALSE(rejection(h.step(cmd(CommandKind::kBeginSession), at(kDeflated))));
  h.run_into_first_set();
  EXPECT_EQ(rejection(h.step(cmd(CommandKind::kBeginSession), at(kTarget))), Rejection::kBusy);
}

// --- A new target and tighter limits from the host -------------------------

Command set_target(float share) {
  Command c{CommandKind::kSetTarget, {}};
  c.target_share = Fraction(share);
  return c;
}

Command configure(LimitChange change) {
  Command c{CommandKind::kConfigureLimits, {}};
  c.limits = change;
  return c;
}

TEST(CuffController, SetTargetMovesTheHeldTargetDuringAnExercise) {
  Harness h;
  h.run_into_first_set();
  EXPECT_FALSE(rejection(h.step(set_target(0.6f), at(kTarget))));
  const Outputs o = h.step(at(kTarget));
  EXPECT_NEAR(o.target.mmhg(), 120.0f, 0.01f);  // 60 % of 200 mmHg
  // Above target now: the regulator lets air out, it does not pump.
  EXPECT_EQ(o.actuators.pump_duty.value(), 0.0f);
  // It stays for the rest and the next set.
  h.step(cmd(CommandKind::kEndSet), at(Pressure::mmhg(120.0f)));
  EXPECT_EQ(h.controller().phase(), Phase::kRest);
  EXPECT_NEAR(h.step(at(Pressure::mmhg(120.0f))).target.mmhg(), 120.0f, 0.01f);
}

TEST(CuffController, SetTargetRefusedOutsideAnExerciseOrOutOfBoundsChangesNothing) {
  Harness h;
  EXPECT_EQ(rejection(h.step(set_target(0.6f), at(kDeflated))), Rejection::kNoExercise);
  h.run_into_first_set();
  EXPECT_EQ(rejection(h.step(set_target(1.05f), at(kTarget))), Rejection::kTargetAboveLop);
  EXPECT_EQ(rejection(h.step(set_target(0.0f), at(kTarget))), Rejection::kInvalidPlan);
  EXPECT_EQ(rejection(h.step(set_target(std::nanf("")), at(kTarget))), Rejection::kInvalidPlan);
  EXPECT_NEAR(h.step(at(kTarget)).target.mmhg(), kTarget.mmhg(), 0.01f);
}

TEST(CuffController, ConfigureLimitsTightensOnlyAndOnlyWhenIdle) {
  Harness h;
  const SafetyLimits built = h.controller().supervisor().limits();
  // Above the built cap, or a cap no cuff could work under: refused.
  EXPECT_EQ(rejection(h.step(configure({Pressure::mmhg(320.0f), {}, {}}), at(kDeflated))),
            Rejection::kLimitLoosened);
  EXPECT_EQ(rejection(h.step(configure({Pressure::mmhg(15.0f), {}, {}}), at(kDeflated))),
            Rejection::kInvalidPlan);
  EXPECT_EQ(rejection(h.step(configure({{}, Duration::from_seconds(30.0f), {}}), at(kDeflated))),
            Rejection::kInvalidPlan);
  EXPECT_EQ(
      rejection(h.step(configure({{}, {}, built.max_session_restriction * 2}), at(kDeflated))),
      Rejection::kLimitLoosened);
  EXPECT_EQ(h.controller().supervisor().limits().hard_cap, built.hard_cap);

  // Accepted: a 200 mmHg cap and a 10 min restriction.
  EXPECT_FALSE(rejection(h.step(
      configure({Pressure::mmhg(200.0f), Duration::from_seconds(600.0f), {}}), at(kDeflated))));
  EXPECT_EQ(h.controller().supervisor().limits().hard_cap, Pressure::mmhg(200.0f));
  EXPECT_EQ(h.controller().supervisor().limits().max_inflation, Duration::from_seconds(600.0f));
  EXPECT_EQ(h.controller().supervisor().limits().max_session_restriction,
            built.max_session_restriction);
  // A plan the built cap allows is now over the cap.
  ExercisePlan high = plan();
  high.lop = Pressure::mmhg(260.0f);  // 80 %: 208 mmHg
  EXPECT_EQ(rejection(h.step(start(high), at(kDeflated))), Rejection::kTargetAboveCap);
  // Looser again, still within the built limits: allowed.
  EXPECT_FALSE(rejection(h.step(configure({Pressure::mmhg(250.0f), {}, {}}), at(kDeflated))));
  EXPECT_EQ(h.controller().supervisor().limits().hard_cap, Pressure::mmhg(250.0f));

  h.run_into_first_set();
  EXPECT_EQ(rejection(h.step(configure({Pressure::mmhg(220.0f), {}, {}}), at(kTarget))),
            Rejection::kBusy);
  EXPECT_EQ(h.controller().supervisor().limits().hard_cap, Pressure::mmhg(250.0f));
}

TEST(CuffController, ATightenedCapIsTheSupervisorsCap) {
  Harness h;
  ASSERT_FALSE(rejection(h.step(configure({Pressure::mmhg(200.0f), {}, {}}), at(kDeflated))));
  h.run_into_first_set();  // target 160 mmHg
  const Outputs o = h.step(at(Pressure::mmhg(205.0f)));
  EXPECT_TRUE(o.alarms.has(Alarm::kOverPressureCap));
}

TEST(CuffController, LopFailureIsReportedAndDeflates) {
  // A cuff signal without any pulse: the measurement gives up (no pulse)
  // and the controller deflates.
  Harness h;
  h.step(cmd(CommandKind::kMeasureLop), at(kDeflated));
  float cuff = 0;
  std::optional<Event> failed;
  Outputs o;
  for (int i = 0; i < 3000 && !failed; ++i) {
    o = h.step(at(Pressure::mmhg(cuff)));
    cuff += 0.4f * o.actuators.pump_duty.value();  // 40 mmHg/s at full duty
    failed = find(o, EventKind::kLopFailed);
  }
  ASSERT_TRUE(failed);
  EXPECT_EQ(static_cast<LopFailure>(failed->code), LopFailure::kNoPulse);
  EXPECT_EQ(o.phase, Phase::kDeflating);
  EXPECT_TRUE(o.actuators.vent_open);
}

TEST(CuffController, LopSuccessIsReportedAndDeflates) {
  // A cuff that follows the pump (40 mmHg/s at full duty) and the bleed,
  // with a sinusoidal 72 bpm pulse whose amplitude peaks at 120 mmHg over a
  // residual floor (the cuff picks up a pulse above occlusion too): the
  // measurement must end with a kLopMeasured event and hand over to
  // deflation.
  Harness h;
  h.step(cmd(CommandKind::kMeasureLop), at(kDeflated));
  double cuff = 0;
  std::optional<Event> measured;
  Outputs o;
  constexpr double kPeak = 3.0, kFloorShare = 0.1, kCentre = 120.0, kSigma = 22.0;
  for (int i = 1; i < 12000 && !measured; ++i) {
    const double t = i / 100.0;
    const double g = std::exp(-0.5 * std::pow((cuff - kCentre) / kSigma, 2));
    const double amp = 0.5 * kPeak * (kFloorShare + (1 - kFloorShare) * g);
    const double reading = cuff + amp * std::sin(2 * std::numbers::pi * 1.2 * t);
    o = h.step(at(Pressure::mmhg(static_cast<float>(reading))));
    if (!o.actuators.vent_open) {
      cuff += 0.4 * o.actuators.pump_duty.value() -
              0.01 * o.actuators.bleed_opening.value() * std::sqrt(std::max(cuff, 0.0));
    }
    measured = find(o, EventKind::kLopMeasured);
  }
  ASSERT_TRUE(measured);
  // Where the envelope falls to a quarter of the way from its floor to its
  // peak (the live estimator's threshold), on the Gaussian's falling side.
  // The accuracy of the method is lop_measurement_test's; here the value
  // only has to be the measurement's, not some other number.
  const double share = live_occlusion_config().threshold.value();
  const double expected = kCentre + kSigma * std::sqrt(-2 * std::log(share));
  EXPECT_NEAR(measured->value.mmhg(), expected, 10.0);
  EXPECT_EQ(o.phase, Phase::kDeflating);
  EXPECT_TRUE(o.actuators.vent_open);
  EXPECT_EQ(h.controller().lop().state(), LopState::kSucceeded);
}

TEST(CuffController, TheLimbNamedInTheCommandSetsTheMeasurementsPace) {
  // Three starts of the ramp that tell the paces apart: the fill runs on to
  // the named limb's start, and the ramp begins there.
  ControllerConfig config = phase_test_config();
  config.lop.pace.start = Pressure::mmhg(30.0f);
  config.lop.upper_arm_pace.start = Pressure::mmhg(40.0f);
  config.lop.thigh_pace.start = Pressure::mmhg(60.0f);
  struct Case {
    std::optional<LimbSegment> limb;
    Pressure start;
  };
  for (const Case& c : {Case{std::nullopt, Pressure::mmhg(30.0f)},
                        Case{LimbSegment::kUpperArm, Pressure::mmhg(40.0f)},
                        Case{LimbSegment::kThigh, Pressure::mmhg(60.0f)}}) {
    CuffController controller(config);
    TimePoint now;
    Command measure = cmd(CommandKind::kMeasureLop);
    measure.limb = c.limb;
    controller.step(now, measure, at(kDeflated));
    ASSERT_EQ(controller.phase(), Phase::kMeasuringLop);
    EXPECT_EQ(controller.lop().pace().start, c.start);
    // Just under the start the pump is still filling flat out; at it the
    // ramp has begun.
    now += Duration::from_ms(10);
    const Outputs under = controller.step(now, {}, at(c.start - Pressure::mmhg(1.0f)));
    EXPECT_EQ(controller.lop().stage(), LopStage::kFill);
    EXPECT_EQ(under.actuators.pump_duty.value(), 1.0f);
    now += Duration::from_ms(10);
    controller.step(now, {}, at(c.start));
    EXPECT_EQ(controller.lop().stage(), LopStage::kFast);
  }
}

}  // namespace
}  // namespace bfr::core

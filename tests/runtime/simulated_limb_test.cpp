// The virtual device's simulated person across set ends: the host ends each
// set the moment the device's count reaches the target (the top of the last
// rep), and the next set starts 2 s later while the muscle is still coming
// back from it. Nothing in that is a fault: no alarm may be raised. (A
// muscle volume that jumped at a set start once made the supervisor see a
// pressure change no cuff can make, sensor_implausible_rate.)

#include "runtime/simulated_limb.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "sim/person.hpp"

namespace bfr::runtime {
namespace {

struct ShortExerciseRun {
  std::string first_alarm;  // empty when none
  int sets_ended_by_host = 0;
  bool ended_idle = false;
};

ShortExerciseRun run_short_exercise(std::uint64_t seed) {
  SimulatedLimb limb(sim::plant_for(sim::demo_person(), {sim::Segment::kThigh, 11.5},
                                    sim::mpx5050_profile(100), seed),
                     core::ControllerConfig{});
  const auto lop = core::Pressure::mmhg(static_cast<float>(*limb.simulation_true_lop_mmhg()));
  core::ExercisePlan plan =
      core::standard_plan(lop, core::Fraction(0.8f), core::Duration::from_seconds(2.0f));
  plan.set_count = 2;
  plan.target_reps[0] = 3;
  plan.target_reps[1] = 2;
  ShortExerciseRun out;
  core::Command command{core::CommandKind::kStartExercise, plan};
  int ended_set = -1;
  for (int frame = 0; frame < 12000; ++frame) {
    const device::Telemetry t = limb.exchange(command);
    command = {};
    for (const core::Event& e : t.outputs.events) {
      if (e.kind == core::EventKind::kAlarmRaised && out.first_alarm.empty()) {
        out.first_alarm = core::to_string(static_cast<core::Alarm>(e.code));
      }
    }
    const int set = t.outputs.set_index;
    if (t.outputs.phase == core::Phase::kExercise && set >= 0 && set != ended_set &&
        t.outputs.reps >= plan.target_reps[static_cast<std::size_t>(set)]) {
      command = {core::CommandKind::kEndSet, {}};
      ended_set = set;
      ++out.sets_ended_by_host;
    }
    if (frame > 100 && t.outputs.phase == core::Phase::kIdle) {
      out.ended_idle = true;
      break;
    }
  }
  return out;
}

TEST(SimulatedLimb, SetsEndedAtTheLastRepsPeakWithShortRestsRaiseNoAlarm) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const ShortExerciseRun r = run_short_exercise(seed);
    EXPECT_EQ(r.first_alarm, "") << "seed " << seed;
    EXPECT_TRUE(r.ended_idle) << "seed " << seed;
    // The host ended at least the first set (the person may end the second
    // first, by finishing it).
    EXPECT_GE(r.sets_ended_by_host, 1) << "seed " << seed;
  }
}

}  // namespace
}  // namespace bfr::runtime

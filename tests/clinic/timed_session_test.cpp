// Timed work on the simulated device through the SessionRunner: aerobic
// bouts in one inflation (the cuff stays up through the rests) and passive
// cycles as separate inflations with the cuff down in between; each set
// lasts its prescribed time and the session keeps one trace. Requests the
// runner must refuse store nothing. On every backend.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <vector>

#include "clinic/repository.hpp"
#include "clinic/session_runner.hpp"
#include "clinic_test_support.hpp"
#include "device/set_reporter.hpp"
#include "device/virtual_device.hpp"
#include "sim/person.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::clinic::testing {
namespace {

using ::testing::HasSubstr;

// One controller frame at the 100 Hz sensor rate: a timed set ends on the
// first frame at or after its time.
constexpr double kFrameS = 0.01;
constexpr double kRestrictedAboveMmhg = 20;  // core::SafetyLimits::restricted_above

class TimedSessionTest : public RepositoryTest {
 protected:
  LopMeasurement stored_lop() {
    LopMeasurement lop = sample_lop_measurement(limb_id_);
    lop.id = repository_->add_lop_measurement(lop);
    return lop;
  }

  ExerciseOutcome run(const ExerciseRequest& request, const LopMeasurement& lop) {
    device::VirtualDevice device(sim::plant_for(sim::demo_person(), {sim::Segment::kThigh, 11.5},
                                                sim::mpx5050_profile(100), 1),
                                 core::ControllerConfig{});
    RunObserver quiet;
    SessionRunner runner(device, *repository_, quiet, Pacer{});
    device::SimulatedLifterReporter lifter(device);
    return runner.run_exercise(*repository_->get_patient(patient_id_),
                               repository_->limbs_of(patient_id_).front(), lop, request, lifter);
  }

  // Seconds of trace between two session times with the cuff below the
  // restriction threshold.
  double seconds_deflated(const std::vector<TraceSample>& trace, double from_s, double to_s) {
    const auto n = std::count_if(trace.begin(), trace.end(), [&](const TraceSample& s) {
      return s.t_s > from_s && s.t_s < to_s && s.cuff_mmhg < kRestrictedAboveMmhg;
    });
    return static_cast<double>(n) * kFrameS;
  }
};

INSTANTIATE_TEST_SUITE_P(Backend, TimedSessionTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

ExerciseRequest timed(std::vector<int> sets, double set_s, double rest_s, int inflations,
                      double deflated_s) {
  ExerciseRequest r;
  r.exercise = "timed work";
  r.target_fraction = 0.6;
  r.target_reps = std::move(sets);
  r.set_duration_s = set_s;
  r.rest_s = rest_s;
  r.inflations = inflations;
  r.deflated_between_s = deflated_s;
  r.started_at = "2025-03-03T09:00:00Z";
  return r;
}

TEST_P(TimedSessionTest, PassiveCyclesDeflateBetweenInflations) {
  const LopMeasurement lop = stored_lop();
  const ExerciseOutcome out = run(timed({0}, 20, 0, 3, 15), lop);
  EXPECT_EQ(out.session.stop_reason, "completed");

  const std::vector<SetRecord> sets = repository_->sets_of(out.session.id);
  ASSERT_EQ(sets.size(), 3U);
  for (std::size_t i = 0; i < sets.size(); ++i) {
    EXPECT_EQ(sets[i].set_index, static_cast<int>(i));
    EXPECT_EQ(sets[i].target_reps, 0);
    EXPECT_EQ(sets[i].actual_reps, 0);
    EXPECT_GE(sets[i].duration_s, 20 - 1e-6);
    EXPECT_LE(sets[i].duration_s, 20 + 2 * kFrameS);
  }
  const std::vector<TraceSample> trace = repository_->load_trace(*out.session.trace_id);
  for (std::size_t i = 0; i + 1 < sets.size(); ++i) {
    // The reperfusion, then the climb back to target.
    EXPECT_GE(sets[i].rest_after_s, 15);
    EXPECT_LT(sets[i].rest_after_s, 15 + 30);
    const double end = sets[i].started_s + sets[i].duration_s;
    EXPECT_GE(seconds_deflated(trace, end, sets[i + 1].started_s), 10) << "cycle " << i + 1;
  }
  // The trace numbers the sets across the inflations.
  std::set<int> indices;
  for (const TraceSample& s : trace) {
    if (s.set_index >= 0) indices.insert(s.set_index);
  }
  EXPECT_EQ(indices, (std::set<int>{0, 1, 2}));
  // Restricted for the three cycles and the climbs and falls around them,
  // not for the reperfusion.
  EXPECT_GE(out.session.total_restriction_s, 3 * 20);
  EXPECT_LT(out.session.total_restriction_s, trace.back().t_s - 2 * 10);
  EXPECT_EQ(repository_->get_session(out.session.id)->ended_at.substr(0, 13), "2025-03-03T09");
}

TEST_P(TimedSessionTest, AerobicBoutsKeepTheCuffUpThroughTheRests) {
  const LopMeasurement lop = stored_lop();
  const ExerciseOutcome out = run(timed({0, 0, 0}, 15, 10, 1, 0), lop);
  EXPECT_EQ(out.session.stop_reason, "completed");
  const std::vector<SetRecord> sets = repository_->sets_of(out.session.id);
  ASSERT_EQ(sets.size(), 3U);
  const std::vector<TraceSample> trace = repository_->load_trace(*out.session.trace_id);
  for (std::size_t i = 0; i < sets.size(); ++i) {
    EXPECT_GE(sets[i].duration_s, 15 - 1e-6);
    EXPECT_LE(sets[i].duration_s, 15 + 2 * kFrameS);
    if (i + 1 == sets.size()) break;
    EXPECT_NEAR(sets[i].rest_after_s, 10, 2 * kFrameS);
    const double end = sets[i].started_s + sets[i].duration_s;
    EXPECT_EQ(seconds_deflated(trace, end, sets[i + 1].started_s), 0) << "rest " << i + 1;
  }
  // One inflation: restricted from the first climb to the last fall.
  EXPECT_GE(out.session.total_restriction_s, 3 * 15 + 2 * 10);
}

// The prescription's restriction limit goes to the device, whose own
// supervisor then ends the inflation there: one 150 s timed set under a
// 90 s limit is cut short by the device, not by the runner's clock.
TEST_P(TimedSessionTest, TheDeviceEndsAnInflationAtThePrescriptionsRestrictionLimit) {
  const LopMeasurement lop = stored_lop();
  ExerciseRequest request = timed({0}, 150, 0, 1, 0);
  request.restriction_limit_s = 90;
  const ExerciseOutcome out = run(request, lop);
  EXPECT_THAT(out.session.stop_reason, HasSubstr("inflation_time_limit"));
  // Restricted up to the limit, then the controlled deflation.
  EXPECT_GE(out.session.total_restriction_s, 85);
  EXPECT_LT(out.session.total_restriction_s, 90 + 15);

  // The same set without the limit runs its full time.
  const ExerciseOutcome full = run(timed({0}, 150, 0, 1, 0), lop);
  EXPECT_EQ(full.session.stop_reason, "completed");
  EXPECT_GE(full.session.total_restriction_s, 150);
}

// A device built with a tighter limit than the prescription keeps its own:
// the refusal is stored as an event and the session runs.
TEST_P(TimedSessionTest, ADevicesTighterOwnLimitStandsAndTheSessionRuns) {
  const LopMeasurement lop = stored_lop();
  ExerciseRequest request = timed({0}, 10, 0, 1, 0);
  request.restriction_limit_s = 25 * 60;  // the device's own is 20 min
  const ExerciseOutcome out = run(request, lop);
  EXPECT_EQ(out.session.stop_reason, "completed");
  const std::vector<EventRecord> events = repository_->events_of(out.session.id);
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const EventRecord& e) {
    return e.kind == "command_rejected" && e.detail.find("tightened") != std::string::npos;
  }));
}

TEST_P(TimedSessionTest, InvalidRequestsAreRefusedBeforeAnythingIsStored) {
  const LopMeasurement lop = stored_lop();
  const std::string before = dump();
  const auto refused = [&](const ExerciseRequest& request, const std::string& expected) {
    try {
      run(request, lop);
      ADD_FAILURE() << "accepted; expected: " << expected;
    } catch (const std::invalid_argument& e) {
      EXPECT_THAT(e.what(), HasSubstr(expected));
    }
    EXPECT_EQ(dump(), before) << expected;
  };
  refused(timed({30}, 20, 0, 1, 0), "a timed set has no rep target");
  refused(timed({0}, 0, 0, 1, 0), "timed set of 0 s");
  refused(timed({0}, 21 * 60, 0, 1, 0), "timed set of 1260 s");
  refused(timed({0}, 20, 0, 0, 180), "inflations 0");
  refused(timed({0}, 20, 0, 11, 180), "inflations 11");
  refused(timed({0}, 20, 0, 2, -1), "reperfusion");

  ExerciseRequest negative;
  negative.target_reps = {30, -15, 15, 15};
  refused(negative, "target reps -15");
  ExerciseRequest no_limit;
  no_limit.restriction_limit_s = 0;
  refused(no_limit, "restriction limit 0 s");
  ExerciseRequest long_limit;
  long_limit.restriction_limit_s = 31 * 60;
  refused(long_limit, "restriction limit 1860 s");
  // 100 % of a 310 mmHg LOP is above the 300 mmHg hard cap.
  LopMeasurement high = lop;
  high.lop_mmhg = 310;
  ExerciseRequest full;
  full.target_fraction = 1.0;
  try {
    run(full, high);
    ADD_FAILURE() << "a target above the cap was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("at or above the 300 mmHg cap"));
  }
  EXPECT_EQ(dump(), before);
}

}  // namespace
}  // namespace bfr::clinic::testing

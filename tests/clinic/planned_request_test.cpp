// The runner's request for a planned exercise carries everything the plan
// and the prescription decided, the restriction limit included (the device
// ends an inflation there).

#include <gtest/gtest.h>

#include "clinic/planned_request.hpp"

namespace bfr::clinic {
namespace {

TEST(PlannedExerciseRequest, CarriesThePrescriptionThePlanAndTheSchedule) {
  SessionPlan plan;
  plan.assignment.id = 7;
  plan.phase = 2;
  PlannedExercise exercise;
  exercise.exercise.name = "leg press";
  exercise.exercise.prescription.target_fraction_of_lop = 0.6;
  exercise.exercise.prescription.restriction_limit_s = 420;
  exercise.load_kg = 12.5;
  WorkSchedule schedule;
  schedule.target_reps = {30, 15, 15};
  schedule.rest_s = 45;
  schedule.inflations = 2;
  schedule.deflated_between_s = 120;

  const ExerciseRequest r = planned_exercise_request(plan, exercise, schedule);
  EXPECT_EQ(r.exercise, "leg press");
  EXPECT_DOUBLE_EQ(r.target_fraction, 0.6);
  EXPECT_EQ(r.target_reps, (std::vector<int>{30, 15, 15}));
  EXPECT_DOUBLE_EQ(r.rest_s, 45);
  EXPECT_FALSE(r.set_duration_s.has_value());
  EXPECT_EQ(r.inflations, 2);
  EXPECT_DOUBLE_EQ(r.deflated_between_s, 120);
  ASSERT_TRUE(r.restriction_limit_s.has_value());
  EXPECT_DOUBLE_EQ(*r.restriction_limit_s, 420);
  ASSERT_TRUE(r.load_kg.has_value());
  EXPECT_DOUBLE_EQ(*r.load_kg, 12.5);
  EXPECT_EQ(r.programme_assignment_id, 7);
  EXPECT_EQ(r.phase_index, 2);
}

}  // namespace
}  // namespace bfr::clinic

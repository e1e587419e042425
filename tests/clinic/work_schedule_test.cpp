// How each kind of prescription runs on the cuff device (work_schedule.hpp),
// checked against the templates' figures from bfr-facts §1.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "clinic/programme.hpp"
#include "clinic/programme_templates.hpp"
#include "clinic/work_schedule.hpp"

namespace bfr::clinic {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const Prescription& first_prescription(const Programme& programme) {
  return programme.phases.front().exercises.front().prescription;
}

TEST(WorkScheduleTest, ResistanceIsOneInflationOfTheRepsScheme) {
  const Result<WorkSchedule> s = work_schedule(resistance_prescription(LimbSegment::kThigh));
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_THAT(s.value->target_reps, ElementsAre(30, 15, 15, 15));
  EXPECT_FALSE(s.value->set_duration_s);
  EXPECT_EQ(s.value->rest_s, 30);
  EXPECT_EQ(s.value->inflations, 1);
}

// bfr-facts §1 (seed "Outside"): 3 min walk / 1 min rest x 5, cuff up.
TEST(WorkScheduleTest, WalkingIsFiveTimedBoutsInOneInflation) {
  const Result<WorkSchedule> s = work_schedule(first_prescription(aerobic_walking_programme()));
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_THAT(s.value->target_reps, ElementsAre(0, 0, 0, 0, 0));
  EXPECT_EQ(s.value->set_duration_s, 180);
  EXPECT_EQ(s.value->rest_s, 60);
  EXPECT_EQ(s.value->inflations, 1);
}

// bfr-facts §1 (seed "Outside"): 15 min cycling.
TEST(WorkScheduleTest, CyclingIsOneFifteenMinuteBout) {
  const Result<WorkSchedule> s = work_schedule(first_prescription(aerobic_cycling_programme()));
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_THAT(s.value->target_reps, ElementsAre(0));
  EXPECT_EQ(s.value->set_duration_s, 15 * 60);
  EXPECT_EQ(s.value->inflations, 1);
}

TEST(WorkScheduleTest, AerobicRestsWithTheCuffDownAreReperfusion) {
  const Prescription p = aerobic_prescription(
      LimbSegment::kThigh, AerobicWork{AerobicMode::kWalking, 120, 90, 4, false, std::nullopt});
  const Result<WorkSchedule> s = work_schedule(p);
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_THAT(s.value->target_reps, ElementsAre(0));
  EXPECT_EQ(s.value->set_duration_s, 120);
  EXPECT_EQ(s.value->inflations, 4);
  EXPECT_EQ(s.value->deflated_between_s, 90);
}

// bfr-facts §1 (VALD guidance): 5 min inflated / 3-5 min deflated.
TEST(WorkScheduleTest, PassiveCyclesAreSeparateInflations) {
  const Result<WorkSchedule> s =
      work_schedule(first_prescription(passive_immobilisation_programme(LimbSegment::kThigh)));
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_THAT(s.value->target_reps, ElementsAre(0));
  EXPECT_EQ(s.value->set_duration_s, 5 * 60);
  EXPECT_EQ(s.value->inflations, 5);
  EXPECT_EQ(s.value->deflated_between_s, 3 * 60);
}

TEST(WorkScheduleTest, MoreBoutsThanTheDeviceHoldsInOneInflationAreRefused) {
  Prescription p = aerobic_prescription(
      LimbSegment::kThigh, AerobicWork{AerobicMode::kWalking, 60, 30, 9, true, std::nullopt});
  const Result<WorkSchedule> nine = work_schedule(p);
  ASSERT_FALSE(nine.ok());
  EXPECT_THAT(nine.error, HasSubstr("1 to 8 sets or bouts in one inflation"));
  std::get<AerobicWork>(p.work).bouts = 8;
  EXPECT_TRUE(work_schedule(p).ok());
}

}  // namespace
}  // namespace bfr::clinic

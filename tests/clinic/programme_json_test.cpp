// Programmes as JSON (clinic/programme_json.hpp): every template survives
// the round trip, and bad JSON is refused naming the field.

#include "clinic/programme_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clinic/programme_templates.hpp"

namespace bfr::clinic {
namespace {

using ::testing::HasSubstr;

TEST(ProgrammeJsonTest, EveryTemplateRoundTrips) {
  for (const Programme& programme : all_programme_templates()) {
    const nlohmann::json written = programme_to_json(programme);
    const Result<Programme> read = programme_from_json_text(written.dump());
    ASSERT_TRUE(read.ok()) << programme.name << ": " << read.error;
    EXPECT_EQ(programme_to_json(*read.value), written) << programme.name;
    EXPECT_EQ(read.value->name, programme.name);
    ASSERT_EQ(read.value->phases.size(), programme.phases.size());
    for (std::size_t p = 0; p < programme.phases.size(); ++p) {
      EXPECT_EQ(read.value->phases[p].exercises.size(), programme.phases[p].exercises.size());
      EXPECT_EQ(read.value->phases[p].advance.clinician_check,
                programme.phases[p].advance.clinician_check);
    }
  }
}

TEST(ProgrammeJsonTest, AchillesKeepsPrescriptionDetails) {
  const Result<Programme> read =
      programme_from_json(programme_to_json(achilles_rupture_programme()));
  ASSERT_TRUE(read.ok()) << read.error;
  const Exercise& calf = read.value->phases[0].exercises[0];
  EXPECT_EQ(calf.name, "Seated calf raise");
  EXPECT_EQ(calf.prescription.segment, LimbSegment::kThigh);
  EXPECT_DOUBLE_EQ(calf.prescription.target_fraction_of_lop, 0.8);
  const auto& work = std::get<ResistanceWork>(calf.prescription.work);
  EXPECT_EQ(work.reps_per_set, (std::vector<int>{30, 15, 15, 15}));
  EXPECT_DOUBLE_EQ(work.load.fraction_of_one_rm, 0.2);
  EXPECT_TRUE(std::holds_alternative<AerobicWork>(
      read.value->phases[0].exercises.back().prescription.work));
}

TEST(ProgrammeJsonTest, MissingOrMistypedFieldsAreNamed) {
  nlohmann::json j = programme_to_json(achilles_rupture_programme());
  j["phases"][0]["exercises"][1]["prescription"].erase("sessions_per_week");
  EXPECT_THAT(programme_from_json(j).error,
              HasSubstr("phase 1 exercise 2: 'sessions_per_week' is missing"));

  j = programme_to_json(achilles_rupture_programme());
  j["phases"][1]["exercises"][0]["prescription"]["work"]["reps_per_set"] = "30-15-15-15";
  EXPECT_THAT(programme_from_json(j).error, HasSubstr("'reps_per_set' must be a list"));

  EXPECT_THAT(programme_from_json_text("{\"name\": ").error, HasSubstr("programme JSON"));
}

TEST(ProgrammeJsonTest, ProgrammesOutsideTheRulesAreRefused) {
  nlohmann::json j = programme_to_json(achilles_rupture_programme());
  j["phases"][0]["exercises"][0]["prescription"]["target_fraction_of_lop"] = 0.95;
  const Result<Programme> read = programme_from_json(j);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.error, HasSubstr("Seated calf raise"));
}

}  // namespace
}  // namespace bfr::clinic

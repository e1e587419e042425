#pragma once
// A seeded, reproducible generator of virtual people, drawn from the
// published distributions in bfr-facts section 4 (NHANES blood pressure,
// heart rate, mid-arm circumference, the textbook draw of Babbs' artery
// coefficients with its correlations) and named assumptions where the facts
// have no figure (thigh circumference, height, age trends).
//
// Person i of seed s is the same whatever the population size and however
// many threads draw it: each person has their own random stream.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/person.hpp"

namespace bfr::sim {

struct CohortSpec {
  std::string_view name = "general";
  int min_age_years = 18;
  int max_age_years = 80;
  double female_share = 0.5;
  // Mean systolic/diastolic pressure and SD of the cohort at age 40 (before
  // age and sex trends).
  double systolic_mean_mmhg = 122;  // NHANES adult mean (facts section 4)
  double systolic_sd_mmhg = 16;     // NHANES SD 13-19
  double diastolic_mean_mmhg = 71;  // NHANES
  double diastolic_sd_mmhg = 10;    // NHANES
};

// Adults 18-80, as NHANES samples them.
CohortSpec general_adult_cohort();
// Healthy adults 18-35, as the LOP studies in facts section 3 recruited.
CohortSpec young_adult_cohort();
// "general" or "young"; false for an unknown name.
bool cohort_by_name(std::string_view name, CohortSpec& out);

Person draw_person(const CohortSpec& cohort, std::uint64_t seed, std::size_t index);
std::vector<Person> draw_population(const CohortSpec& cohort, std::size_t n, std::uint64_t seed);

}  // namespace bfr::sim

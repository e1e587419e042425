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
  // Mean systolic/diastolic pressure and SD of the cohort at its reference
  // age (before age and sex trends).
  double systolic_mean_mmhg = 122;  // NHANES adult mean (facts section 4)
  double systolic_sd_mmhg = 16;     // NHANES SD 13-19
  double diastolic_mean_mmhg = 71;  // NHANES
  double diastolic_sd_mmhg = 10;    // NHANES
  // The age the means above describe; the age trends below are taken
  // relative to it. Both named cohorts use their mid-age, because their
  // figures are means over the whole cohort.
  double reference_age_years = 40;
};

// The model's figures that are not cohort fields, named so that tests and
// tools check against the same numbers. "facts" = bfr-facts section 4.
namespace population_model {
// Age and sex trends: assumed (no figure in the facts), kept modest.
inline constexpr double kSystolicPerYear = 0.5;
inline constexpr double kDiastolicPerYear = 0.2;
inline constexpr double kMaleSystolicExcess = 4;  // men over women, same age
// Babbs artery coefficients. The spread and correlations are the textbook
// draw quoted in the facts; the means are not. a is centred on Babbs'
// normal artery (0.11). b is centred on 0.040, above the textbook's 0.027
// (which the facts label an assumed value): with it, the simulated arm
// envelope has the widths Liu 2014 measured at 50 % and 30 % of its peak
// (57 and 89 mmHg); with 0.027 it is about 15 mmHg too wide. b's SD is
// scaled with its mean. Clamps at +-2.5 SD.
inline constexpr double kArteryAMean = 0.11, kArteryASd = 0.02;
inline constexpr double kArteryBMean = 0.040, kArteryBSd = 0.006;
inline constexpr double kArteryAMin = 0.06, kArteryAMax = 0.16;
inline constexpr double kArteryBMin = 0.025, kArteryBMax = 0.055;
// Correlations of (SBP, DBP, a, b) residuals, facts.
inline constexpr double kRhoSbpDbp = 0.2;
inline constexpr double kRhoSbpArtery = -0.6;  // with a and with b
inline constexpr double kRhoDbpArtery = -0.3;  // with a and with b
inline constexpr double kRhoAB = 0.75;
// Heart rate: facts give a 60-66 bpm mean and SD ~8; clamp assumed.
inline constexpr double kHeartRateMean = 63, kHeartRateSd = 8;
inline constexpr double kHeartRateMin = 45, kHeartRateMax = 100;
// Mid-arm circumference means from the facts; SD assumed.
inline constexpr double kArmMaleMean = 34.2, kArmFemaleMean = 31.9, kArmSd = 3.0;
// Thigh circumference: no figure in the facts, all assumed.
inline constexpr double kThighMaleMean = 56, kThighFemaleMean = 55, kThighSd = 6;
inline constexpr double kRhoArmThigh = 0.7;
// Height: assumed.
inline constexpr double kHeightMaleMean = 176, kHeightFemaleMean = 163, kHeightSd = 7;
// Tissue transmission factor: assumed.
inline constexpr double kTissueSd = 0.05, kTissueMin = 0.85, kTissueMax = 1.15;
// Diastolic pressure stays at least this far below systolic: assumed.
inline constexpr double kMinPulsePressure = 15;
// Outer bounds that keep a rare far-tail draw inside the range the limb and
// heart models were written for (assumed; they move no mean by > 0.05).
inline constexpr double kSystolicMin = 70, kSystolicMax = 250, kDiastolicMin = 35;
inline constexpr double kArmMin = 20, kArmMax = 50;
inline constexpr double kThighMin = 35, kThighMax = 85;
inline constexpr double kHeightMin = 140, kHeightMax = 210;
}  // namespace population_model

// Adults 18-80, as NHANES samples them.
CohortSpec general_adult_cohort();
// Healthy adults 18-35, as the LOP studies in facts section 3 recruited.
CohortSpec young_adult_cohort();
// "general" or "young"; false for an unknown name.
bool cohort_by_name(std::string_view name, CohortSpec& out);

Person draw_person(const CohortSpec& cohort, std::uint64_t seed, std::size_t index);
std::vector<Person> draw_population(const CohortSpec& cohort, std::size_t n, std::uint64_t seed);

}  // namespace bfr::sim

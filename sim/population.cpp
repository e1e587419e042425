#include "sim/population.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "sim/parallel.hpp"
#include "sim/rng.hpp"

namespace bfr::sim {
namespace {

namespace pm = population_model;

// Person `index` of `seed` gets a stream of their own, so that they are the
// same whatever n is and whichever thread draws them. Mixing the seed first
// keeps (seed, index) and (seed + 1, index - 1) apart.
std::uint64_t person_stream_seed(std::uint64_t seed, std::size_t index) {
  return splitmix64(splitmix64(seed) +
                    0x9e3779b97f4a7c15ull * (static_cast<std::uint64_t>(index) + 1));
}

using Matrix4 = std::array<std::array<double, 4>, 4>;

// Lower Cholesky factor of the (SBP, DBP, a, b) correlation matrix from
// bfr-facts section 4. Computed at run time once: std::sqrt is not constexpr
// in C++20. The matrix is positive definite, so every pivot is positive.
Matrix4 cholesky_of_facts_correlation() {
  const double sa = pm::kRhoSbpArtery;
  const double da = pm::kRhoDbpArtery;
  const Matrix4 r = {{{1, pm::kRhoSbpDbp, sa, sa},
                      {pm::kRhoSbpDbp, 1, da, da},
                      {sa, da, 1, pm::kRhoAB},
                      {sa, da, pm::kRhoAB, 1}}};
  Matrix4 l{};
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double sum = r[i][j];
      for (std::size_t k = 0; k < j; ++k) sum -= l[i][k] * l[j][k];
      l[i][j] = i == j ? std::sqrt(sum) : sum / l[j][j];
    }
  }
  return l;
}

const Matrix4& facts_cholesky() {
  static const Matrix4 l = cholesky_of_facts_correlation();
  return l;
}

}  // namespace

CohortSpec general_adult_cohort() {
  CohortSpec c;
  // NHANES figures describe the adult population as a whole: centre the age
  // trend on the cohort's mid-age so the cohort mean stays 122/71.
  c.reference_age_years = 0.5 * (c.min_age_years + c.max_age_years);
  return c;
}

CohortSpec young_adult_cohort() {
  CohortSpec c;
  c.name = "young";
  c.min_age_years = 18;
  c.max_age_years = 35;
  c.systolic_mean_mmhg = 116;  // NHANES normotensive mean (facts section 4)
  c.systolic_sd_mmhg = 11;     // assumed: narrower than the all-adult 13-19
  c.diastolic_mean_mmhg = 70;  // assumed, near the NHANES 71
  c.diastolic_sd_mmhg = 8;     // assumed, below the all-adult ~10
  // These figures describe the cohort as a whole, so the age trend is
  // centred on its mid-age rather than on 40 (which would pull a cohort of
  // 18-35 year olds about 7 mmHg below the figure it was given).
  c.reference_age_years = 0.5 * (c.min_age_years + c.max_age_years);
  return c;
}

bool cohort_by_name(std::string_view name, CohortSpec& out) {
  if (name == "general") {
    out = general_adult_cohort();
    return true;
  }
  if (name == "young") {
    out = young_adult_cohort();
    return true;
  }
  return false;
}

Person draw_person(const CohortSpec& cohort, std::uint64_t seed, std::size_t index) {
  Rng rng(person_stream_seed(seed, index));
  Person p;
  p.name = "P" + std::to_string(seed) + "-" + std::to_string(index);

  // The order of the draws below is part of the format: changing it changes
  // every person of every seed.
  const int span = cohort.max_age_years - cohort.min_age_years + 1;
  const int age_offset = std::min(span - 1, static_cast<int>(rng.uniform(0, span)));
  p.age_years = cohort.min_age_years + age_offset;  // assumed: uniform over whole years
  p.sex = rng.uniform(0, 1) < cohort.female_share ? Sex::kFemale : Sex::kMale;
  const bool male = p.sex == Sex::kMale;

  // Correlated standard normals for (SBP, DBP, a, b): z = L u.
  std::array<double, 4> u{};
  for (auto& v : u) v = rng.normal(0, 1);
  const Matrix4& l = facts_cholesky();
  std::array<double, 4> z{};
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t k = 0; k <= i; ++k) z[i] += l[i][k] * u[k];
  }

  // Blood pressure: the cohort's mean and SD (NHANES, facts section 4) at
  // its reference age, plus the assumed age trend and the assumed male
  // excess, split around the cohort mean so that the cohort's average at the
  // reference age stays the figure it was given.
  const double years = p.age_years - cohort.reference_age_years;
  const double sex_offset =
      pm::kMaleSystolicExcess * (male ? cohort.female_share : -(1 - cohort.female_share));
  const double sbp = cohort.systolic_mean_mmhg + pm::kSystolicPerYear * years + sex_offset +
                     cohort.systolic_sd_mmhg * z[0];
  const double dbp =
      cohort.diastolic_mean_mmhg + pm::kDiastolicPerYear * years + cohort.diastolic_sd_mmhg * z[1];
  p.systolic_mmhg = std::clamp(sbp, pm::kSystolicMin, pm::kSystolicMax);
  // A pulse pressure under 15 mmHg is not seen in a resting adult (assumed);
  // the bound moves the DBP mean by ~0.1 mmHg in the general cohort.
  p.diastolic_mmhg = std::clamp(dbp, pm::kDiastolicMin, p.systolic_mmhg - pm::kMinPulsePressure);

  // Babbs artery coefficients: the textbook draw quoted in facts section 4,
  // clamped to the assumed physiological range (stiff 0.076/0.021 and
  // normal 0.11/0.03 lie well inside).
  p.artery_a_per_mmhg =
      std::clamp(pm::kArteryAMean + pm::kArteryASd * z[2], pm::kArteryAMin, pm::kArteryAMax);
  p.artery_b_per_mmhg =
      std::clamp(pm::kArteryBMean + pm::kArteryBSd * z[3], pm::kArteryBMin, pm::kArteryBMax);

  // Heart rate, facts section 4: mean 60-66 bpm (63 taken), SD ~8.
  p.heart_rate_bpm = std::clamp(rng.normal(pm::kHeartRateMean, pm::kHeartRateSd), pm::kHeartRateMin,
                                pm::kHeartRateMax);

  // Limb circumferences: mid-arm means from the facts (SD assumed); thigh
  // all assumed, correlated with the arm because both follow body size.
  const double z_arm = rng.normal(0, 1);
  const double z_thigh = pm::kRhoArmThigh * z_arm +
                         std::sqrt(1 - pm::kRhoArmThigh * pm::kRhoArmThigh) * rng.normal(0, 1);
  p.arm_circumference_cm =
      std::clamp((male ? pm::kArmMaleMean : pm::kArmFemaleMean) + pm::kArmSd * z_arm, pm::kArmMin,
                 pm::kArmMax);
  p.thigh_circumference_cm =
      std::clamp((male ? pm::kThighMaleMean : pm::kThighFemaleMean) + pm::kThighSd * z_thigh,
                 pm::kThighMin, pm::kThighMax);

  // Height, assumed.
  p.height_cm =
      std::clamp(rng.normal(male ? pm::kHeightMaleMean : pm::kHeightFemaleMean, pm::kHeightSd),
                 pm::kHeightMin, pm::kHeightMax);

  // Tissue transmission, assumed: +-3 SD bounds.
  p.tissue_transmission_factor =
      std::clamp(rng.normal(1, pm::kTissueSd), pm::kTissueMin, pm::kTissueMax);
  return p;
}

std::vector<Person> draw_population(const CohortSpec& cohort, std::size_t n, std::uint64_t seed) {
  std::vector<Person> people(n);
  parallel_for(n, 0, [&](std::size_t i) { people[i] = draw_person(cohort, seed, i); });
  return people;
}

}  // namespace bfr::sim

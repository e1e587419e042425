// LOP of virtual cohorts against Loenneke 2012, Brown 2018 and Hughes 2018
// (bfr-facts section 3).

#include <utility>

#include "sim/parallel.hpp"
#include "sim/population.hpp"
#include "sim/statistics.hpp"
#include "sim/validation.hpp"

namespace bfr::sim {
namespace {

// True LOP of every member of a cohort for one cuff and posture.
std::vector<double> cohort_lops(const CohortSpec& cohort, std::uint64_t seed, std::size_t n,
                                const CuffChoice& cuff, Posture posture, unsigned threads) {
  std::vector<double> lops(n);
  parallel_for(n, threads, [&](std::size_t i) {
    const Person person = draw_person(cohort, seed, i);
    const PlantConfig config = plant_for(person, cuff, mpx5050_profile(), seed + i, posture);
    lops[i] = Limb(config.limb, config.heart, 1).true_lop_mmhg();
  });
  return lops;
}

struct Study {
  const char* label;
  const char* source;
  Segment segment;
  double width_cm;
  double mean;
  double sd;
  int n;  // 0 where the facts do not give it
};

}  // namespace

std::vector<ValidationRow> validate_lop_cohorts(const ValidationOptions& options) {
  // Loenneke 2012: 116 adults (53 men, 63 women), supine, cuffs on the most
  // proximal thigh. Brown 2018's arm cohort is taken as young adults, half
  // women, supine (the facts do not give its make-up: an assumption).
  CohortSpec loenneke = young_adult_cohort();
  loenneke.female_share = 63.0 / 116.0;
  const CohortSpec brown = young_adult_cohort();

  const Study studies[] = {
      {"thigh 5 cm", "Loenneke 2012", Segment::kThigh, 5.0, 235, 42, 116},
      {"thigh 13.5 cm", "Loenneke 2012", Segment::kThigh, 13.5, 144, 17, 116},
      {"upper arm 6 cm", "Brown 2018", Segment::kUpperArm, 6.0, 161, 16, 0},
      {"upper arm 13 cm", "Brown 2018", Segment::kUpperArm, 13.0, 133, 12, 0},
  };
  std::vector<ValidationRow> rows;
  for (const Study& s : studies) {
    const CohortSpec& cohort = s.segment == Segment::kThigh ? loenneke : brown;
    // The same people wear both cuffs, as in the studies.
    const Summary lop =
        summarise(cohort_lops(cohort, options.seed, options.lop_people, {s.segment, s.width_cm},
                              Posture::kSupine, options.threads));
    rows.push_back(mean_row(std::string("LOP ") + s.label + ", mean", s.source, "mmHg", lop.mean,
                            s.mean, s.sd, s.n));
    rows.push_back(sd_row(std::string("LOP ") + s.label + ", SD", s.source, "mmHg", lop.sd, s.sd));
  }
  return rows;
}

std::vector<ValidationRow> validate_posture(const ValidationOptions& options) {
  // Hughes 2018: lower limb, Delfi 11.5 cm cuff, supine 187 / seated 204 /
  // standing 241.5 mmHg. The absolute values depend on that cohort's blood
  // pressure and the cuff's make; the posture effect is the ratio to supine.
  const CohortSpec cohort = young_adult_cohort();
  const CuffChoice cuff{Segment::kThigh, 11.5};
  const auto mean_lop = [&](Posture posture) {
    return summarise(cohort_lops(cohort, options.seed, options.lop_people, cuff, posture,
                                 options.threads))
        .mean;
  };
  const double supine = mean_lop(Posture::kSupine);
  const double seated = mean_lop(Posture::kSeated);
  const double standing = mean_lop(Posture::kStanding);
  constexpr double kRatioTolerance = 0.05;
  const double seated_ratio = 204.0 / 187.0;
  const double standing_ratio = 241.5 / 187.0;
  return {
      {"LOP thigh 11.5 cm, seated / supine", "Hughes 2018", "ratio", seated / supine, seated_ratio,
       seated_ratio - kRatioTolerance, seated_ratio + kRatioTolerance},
      {"LOP thigh 11.5 cm, standing / supine", "Hughes 2018", "ratio", standing / supine,
       standing_ratio, standing_ratio - kRatioTolerance, standing_ratio + kRatioTolerance},
  };
}

}  // namespace bfr::sim

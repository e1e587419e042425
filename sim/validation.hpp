#pragma once
// The simulator checked against published data, row by row, for
// `bfr sim validate`. Each row puts a model figure next to the published
// one and an acceptance band derived from it by one stated rule:
//   - a cohort mean must lie within half a published SD of the published
//     mean (a standardised difference below 0.5: the virtual cohort is not
//     the study's own people), or within three standard errors of it where
//     the study was small enough for that to be wider (n given);
//   - a cohort SD must lie within 35 % of the published SD;
//   - a ratio between conditions within +-0.05 of the published ratio;
//   - where the paper reports a range across devices, inside that range;
//   - a model consequence quoted without spread (Babbs' residual
//     oscillation) within a band stated on its row.
// Cohorts are virtual populations drawn like the study samples (age range,
// sex mix, posture); see docs/SIMULATOR.md for what was calibrated on which
// row and what is an independent check.

#include <cstdint>
#include <string>
#include <vector>

namespace bfr::sim {

struct ValidationRow {
  std::string check;   // what is compared
  std::string source;  // the paper, as cited in bfr-facts
  std::string unit;
  double model = 0;
  double published = 0;
  double low = 0;  // acceptance band
  double high = 0;
  // The paper gives a range (low..high), not a single value to show.
  bool published_is_range = false;
  bool pass() const { return model >= low && model <= high; }
};

struct ValidationOptions {
  std::uint64_t seed = 2026;
  std::size_t lop_people = 2000;   // per cohort, for the LOP rows
  std::size_t signal_people = 24;  // per cohort, for the simulated sweeps and sets
  unsigned threads = 0;            // 0 = every core
};

struct ValidationReport {
  std::vector<ValidationRow> rows;
  bool all_pass() const;
};

ValidationReport run_validation(const ValidationOptions& options);

// The parts, also used by tests.
std::vector<ValidationRow> validate_lop_cohorts(const ValidationOptions& options);
std::vector<ValidationRow> validate_posture(const ValidationOptions& options);
std::vector<ValidationRow> validate_arm_envelopes(const ValidationOptions& options);
std::vector<ValidationRow> validate_unregulated_swing(const ValidationOptions& options);

// Acceptance bands by the rules above.
ValidationRow mean_row(std::string check, std::string source, std::string unit, double model,
                       double published_mean, double published_sd, int published_n = 0);
ValidationRow sd_row(std::string check, std::string source, std::string unit, double model,
                     double published_sd);

}  // namespace bfr::sim

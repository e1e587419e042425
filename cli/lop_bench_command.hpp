#pragma once
// `bfr lop bench`: the LOP method's accuracy, beside the classic
// fixed-ratio rule on the same data, in two tables:
//  1. the live measurement on a virtual population against the simulation
//     truth, with issue 4's targets (device/lop_population_bench.hpp);
//  2. real recordings against their reference systolic pressures (the ISO
//     81060-2 criterion).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bfr::cli {

struct LopBenchOptions {
  std::string recordings;  // folder with recNN.csv and references.csv
  bool json = false;
  std::size_t limbs = 1000;  // virtual population size
  std::uint64_t seed = 1;    // virtual population seed
  // With more than one, the population is run on seeds seed, seed + 1, ...
  // and the targets are shown seed by seed (cli/lop_seed_sweep_report.hpp).
  std::size_t seeds = 1;
  bool skip_population = false;
  int sweeps = 0;                 // people per condition for the recorded-sweep study (0: not run)
  double sensor_noise_scale = 1;  // on the population's sensors (1: the textbook noise)
  bool unnamed_limbs = false;     // measure as a host that does not name the limb
};

// The most limbs `--limbs` accepts: about three minutes on two cores (1,000
// limbs take about 2 s).
inline constexpr std::size_t kMaxBenchLimbs = 100000;
// The most seeds `--seeds` accepts: 100 populations of 1,000 limbs take
// about four minutes on two cores.
inline constexpr std::size_t kMaxBenchSeeds = 100;

struct RecordingRow {
  std::string file;
  double reference_sbp = 0;
  bool ok = false;
  std::string reason;  // when not ok
  double estimate = 0;
  bool fixed_ok = false;
  double fixed = 0;
};

struct MethodSummary {
  int analysed = 0;
  double mean_error = 0;
  double sd_error = 0;
  bool iso_pass = false;  // mean within +-5 mmHg, SD <= 8 mmHg
};

std::vector<RecordingRow> bench_recordings(const std::string& folder);
MethodSummary summarise_method(const std::vector<RecordingRow>& rows, bool fixed_ratio);

// Prints the tables; 0 when the population targets (unless skipped) and the
// recordings criterion are all met, 1 otherwise, 2 for a missing or
// malformed folder (checked before the population runs).
int run_lop_bench(const LopBenchOptions& options);

}  // namespace bfr::cli

#pragma once
// `bfr sim population`: a seeded virtual population (sim/population.hpp) as
// CSV or JSON, one person a row, with each person's true LOP on a seated
// thigh and upper arm under an 11.5 cm cuff. A summary goes to stderr so that
// stdout stays data.

#include <cstddef>
#include <cstdint>
#include <string>

namespace bfr::cli {

// Largest population the command writes: 10^6 people is ~200 MB of CSV.
inline constexpr std::size_t kMaxPopulation = 1'000'000;

struct SimPopulationOptions {
  std::size_t n = 0;
  std::uint64_t seed = 1;
  std::string cohort = "general";  // "general" or "young"
  std::string out;                 // file to write; empty = stdout
  bool json = false;
};

// Returns the process exit code: 0, 1 when the output cannot be written
// (no partial file is left), 2 for an unknown cohort or n out of range.
int run_sim_population(const SimPopulationOptions& options);

}  // namespace bfr::cli

#pragma once
// `bfr sim validate`: the simulator against published data, side by side.

#include <cstdint>

namespace bfr::cli {

struct SimValidateOptions {
  std::uint64_t seed = 2026;
  std::size_t lop_people = 2000;
  std::size_t signal_people = 24;
  unsigned threads = 0;
  bool json = false;
};

// Prints every row; returns 0 when all pass, 1 when any row is outside its
// band.
int run_sim_validate(const SimValidateOptions& options);

}  // namespace bfr::cli

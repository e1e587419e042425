#pragma once
// `bfr lop bench --seeds N`: issue 4's population targets seed by seed, as
// a table and as JSON (device/lop_seed_sweep.hpp).

#include <nlohmann/json.hpp>

#include "device/lop_seed_sweep.hpp"

namespace bfr::cli {

// Bias, SD and RMS of measured minus true, null where too few values.
nlohmann::json error_stats_json(const device::ErrorStats& e);
nlohmann::json seed_sweep_json(const device::SeedSweep& sweep);
void print_seed_sweep(const device::SeedSweep& sweep);

}  // namespace bfr::cli

#pragma once
// `bfr safety bench`: fault injection against the whole controller on the
// simulated Swain protocol, every fault class at random moments and
// severities: detection, latency, and time to a cuff below 20 mmHg against
// the stated bounds (device/fault_bench.hpp, docs/SAFETY.md).

#include <cstddef>
#include <cstdint>

namespace bfr::cli {

struct SafetyBenchOptions {
  std::size_t runs = 100;  // per fault class
  std::uint64_t seed = 1;
  bool json = false;
};

inline constexpr std::size_t kMaxSafetyBenchRuns = 10000;

// Prints the table (or JSON); 0 when every class passes, 1 otherwise.
int run_safety_bench(const SafetyBenchOptions& options);

}  // namespace bfr::cli

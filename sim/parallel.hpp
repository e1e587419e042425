#pragma once
// Runs independent jobs on every core: population simulations are
// embarrassingly parallel, one person per job.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace bfr::sim {

// Calls job(i) for i in [0, n) on `threads` threads (0 = one per core).
// Jobs must not share mutable state; results go into per-index slots.
template <class Job>
void parallel_for(std::size_t n, unsigned threads, Job&& job);

}  // namespace bfr::sim

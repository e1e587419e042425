#pragma once
// Runs independent jobs on every core: population simulations are
// embarrassingly parallel, one person per job.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace bfr::sim {

// Calls job(i) for i in [0, n) on `threads` threads (0 = one per core).
// Jobs must not share mutable state; results go into per-index slots.
// The first exception a job throws is rethrown here once every worker has
// stopped; indices not yet started by then are skipped.
template <class Job>
void parallel_for(std::size_t n, unsigned threads, Job&& job);

template <class Job>
void parallel_for(std::size_t n, unsigned threads, Job&& job) {
  if (n == 0) return;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // Never more workers than jobs; the calling thread is one of them, so a
  // single worker runs inline without starting a thread.
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(threads, n));

  // Indices are handed out one at a time from a shared counter: jobs differ
  // in cost (a person with a slow heart simulates no faster), so a static
  // split would leave a core idle at the end.
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto work = [&] {
    for (;;) {
      if (failed.load(std::memory_order_relaxed)) return;
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) return;
      try {
        job(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        failed.store(true, std::memory_order_relaxed);
        return;
      }
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  try {
    for (unsigned t = 1; t < workers; ++t) pool.emplace_back(work);
  } catch (...) {
    // Could not start a thread: the ones already running and this one
    // still finish every index.
  }
  work();
  for (auto& th : pool) th.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace bfr::sim

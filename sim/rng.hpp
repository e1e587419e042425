#pragma once
// Seeded randomness for the simulator: the same seed gives the same person,
// the same noise and the same session, on every machine.

#include <cstdint>
#include <random>

namespace bfr::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  double normal(double mean, double sd) {
    return std::normal_distribution<double>(mean, sd)(engine_);
  }
  double uniform(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(engine_);
  }
  std::uint64_t next() { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace bfr::sim

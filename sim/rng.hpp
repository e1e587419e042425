#pragma once
// Seeded randomness for the simulator: the same seed gives the same person,
// the same noise and the same session, on every machine.

#include <cstdint>
#include <random>

namespace bfr::sim {

// splitmix64's finaliser (Steele, Lea, Flood 2014): a bijective mix whose
// outputs for neighbouring inputs look independent, used to derive seeds
// for streams that must not overlap (one per person, one per bench limb).
inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

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

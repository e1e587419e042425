// A virtual population simulated on 1 and on 2 threads: 16 people, each a
// plant (sim::plant_for) run for 10 simulated seconds at the 1 kHz model
// rate with the cuff pumped to ~100 mmHg and then held with every valve
// shut. sim_s_per_wall_s counts simulated seconds summed over all people,
// so the ratio of the two rows is the parallel speed-up.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "sim/parallel.hpp"
#include "sim/person.hpp"
#include "sim/plant.hpp"
#include "sim/population.hpp"

namespace bfr {
namespace {

constexpr std::size_t kPeople = 16;
constexpr int kSimulatedMs = 10'000;
constexpr double kHoldMmhg = 100;

// Runs one person's plant and returns the cuff pressure at the end.
double simulate_person(const sim::PlantConfig& config) {
  sim::Plant plant(config);
  plant.command({1.0, 0, false});  // pump on, bleed and vent shut
  bool holding = false;
  for (int ms = 0; ms < kSimulatedMs; ++ms) {
    if (!holding && plant.true_cuff_mmhg() >= kHoldMmhg) {
      plant.command({0, 0, false});  // every valve shut: the cuff holds
      holding = true;
    }
    plant.advance(0.001);
  }
  return plant.true_cuff_mmhg();
}

void BM_PopulationSimulation(benchmark::State& state) {
  const auto threads = static_cast<unsigned>(state.range(0));
  const auto people = sim::draw_population(sim::general_adult_cohort(), kPeople, 1);
  std::vector<sim::PlantConfig> configs;
  for (std::size_t i = 0; i < kPeople; ++i) {
    configs.push_back(sim::plant_for(people[i], {}, sim::mpx5050_profile(), i + 1));
  }
  std::vector<double> final_cuff(kPeople);
  for (auto _ : state) {
    sim::parallel_for(kPeople, threads,
                      [&](std::size_t i) { final_cuff[i] = simulate_person(configs[i]); });
    benchmark::DoNotOptimize(final_cuff.data());
    benchmark::ClobberMemory();
  }
  const double simulated_s = static_cast<double>(kPeople) * kSimulatedMs / 1000.0;
  state.counters["sim_s_per_wall_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * simulated_s, benchmark::Counter::kIsRate);
  // Shows that the hold worked: every cuff should end near 100 mmHg.
  double sum = 0;
  for (double p : final_cuff) sum += p;
  state.counters["mean_end_cuff_mmhg"] = sum / static_cast<double>(kPeople);
}
BENCHMARK(BM_PopulationSimulation)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bfr

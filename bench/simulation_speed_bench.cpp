// Simulated seconds per wall second on one core: the plant alone at its
// 1 kHz model rate (issue target: at least 2,000x), during a contraction set
// with venous pooling, beat-to-beat pressure and the sensor converting at
// 100 Hz; and the plant driven by the real controller at 100 Hz, as in the
// demo.

#include <benchmark/benchmark.h>

#include <chrono>

#include "device/set_reporter.hpp"
#include "device/virtual_device.hpp"
#include "sim/person.hpp"
#include "sim/plant.hpp"

namespace bfr {
namespace {

constexpr double kTargetSpeedUp = 2000;

void BM_VirtualDeviceSimulatedSecond(benchmark::State& state) {
  const auto config = sim::plant_for(sim::demo_person(), {}, sim::mpx5050_profile(100), 1);
  device::VirtualDevice device(config, core::ControllerConfig{});
  const auto plan = core::standard_plan(core::Pressure::mmhg(170), core::Fraction(0.8f),
                                        core::Duration::from_seconds(30));
  device.exchange({core::CommandKind::kStartExercise, plan});
  for (auto _ : state) {
    for (int i = 0; i < 100; ++i) benchmark::DoNotOptimize(device.exchange({}));
  }
  // One iteration is one simulated second: items/s reads as the speed-up.
  state.SetItemsProcessed(state.iterations());
  state.counters["sim_s_per_wall_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_VirtualDeviceSimulatedSecond)->Unit(benchmark::kMillisecond);

void BM_PlantSimulatedSecond(benchmark::State& state) {
  sim::Plant plant(sim::plant_for(sim::demo_person(), {}, sim::mpx5050_profile(100), 1));
  // Inflate and hold near 80 % LOP, then keep a set of contractions going.
  plant.command({1.0, 0, false});
  while (plant.true_cuff_mmhg() < 0.8 * plant.true_lop_mmhg()) plant.advance(0.001);
  plant.command({0, 0, false});
  double next_set = plant.time_s();
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    if (plant.time_s() >= next_set) {
      plant.lifter().start_set(plant.time_s(), 0, 15);
      next_set = plant.time_s() + 70;
    }
    for (int i = 0; i < 1000; ++i) {
      plant.advance(0.001);
      benchmark::DoNotOptimize(plant.read_sensor());
    }
  }
  state.counters["sim_s_per_wall_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  // The simulator's speed target (issue: at least 2,000x on one core). A run
  // below it reports an error instead of a figure.
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (static_cast<double>(state.iterations()) / wall_s < kTargetSpeedUp) {
    state.SkipWithError("below the 2,000x simulated-seconds-per-wall-second target");
  }
}
BENCHMARK(BM_PlantSimulatedSecond)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bfr

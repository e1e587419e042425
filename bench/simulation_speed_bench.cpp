// Simulated seconds per wall second: the plant at its 1 kHz model rate
// driven by the real controller at 100 Hz, as in the demo.

#include <benchmark/benchmark.h>

#include "device/set_reporter.hpp"
#include "device/virtual_device.hpp"
#include "sim/person.hpp"

namespace bfr {
namespace {

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

}  // namespace
}  // namespace bfr

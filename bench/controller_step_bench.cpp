// Cost of one cuff controller step in its two busiest phases: measuring LOP
// (filters, beat detection, envelope) and regulating during a set.

#include <benchmark/benchmark.h>

#include <optional>
#include <vector>

#include "core/cuff_controller.hpp"
#include "sim/person.hpp"
#include "sim/plant.hpp"

namespace bfr {
namespace {

// Pre-records a plant's sensor signal so that the benchmark times only the
// controller, not the physics.
std::vector<float> recorded_lop_signal() {
  auto config = sim::plant_for(sim::demo_person(), {}, sim::mpx5050_profile(100), 1);
  sim::Plant plant(config);
  core::CuffController controller{core::ControllerConfig{}};
  std::vector<float> signal;
  core::TimePoint now;
  core::Command cmd{core::CommandKind::kMeasureLop, {}};
  for (int i = 0; i < 6000; ++i) {
    plant.advance(0.01);
    now += core::Duration::from_ms(10);
    const auto p = static_cast<float>(plant.read_sensor());
    signal.push_back(p);
    const auto out = controller.step(now, cmd, {core::Pressure::mmhg(p), true});
    cmd = {};
    if (i > 0 && out.phase != core::Phase::kMeasuringLop) break;
    plant.command({out.actuators.pump_duty.value(), out.actuators.bleed_opening.value(),
                   out.actuators.vent_open});
  }
  return signal;
}

void BM_ControllerStepMeasuringLop(benchmark::State& state) {
  const auto signal = recorded_lop_signal();
  std::optional<core::CuffController> controller;
  core::TimePoint now;
  std::size_t i = signal.size();
  for (auto _ : state) {
    if (i == signal.size()) {
      // Replay the whole measurement again on a fresh controller.
      state.PauseTiming();
      controller.emplace(core::ControllerConfig{});
      controller->step(now, {core::CommandKind::kMeasureLop, {}}, {core::Pressure::mmhg(0), true});
      i = 0;
      state.ResumeTiming();
    }
    now += core::Duration::from_ms(10);
    benchmark::DoNotOptimize(controller->step(now, {}, {core::Pressure::mmhg(signal[i++]), true}));
  }
  state.counters["samples_per_measurement"] = static_cast<double>(signal.size());
}
BENCHMARK(BM_ControllerStepMeasuringLop);

void BM_ControllerStepRegulating(benchmark::State& state) {
  core::CuffController controller{core::ControllerConfig{}};
  core::TimePoint now;
  const auto plan = core::standard_plan(core::Pressure::mmhg(170), core::Fraction(0.8f),
                                        core::Duration::from_seconds(30));
  controller.step(now, {core::CommandKind::kStartExercise, plan}, {core::Pressure::mmhg(0), true});
  float p = 136;
  for (auto _ : state) {
    now += core::Duration::from_ms(10);
    p = p > 140 ? 130 : p + 0.1f;
    benchmark::DoNotOptimize(controller.step(now, {}, {core::Pressure::mmhg(p), true}));
  }
}
BENCHMARK(BM_ControllerStepRegulating);

}  // namespace
}  // namespace bfr

// Cost of reading a live measurement's value from a step fitted to the
// envelope's fall (core/fall_fit.hpp): done once per measurement, when the
// reading has passed its checks, so its cost is one step's worth of work
// on the device rather than a per-step cost.

#include <benchmark/benchmark.h>

#include <cmath>

#include "core/fall_fit.hpp"
#include "core/lop_measurement.hpp"

namespace bfr {
namespace {

// A thigh-like live envelope: 30 beats from 60 to 240 mmHg, peak at 140,
// falling into a floor around 190.
core::OcclusionEstimator thigh_like_envelope() {
  core::OcclusionEstimator est(core::live_occlusion_config());
  for (int i = 0; i < 30; ++i) {
    const float p = 60.0f + 6.0f * static_cast<float>(i);
    const float rise = p < 140.0f ? 0.5f + 1.5f * (p - 60.0f) / 80.0f : 2.0f;
    const float fall = 0.4f + 1.6f / (1.0f + std::exp((p - 185.0f) / 8.0f));
    const float wobble = 0.1f * std::sin(static_cast<float>(i) * 2.3f);
    est.add({core::Pressure::mmhg(p), core::Pressure::mmhg(std::min(rise, fall) + wobble)});
  }
  return est;
}

void BM_FallFitOnceAtTheEnd(benchmark::State& state) {
  const core::OcclusionEstimator est = thigh_like_envelope();
  const core::OcclusionEstimate e = est.estimate();
  if (!e.ok) {
    state.SkipWithError("the synthetic envelope gave no estimate");
    return;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(core::fit_fall(est, e, core::live_occlusion_config().threshold));
  }
}
BENCHMARK(BM_FallFitOnceAtTheEnd)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace bfr

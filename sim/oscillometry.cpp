#include "sim/oscillometry.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace bfr::sim {
namespace {

constexpr double kStepS = 0.001;

// Median-of-3 smoothing of the amplitudes, ends kept as they are.
std::vector<BeatOscillation> smoothed(const std::vector<BeatOscillation>& beats) {
  std::vector<BeatOscillation> out = beats;
  for (std::size_t i = 1; i + 1 < beats.size(); ++i) {
    std::array<double, 3> a{beats[i - 1].amplitude_mmhg, beats[i].amplitude_mmhg,
                            beats[i + 1].amplitude_mmhg};
    std::sort(a.begin(), a.end());
    out[i].amplitude_mmhg = a[1];
  }
  return out;
}

// Span of cuff pressure over which the envelope stays at or above `level`,
// contiguous around the peak, with linear interpolation at both crossings.
double width_at(const std::vector<BeatOscillation>& env, std::size_t peak, double level) {
  auto crossing = [&](std::size_t inside, std::size_t outside) {
    const BeatOscillation& a = env[inside];
    const BeatOscillation& b = env[outside];
    const double f = (a.amplitude_mmhg - level) / (a.amplitude_mmhg - b.amplitude_mmhg);
    return a.cuff_mmhg + f * (b.cuff_mmhg - a.cuff_mmhg);
  };
  std::size_t lo = peak;
  while (lo > 0 && env[lo - 1].amplitude_mmhg >= level) --lo;
  std::size_t hi = peak;
  while (hi + 1 < env.size() && env[hi + 1].amplitude_mmhg >= level) ++hi;
  const double edge_lo = lo > 0 ? crossing(lo, lo - 1) : env[lo].cuff_mmhg;
  const double edge_hi = hi + 1 < env.size() ? crossing(hi, hi + 1) : env[hi].cuff_mmhg;
  return std::abs(edge_hi - edge_lo);
}

}  // namespace

namespace {

// Brings the cuff to the sweep's start, then moves it along the ramp,
// calling `on_step(plant)` after every model step of the ramp.
template <class OnStep>
void drive_sweep(Plant& plant, const PneumaticParams& pn, const SweepSpec& sweep, OnStep on_step) {
  const bool deflating = sweep.to_mmhg < sweep.from_mmhg;
  plant.command({1.0, 0, false});
  while (plant.true_cuff_mmhg() < sweep.from_mmhg && plant.time_s() < 120) plant.advance(kStepS);
  plant.command({0, 0, false});
  plant.advance(1.0);

  // The operator follows a straight ramp: feed-forward of the air flow the
  // ramp needs at the present stiffness, plus a gentle correction on a
  // low-passed pressure so that it does not fight the pulse itself.
  const double start = plant.true_cuff_mmhg();
  const double direction = deflating ? -1.0 : 1.0;
  const double duration = std::abs(sweep.to_mmhg - start) / sweep.rate_mmhg_per_s;
  const double t0 = plant.time_s();
  double smooth = start;
  while (plant.time_s() - t0 < duration) {
    const double p = plant.true_cuff_mmhg();
    smooth += (p - smooth) * kStepS / 0.5;
    const double target = start + direction * sweep.rate_mmhg_per_s * (plant.time_s() - t0);
    const double need_ml_s = sweep.rate_mmhg_per_s * plant.pneumatics().air_ml_per_mmhg(p);
    const double error = smooth - target;  // positive: too high
    ValveCommand cmd{0, 0, false};
    if (deflating) {
      const double ff = need_ml_s / (pn.bleed_conductance * std::sqrt(std::max(p, 1.0)));
      cmd.bleed_opening = std::clamp(ff + 0.02 * error, 0.0, 1.0);
    } else {
      const double free = pn.pump_free_flow_ml_s * std::max(0.05, 1 - p / pn.pump_stall_mmhg);
      cmd.pump_duty = std::clamp(need_ml_s / free - 0.05 * error, 0.0, 1.0);
      if (cmd.pump_duty < pn.pump_min_duty) cmd.pump_duty = error < 0 ? pn.pump_min_duty : 0.0;
    }
    plant.command(cmd);
    plant.advance(kStepS);
    on_step(plant);
  }
}

}  // namespace

std::vector<BeatOscillation> run_sweep(const PlantConfig& config, const SweepSpec& sweep) {
  Plant plant(config);
  std::vector<BeatOscillation> beats;
  std::vector<double> beat_p;
  long beat = plant.limb().heart().beats();
  drive_sweep(plant, config.pneumatics, sweep, [&](const Plant& p) {
    beat_p.push_back(p.true_cuff_mmhg());
    if (p.limb().heart().beats() == beat) return;
    beat = p.limb().heart().beats();
    if (beat_p.size() > 10) {
      // Remove the ramp across the beat, then take peak-to-peak.
      const double first = beat_p.front();
      const double slope = (beat_p.back() - first) / static_cast<double>(beat_p.size() - 1);
      double lo = 1e9, hi = -1e9, sum = 0;
      for (std::size_t i = 0; i < beat_p.size(); ++i) {
        const double d = beat_p[i] - (first + slope * static_cast<double>(i));
        lo = std::min(lo, d);
        hi = std::max(hi, d);
        sum += beat_p[i];
      }
      beats.push_back({sum / static_cast<double>(beat_p.size()), hi - lo});
    }
    beat_p.clear();
  });
  return beats;
}

std::vector<SensorSample> record_sweep(const PlantConfig& config, const SweepSpec& sweep) {
  Plant plant(config);
  std::vector<SensorSample> samples;
  long last = plant.sensor_samples();
  drive_sweep(plant, config.pneumatics, sweep, [&](const Plant& p) {
    if (p.sensor_samples() == last) return;
    last = p.sensor_samples();
    samples.push_back({p.time_s(), p.read_sensor()});
  });
  return samples;
}

EnvelopeShape envelope_shape(const std::vector<BeatOscillation>& beats) {
  EnvelopeShape shape;
  if (beats.size() < 5) return shape;
  const std::vector<BeatOscillation> env = smoothed(beats);
  std::size_t peak = 0;
  for (std::size_t i = 1; i < env.size(); ++i) {
    if (env[i].amplitude_mmhg > env[peak].amplitude_mmhg) peak = i;
  }
  shape.valid = true;
  shape.peak_amplitude_mmhg = env[peak].amplitude_mmhg;
  shape.peak_cuff_mmhg = env[peak].cuff_mmhg;
  shape.width_50_mmhg = width_at(env, peak, 0.5 * shape.peak_amplitude_mmhg);
  shape.width_30_mmhg = width_at(env, peak, 0.3 * shape.peak_amplitude_mmhg);
  return shape;
}

double amplitude_at(const std::vector<BeatOscillation>& beats, double cuff_mmhg) {
  const std::vector<BeatOscillation> env = smoothed(beats);
  for (std::size_t i = 0; i + 1 < env.size(); ++i) {
    const double a = env[i].cuff_mmhg;
    const double b = env[i + 1].cuff_mmhg;
    if ((cuff_mmhg - a) * (cuff_mmhg - b) <= 0 && a != b) {
      const double f = (cuff_mmhg - a) / (b - a);
      return env[i].amplitude_mmhg + f * (env[i + 1].amplitude_mmhg - env[i].amplitude_mmhg);
    }
  }
  return 0;
}

}  // namespace bfr::sim

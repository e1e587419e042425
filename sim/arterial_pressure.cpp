#include "sim/arterial_pressure.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace bfr::sim {
namespace {
constexpr double kTwoPi = 2 * std::numbers::pi;
constexpr double kLowFrequencyHz = 0.1;
constexpr double kRespiratoryHz = 0.25;

// Babbs' pulse shape sin w + 0.5 sin 2w + 0.25 sin 3w.
double babbs_shape(double w) {
  return std::sin(w) + 0.5 * std::sin(2 * w) + 0.25 * std::sin(3 * w);
}

// The shape's trough (phase and value) and its peak value, found once. The
// shape is odd, so the peak is minus the trough.
struct ShapeExtremes {
  double trough_phase;
  double trough;
  double span;
};

ShapeExtremes find_extremes() {
  ShapeExtremes e{0, 0, 0};
  constexpr int kSteps = 20000;
  for (int i = 0; i < kSteps; ++i) {
    const double w = kTwoPi * i / kSteps;
    const double v = babbs_shape(w);
    if (v < e.trough) {
      e.trough = v;
      e.trough_phase = w;
    }
  }
  e.span = -2 * e.trough;
  return e;
}

const ShapeExtremes& extremes() {
  static const ShapeExtremes e = find_extremes();
  return e;
}
}  // namespace

ArterialPressure::ArterialPressure(const HeartParams& params, std::uint64_t seed)
    : params_(params),
      rng_(seed),
      beat_sys_(params.systolic_mmhg),
      beat_dia_(params.diastolic_mmhg),
      start_dia_(params.diastolic_mmhg) {}

double ArterialPressure::heart_rate_bpm() const {
  return params_.heart_rate_bpm *
         (1 + params_.lf_depth * std::sin(kTwoPi * kLowFrequencyHz * t_s_) +
          params_.respiratory_depth * std::sin(kTwoPi * kRespiratoryHz * t_s_));
}

void ArterialPressure::start_beat() {
  ++beats_;
  start_dia_ = beat_dia_;
  const double breath = params_.respiratory_bp_mmhg * std::sin(kTwoPi * kRespiratoryHz * t_s_);
  beat_sys_ = params_.systolic_mmhg + breath + rng_.normal(0, params_.systolic_beat_sd_mmhg);
  beat_dia_ =
      params_.diastolic_mmhg + 0.5 * breath + rng_.normal(0, params_.diastolic_beat_sd_mmhg);
  // A beat always has some pulse pressure, however the draws fall.
  beat_dia_ = std::min(beat_dia_, beat_sys_ - 10);
}

void ArterialPressure::advance(double dt_s) {
  beat_phase_ += kTwoPi * heart_rate_bpm() / 60.0 * dt_s;
  t_s_ += dt_s;
  if (beat_phase_ >= kTwoPi) {
    beat_phase_ -= kTwoPi;
    start_beat();
  }
}

double ArterialPressure::pressure_mmhg() const {
  // Beats run trough to trough. The diastolic floor slides from the last
  // beat's value to this one's, so the waveform has no step between beats.
  const ShapeExtremes& e = extremes();
  const double shape = (babbs_shape(beat_phase_ + e.trough_phase) - e.trough) / e.span;  // 0..1
  const double floor = start_dia_ + (beat_dia_ - start_dia_) * beat_phase_ / kTwoPi;
  return floor + (beat_sys_ - floor) * shape;
}

}  // namespace bfr::sim

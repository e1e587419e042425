#include "sim/motion.hpp"

#include <cmath>
#include <numbers>

namespace bfr::sim {

double motion_pressure_mmhg(const MotionArtefact& artefact, double t_s) {
  const double local = t_s - artefact.start_s;
  if (local < 0 || local > artefact.duration_s) return 0;
  if (artefact.shape == MotionShape::kTremor) {
    return artefact.amplitude_mmhg * std::sin(2 * std::numbers::pi * artefact.frequency_hz * local);
  }
  // A sinc centred in the window, spanning +-3 lobes, so that it rings as a
  // jolted cuff does and is near zero at both ends.
  const double x = 6 * (local / artefact.duration_s - 0.5);
  if (std::abs(x) < 1e-9) return artefact.amplitude_mmhg;
  return artefact.amplitude_mmhg * std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
}

double MotionTrack::pressure_mmhg(double t_s) const {
  double sum = 0;
  for (const auto& a : artefacts_) sum += motion_pressure_mmhg(a, t_s);
  return sum;
}

bool MotionTrack::active(double t_s) const {
  for (const auto& a : artefacts_) {
    if (t_s >= a.start_s && t_s <= a.start_s + a.duration_s) return true;
  }
  return false;
}

}  // namespace bfr::sim

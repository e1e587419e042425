#include "core/fall_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace bfr::core {
namespace {

// The floor may move this far from the estimator's (see the header).
constexpr float kFloorBelow = 0.7f;
constexpr float kFloorAbove = 1.3f;
// ... and never come within a tenth of the peak.
constexpr float kFloorBelowPeak = 0.9f;
// Widths from 1 mmHg (a fall within one beat) to ~38 mmHg (the thigh's slow
// fall), each 1.2 times the last.
constexpr int kWidths = 21;
constexpr float kWidthStep = 1.2f;
// The centre is searched every 2 mmHg, then every 0.25 mmHg within 2 mmHg
// of the best, at the best width and its two neighbours.
constexpr float kCoarseStep = 2.0f;
constexpr float kFineStep = 0.25f;
// Fewer beats than this cannot pin down a step with a floor.
constexpr int kMinBeats = 4;
// A beat is an outlier when it lies this many times the median distance of
// the beats from the step off it, and more than this share of the peak:
// noise alone is rarely four times its own median, and a jolt in the fall
// is a large share of the pulse.
constexpr float kOutlierFactor = 4.0f;
constexpr float kOutlierShareOfPeak = 0.3f;
constexpr std::size_t kNoSkip = OcclusionEstimator::kCapacity;

struct Fall {
  const EnvelopePoint* beats;
  std::size_t n;
  float peak;
  float floor_lo;
  float floor_hi;
  std::size_t skip = kNoSkip;  // a beat left out of the fit
};

struct Candidate {
  float error = -1;  // < 0: none yet
  float centre = 0;
  float width = 0;
  float floor = 0;
};

float step_down(float cuff, float centre, float width) {
  // 1 at pressures well below the centre, 0 well above; clamped so that the
  // exponential cannot overflow.
  const float u = std::clamp((cuff - centre) / width, -40.0f, 40.0f);
  return 1.0f / (1.0f + std::exp(u));
}

void try_step(const Fall& f, float centre, float width, Candidate& best) {
  // For a given centre and width the model is linear in the floor F:
  // a - T g = F (1 - g), so F is a one-line least-squares fit.
  // Only the first n are written and read: no need to clear the rest on
  // each of the thousands of candidates.
  std::array<float, OcclusionEstimator::kCapacity> g;
  float num = 0, den = 0;
  for (std::size_t i = 0; i < f.n; ++i) {
    if (i == f.skip) continue;
    g[i] = step_down(f.beats[i].cuff.mmhg(), centre, width);
    num += (1.0f - g[i]) * (f.beats[i].amplitude.mmhg() - f.peak * g[i]);
    den += (1.0f - g[i]) * (1.0f - g[i]);
  }
  const float floor = std::clamp(den > 1e-6f ? num / den : f.floor_lo, f.floor_lo, f.floor_hi);
  float error = 0;
  for (std::size_t i = 0; i < f.n; ++i) {
    if (i == f.skip) continue;
    const float r = f.beats[i].amplitude.mmhg() - (floor + (f.peak - floor) * g[i]);
    error += r * r;
  }
  if (best.error < 0 || error < best.error) best = {error, centre, width, floor};
}

Candidate search(const Fall& f, float low, float high) {
  Candidate best;
  float width = 1.0f;
  for (int k = 0; k < kWidths; ++k, width *= kWidthStep) {
    for (float c = low; c <= high; c += kCoarseStep) try_step(f, c, width, best);
  }
  const float coarse_centre = best.centre;
  const float coarse_width = best.width;
  for (const float w : {coarse_width / kWidthStep, coarse_width, coarse_width * kWidthStep}) {
    for (float c = coarse_centre - kCoarseStep; c <= coarse_centre + kCoarseStep; c += kFineStep) {
      try_step(f, c, w, best);
    }
  }
  return best;
}

float residual(const EnvelopePoint& p, const Candidate& c, float peak) {
  const float g = step_down(p.cuff.mmhg(), c.centre, c.width);
  return p.amplitude.mmhg() - (c.floor + (peak - c.floor) * g);
}

// The beat that stands highest above both its neighbours in pressure: a
// lone spike, the shape a jolt leaves in an envelope.
std::size_t highest_spike(const EnvelopePoint* beats, std::size_t n) {
  std::size_t spike = 0;
  float tallest = -1e9f;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const float above = beats[i].amplitude.mmhg() -
                        std::max(beats[i - 1].amplitude.mmhg(), beats[i + 1].amplitude.mmhg());
    if (above > tallest) {
      tallest = above;
      spike = i;
    }
  }
  return spike;
}

// One beat far off the fitted step (a jolt the motion gate let through, at
// up to twice the beats around it) is taken out and the step fitted again.
// Which beat: the one farthest off the first fit, or the highest lone spike,
// whichever leaves the better fit. A jolt above occlusion that stands over
// the peak can draw the first fit to itself (a sharp step just above it),
// and then the beats of the real fall are the ones farthest off.
Candidate refit_without_outlier(const Fall& f, const Candidate& first, float low, float high) {
  const std::size_t n = f.n;
  if (n <= static_cast<std::size_t>(kMinBeats)) return first;
  std::array<float, OcclusionEstimator::kCapacity> sizes{};
  std::size_t worst = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sizes[i] = std::abs(residual(f.beats[i], first, f.peak));
    if (sizes[i] > sizes[worst]) worst = i;
  }
  const float largest = sizes[worst];
  std::nth_element(sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(n / 2),
                   sizes.begin() + static_cast<std::ptrdiff_t>(n));
  const float typical = sizes[n / 2];
  if (!(largest > kOutlierFactor * typical && largest > kOutlierShareOfPeak * f.peak)) {
    return first;
  }
  // Each candidate is fitted with the beat left out in place: no copies of
  // the beats on the stack.
  Fall without = f;
  without.skip = worst;
  Candidate best = search(without, low, high);
  const std::size_t spike = highest_spike(f.beats, n);
  if (spike != worst && spike > 0) {
    without.skip = spike;
    const Candidate other = search(without, low, high);
    if (other.error < best.error) best = other;
  }
  return best;
}

}  // namespace

FallFit fit_fall(const OcclusionEstimator& beats, const OcclusionEstimate& estimate,
                 Fraction share) {
  FallFit out;
  if (!estimate.ok) return out;
  // The beats from the top of the fall upwards, in pressure order.
  std::array<EnvelopePoint, OcclusionEstimator::kCapacity> fall{};
  std::size_t n = 0;
  for (const EnvelopePoint& p : beats) {
    if (p.cuff >= estimate.fall_from) fall[n++] = p;
  }
  const float peak = estimate.peak_amplitude.mmhg();
  const float floor = estimate.floor_amplitude.mmhg();
  if (n < static_cast<std::size_t>(kMinBeats) || !(peak > floor) || floor <= 0) return out;
  std::sort(fall.begin(), fall.begin() + static_cast<std::ptrdiff_t>(n),
            [](const EnvelopePoint& a, const EnvelopePoint& b) { return a.cuff < b.cuff; });
  const Fall f{
      fall.data(), n, peak, kFloorBelow * floor,
      std::max(kFloorBelow * floor, std::min(kFloorAbove * floor, kFloorBelowPeak * peak))};
  const float low = fall[0].cuff.mmhg();
  const float high = fall[n - 1].cuff.mmhg();
  const Candidate first = search(f, low, high);
  const Candidate best = refit_without_outlier(f, first, low, high);

  // Where the step has fallen to `share` of the way from the floor to the
  // peak: g = share, so (p - c) / s = ln(1 / share - 1).
  const float at = best.centre + best.width * std::log(1.0f / share.value() - 1.0f);
  // A step that falls beyond the last beat was not seen falling.
  if (!(at <= high)) return out;
  out.ok = true;
  out.occlusion = Pressure::mmhg(std::max(at, low));
  out.centre = Pressure::mmhg(best.centre);
  out.width = Pressure::mmhg(best.width);
  out.floor = Pressure::mmhg(best.floor);
  return out;
}

void refine_by_fit(const OcclusionEstimator& beats, OcclusionEstimate& estimate) {
  const FallFit fit = fit_fall(beats, estimate, beats.config().threshold);
  if (!fit.ok) return;
  estimate.occlusion = fit.occlusion;
  estimate.fitted = true;
}

}  // namespace bfr::core

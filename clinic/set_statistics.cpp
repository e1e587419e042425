#include "clinic/set_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::clinic {

void SetStatistics::add(double cuff_mmhg, double target_mmhg) {
  if (samples_ == 0) {
    peak_ = min_ = cuff_mmhg;
  } else {
    peak_ = std::max(peak_, cuff_mmhg);
    min_ = std::min(min_, cuff_mmhg);
  }
  sum_ += cuff_mmhg;
  ++samples_;
  if (std::fabs(cuff_mmhg - target_mmhg) <= kExerciseBandShare * target_mmhg) ++in_band_;
}

double SetStatistics::time_in_band_fraction() const {
  return samples_ ? static_cast<double>(in_band_) / samples_ : 0.0;
}

}  // namespace bfr::clinic

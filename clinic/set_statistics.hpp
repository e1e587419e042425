#pragma once
// Pressure statistics of one set, accumulated frame by frame.
// "In band" means within +-10 % of target during exercise, the figure by
// which Swain 2025 compared BFR devices (bfr-facts section 2).

#include "core/units.hpp"

namespace bfr::clinic {

inline constexpr double kExerciseBandShare = 0.10;

class SetStatistics {
 public:
  void add(double cuff_mmhg, double target_mmhg);
  int samples() const { return samples_; }
  double time_in_band_fraction() const;
  double peak_mmhg() const { return samples_ ? peak_ : 0.0; }
  double min_mmhg() const { return samples_ ? min_ : 0.0; }
  double mean_mmhg() const { return samples_ ? sum_ / samples_ : 0.0; }

 private:
  int samples_ = 0;
  int in_band_ = 0;
  double peak_ = 0;
  double min_ = 0;
  double sum_ = 0;
};

}  // namespace bfr::clinic

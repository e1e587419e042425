#pragma once
// A limb segment under a cuff: how much of the cuff pressure reaches the
// artery (tissue transmission), the artery's pressure-volume law, and from
// those the limb's true occlusion pressure.
//
// Transmission k = k_max (1 - exp(-beta w / C)) for cuff width w and limb
// circumference C: narrow cuffs on thick limbs pass on less pressure, which
// is why LOP falls with cuff width and rises with circumference (Loenneke
// 2012, Brown 2018; bfr-facts section 3). k_max and beta are assumptions
// chosen so that the published thigh and arm means come out in range; the
// simulator validation (bfr sim validate) checks them against the papers.

#include "sim/arterial_pressure.hpp"

namespace bfr::sim {

enum class Segment { kThigh, kUpperArm };

struct ArteryParams {
  // Babbs 2012 exponential pressure-volume coefficients (normal artery).
  double a_per_mmhg = 0.11;
  double b_per_mmhg = 0.03;
  double radius_cm = 0.12;  // brachial, per Babbs; the femoral is wider
};

struct LimbParams {
  Segment segment = Segment::kThigh;
  double circumference_cm = 55;
  double cuff_width_cm = 11.5;
  ArteryParams artery{};
  // Systolic pressure in the leg exceeds the brachial one (a normal
  // ankle-brachial index is 1.0-1.4); assumed 10 % at the thigh.
  double leg_systolic_amplification = 1.10;
};

// Share of cuff pressure reaching the artery.
double tissue_transmission(const LimbParams& limb);

// Arterial blood volume under the cuff for a transmural pressure (mL).
double artery_volume_ml(const ArteryParams& artery, double covered_length_cm,
                        double transmural_mmhg);

class Limb {
 public:
  Limb(const LimbParams& limb, const HeartParams& brachial);

  void advance(double dt_s) { heart_.advance(dt_s); }
  // Arterial blood volume under the cuff now, for a given cuff pressure.
  double artery_volume_ml(double cuff_mmhg) const;
  // Cuff pressure that stops arterial flow: local systolic / transmission.
  double true_lop_mmhg() const;
  double local_arterial_pressure_mmhg() const { return heart_.pressure_mmhg(); }
  double heart_rate_bpm() const { return heart_.heart_rate_bpm(); }
  const LimbParams& params() const { return limb_; }

 private:
  LimbParams limb_;
  ArterialPressure heart_;
  double transmission_;
};

}  // namespace bfr::sim

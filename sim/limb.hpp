#pragma once
// A limb segment under a cuff: how much of the cuff pressure reaches the
// artery (tissue transmission), the artery's pressure-volume law, the
// hydrostatic effect of posture, venous pooling, and from those the limb's
// true occlusion pressure and its distal blood flow.
//
// Transmission k = k_max (1 - exp(-beta w / C)) for cuff width w and limb
// circumference C: narrow cuffs on thick limbs pass on less pressure, which
// is why LOP falls with cuff width and rises with circumference (Loenneke
// 2012, Brown 2018; bfr-facts section 3). k_max and beta are assumptions
// fitted to those published means; `bfr sim validate` checks them.

#include <cstdint>

#include "sim/arterial_pressure.hpp"

namespace bfr::sim {

enum class Segment { kThigh, kUpperArm };
enum class Posture { kSupine, kSeated, kStanding };

struct ArteryParams {
  // Babbs 2012 exponential pressure-volume coefficients (normal artery).
  double a_per_mmhg = 0.11;
  double b_per_mmhg = 0.03;
  double radius_cm = 0.12;  // brachial, per Babbs; the femoral is wider
};

struct LimbParams {
  Segment segment = Segment::kThigh;
  Posture posture = Posture::kSeated;
  double circumference_cm = 55;
  double cuff_width_cm = 11.5;
  ArteryParams artery{};
  // Systolic pressure in the leg exceeds the brachial one (a normal
  // ankle-brachial index is 1.0-1.4); assumed 10 % at the thigh.
  double leg_systolic_amplification = 1.10;
  // Person-specific scale on transmission (see Person).
  double tissue_transmission_factor = 1.0;
  // Height of the blood column between heart and cuff, for this posture and
  // a 170 cm person (assumed body geometry; sets the posture effect that
  // Hughes 2018 measured).
  double hydrostatic_column_cm = 0;
  // Venous pooling: with the veins shut, blood collects under and below the
  // cuff and slowly swells the limb into the cuff. Assumed figures (none in
  // the facts): a few mL over a minute or two, draining faster on release.
  double pool_max_ml = 6;
  double pool_fill_tau_s = 90;
  double pool_drain_tau_s = 15;
  double venous_closing_mmhg = 30;  // cuff pressure that shuts the veins
};

// Share of cuff pressure reaching the artery.
double tissue_transmission(const LimbParams& limb);

// Column of blood (cm) between heart and cuff for a segment and posture,
// scaled by body height.
double hydrostatic_column_cm(Segment segment, Posture posture, double height_cm);

// mmHg for a column of blood (density 1.06 g/mL).
double blood_column_mmhg(double column_cm);

// Arterial blood volume under the cuff for a transmural pressure (mL).
double artery_volume_ml(const ArteryParams& artery, double covered_length_cm,
                        double transmural_mmhg);

// Distal arterial flow, as a share of free flow, at a cuff pressure given
// as a share of LOP. Flow falls with pressure and stops at LOP; the curve
// 1 - x^3 is fitted to Kilgas 2018 (22-47 % lower at 60-80 % LOP) and keeps
// the roughly steady fall Tafuna'i 2021 reports (facts section 3).
double distal_flow_share(double cuff_share_of_lop);

class Limb {
 public:
  Limb(const LimbParams& limb, const HeartParams& brachial, std::uint64_t seed);

  void advance(double dt_s, double cuff_mmhg);
  // Arterial blood volume under the cuff now, for a given cuff pressure.
  double artery_volume_ml(double cuff_mmhg) const;
  // Limb volume added under the cuff by venous pooling (mL).
  double pooled_ml() const { return pooled_ml_; }
  // Cuff pressure that stops arterial flow at the mean systolic pressure:
  // local systolic pressure / transmission.
  double true_lop_mmhg() const;
  double distal_flow_share_at(double cuff_mmhg) const;
  double local_arterial_pressure_mmhg() const;
  double local_systolic_mmhg() const;
  double heart_rate_bpm() const { return heart_.heart_rate_bpm(); }
  double transmission() const { return transmission_; }
  const ArterialPressure& heart() const { return heart_; }
  const LimbParams& params() const { return limb_; }

 private:
  LimbParams limb_;
  ArterialPressure heart_;
  double transmission_;
  double pooled_ml_ = 0;
};

}  // namespace bfr::sim

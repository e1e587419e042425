// The limb under the cuff: arterial waveform, Babbs' artery law, tissue
// transmission and the true LOP against published cohorts.

#include "sim/limb.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

#include "sim/arterial_pressure.hpp"
#include "sim/person.hpp"

namespace bfr::sim {
namespace {

// --- Arterial pressure --------------------------------------------------------

TEST(ArterialPressure, SwingsBetweenDiastolicAndSystolic) {
  HeartParams h;
  h.systolic_mmhg = 130;
  h.diastolic_mmhg = 80;
  h.systolic_beat_sd_mmhg = 0;  // every beat alike, to see the waveform's own extremes
  h.diastolic_beat_sd_mmhg = 0;
  h.respiratory_bp_mmhg = 0;
  ArterialPressure art(h, 1);
  double lo = 1e9, hi = -1e9;
  for (int i = 0; i < 30000; ++i) {  // 30 s at 1 kHz
    art.advance(0.001);
    lo = std::min(lo, art.pressure_mmhg());
    hi = std::max(hi, art.pressure_mmhg());
  }
  // Babbs' waveform: 0.36 x max(sin w + 0.5 sin 2w + 0.25 sin 3w) = 0.4995,
  // so the extremes are DBP and SBP to within 0.1 % of the pulse pressure.
  EXPECT_NEAR(hi, 130.0, 0.1);
  EXPECT_NEAR(lo, 80.0, 0.1);
}

TEST(ArterialPressure, HeartRateVariesAroundItsMean) {
  HeartParams h;
  h.heart_rate_bpm = 63;
  ArterialPressure art(h, 1);
  double lo = 1e9, hi = -1e9;
  int beats = 0;
  double last = art.pressure_mmhg();
  bool rising = false;
  for (int i = 0; i < 120000; ++i) {  // 120 s: 12 LF and 30 respiratory cycles
    art.advance(0.001);
    lo = std::min(lo, art.heart_rate_bpm());
    hi = std::max(hi, art.heart_rate_bpm());
    const double p = art.pressure_mmhg();
    if (p < last && rising) ++beats;  // a systolic peak
    rising = p > last;
    last = p;
  }
  // Modulation depths 3 % + 4 %: the rate stays within +-7 % of the mean
  // and does vary (a constant rate would be no model of HRV).
  EXPECT_GE(lo, 63 * 0.93 - 1e-9);
  EXPECT_LE(hi, 63 * 1.07 + 1e-9);
  EXPECT_GT(hi - lo, 63 * 0.05);
  // The modulation is zero-mean over whole cycles: 126 beats in 120 s.
  EXPECT_NEAR(static_cast<double>(art.beats()), 126, 1);
  // And each beat has one systolic peak (a dicrotic wiggle may add a small
  // second maximum, so count at least one per beat).
  EXPECT_GE(beats, 125);
}

// --- Babbs 2012 artery ------------------------------------------------------

const ArteryParams kArtery{};                                   // a = 0.11, b = 0.03, r = 0.12 cm
constexpr double kLengthCm = 10.0;                              // Babbs' covered length for the arm
const double kV0 = std::numbers::pi * 0.12 * 0.12 * kLengthCm;  // ~0.45 mL

TEST(ArteryVolume, IsV0AtZeroTransmuralPressure) {
  EXPECT_NEAR(artery_volume_ml(kArtery, kLengthCm, 0.0), kV0, 1e-12);
  EXPECT_NEAR(kV0, 0.45, 0.01);  // the figure Babbs quotes
}

TEST(ArteryVolume, IsContinuousWithAContinuousSlopeAtZero) {
  const double h = 1e-6;
  const double below = artery_volume_ml(kArtery, kLengthCm, -h);
  const double above = artery_volume_ml(kArtery, kLengthCm, h);
  EXPECT_NEAR(below, kV0, 1e-6);
  EXPECT_NEAR(above, kV0, 1e-6);
  // Both branches have slope a V0 at 0: V0 a e^0 and V0 (a/b) b e^0.
  const double d = 1e-4;
  const double slope_below = (kV0 - artery_volume_ml(kArtery, kLengthCm, -d)) / d;
  const double slope_above = (artery_volume_ml(kArtery, kLengthCm, d) - kV0) / d;
  EXPECT_NEAR(slope_below, kArtery.a_per_mmhg * kV0, 1e-4);
  EXPECT_NEAR(slope_above, kArtery.a_per_mmhg * kV0, 1e-4);
}

TEST(ArteryVolume, CollapsesExponentiallyBelowZero) {
  // ln V is linear in Pt with slope a for Pt < 0.
  for (double pt : {-5.0, -20.0, -50.0, -100.0}) {
    const double v = artery_volume_ml(kArtery, kLengthCm, pt);
    EXPECT_NEAR(std::log(v / kV0), kArtery.a_per_mmhg * pt, 1e-9) << pt;
  }
  // Equal steps divide the volume by equal factors.
  const double r1 =
      artery_volume_ml(kArtery, kLengthCm, -10) / artery_volume_ml(kArtery, kLengthCm, -20);
  const double r2 =
      artery_volume_ml(kArtery, kLengthCm, -30) / artery_volume_ml(kArtery, kLengthCm, -40);
  EXPECT_NEAR(r1, r2, 1e-9);
  EXPECT_NEAR(r1, std::exp(10 * kArtery.a_per_mmhg), 1e-9);
}

TEST(ArteryVolume, SaturatesAboveZero) {
  const double cap = kV0 * (1 + kArtery.a_per_mmhg / kArtery.b_per_mmhg);
  double last = kV0;
  for (double pt = 10; pt <= 300; pt += 10) {
    const double v = artery_volume_ml(kArtery, kLengthCm, pt);
    EXPECT_GT(v, last);
    EXPECT_LT(v, cap);
    last = v;
  }
  EXPECT_NEAR(artery_volume_ml(kArtery, kLengthCm, 1000), cap, 1e-9);
  // A stiffer artery (Babbs' stiff coefficients) distends less.
  const ArteryParams stiff{0.076, 0.021, 0.12};
  EXPECT_LT(artery_volume_ml(stiff, kLengthCm, 40), artery_volume_ml(kArtery, kLengthCm, 40));
}

// --- Transmission and true LOP ---------------------------------------------

LimbParams limb(Segment segment, double circumference, double width) {
  LimbParams p;
  p.segment = segment;
  p.circumference_cm = circumference;
  p.cuff_width_cm = width;
  return p;
}

double true_lop(const Person& person, Segment segment, double width) {
  const PlantConfig c = plant_for(person, {segment, width}, mpx5050_profile(), 1);
  return Limb(c.limb, c.heart, 1).true_lop_mmhg();
}

TEST(Transmission, IsAShareThatGrowsWithWidthAndFallsWithCircumference) {
  for (double w : {5.0, 11.5, 18.0}) {
    const double k = tissue_transmission(limb(Segment::kThigh, 56, w));
    EXPECT_GT(k, 0.0);
    EXPECT_LT(k, 0.95 + 1e-12);  // skin pressure below cuff pressure (facts section 3)
  }
  EXPECT_LT(tissue_transmission(limb(Segment::kThigh, 56, 5)),
            tissue_transmission(limb(Segment::kThigh, 56, 13.5)));
  EXPECT_GT(tissue_transmission(limb(Segment::kThigh, 50, 5)),
            tissue_transmission(limb(Segment::kThigh, 65, 5)));
}

TEST(TrueLop, IsLocalSystolicOverTransmission) {
  HeartParams h;
  h.systolic_mmhg = 120;
  const LimbParams thigh = limb(Segment::kThigh, 56, 11.5);
  const LimbParams arm = limb(Segment::kUpperArm, 32, 11.5);
  // Leg systolic pressure is amplified (ankle-brachial index > 1), arm not.
  EXPECT_NEAR(Limb(thigh, h, 1).true_lop_mmhg(),
              120 * thigh.leg_systolic_amplification / tissue_transmission(thigh), 1e-9);
  EXPECT_NEAR(Limb(arm, h, 1).true_lop_mmhg(), 120 / tissue_transmission(arm), 1e-9);
  // Always above systolic: the cuff loses pressure on its way to the artery.
  EXPECT_GT(Limb(arm, h, 1).true_lop_mmhg(), 120);
}

TEST(TrueLop, RisesWithCircumferenceForANarrowCuff) {
  Person p = demo_person();
  double last = 0;
  for (double c = 40; c <= 75; c += 2.5) {
    p.thigh_circumference_cm = c;
    const double lop = true_lop(p, Segment::kThigh, 5.0);
    EXPECT_GT(lop, last) << c << " cm";
    last = lop;
  }
  // And it matters a lot for a narrow cuff (Wedig 2025: circumference
  // dominates narrow cuffs): over 40-75 cm, a 5 cm cuff's LOP moves by more
  // than a 13.5 cm cuff's.
  Person thin = demo_person();
  Person thick = demo_person();
  thin.thigh_circumference_cm = 45;
  thick.thigh_circumference_cm = 70;
  EXPECT_GT(true_lop(thick, Segment::kThigh, 5.0) - true_lop(thin, Segment::kThigh, 5.0),
            true_lop(thick, Segment::kThigh, 13.5) - true_lop(thin, Segment::kThigh, 13.5));
}

TEST(TrueLop, FallsWithCuffWidth) {
  const Person p = demo_person();
  for (Segment s : {Segment::kThigh, Segment::kUpperArm}) {
    double last = 1e9;
    for (double w = 4; w <= 20; w += 1) {
      const double lop = true_lop(p, s, w);
      EXPECT_LT(lop, last) << w << " cm";
      last = lop;
    }
  }
}

// The published cohort means and SDs are checked on virtual populations in
// validation_test.cpp (and by `bfr sim validate`).

TEST(TrueLop, NarrowToWideRatiosMatchThePapers) {
  // The narrow/wide ratio does not depend on blood pressure in this model
  // (LOP = local SBP / transmission), which makes it a sharper check than
  // the absolute values: Loenneke 235/144 = 1.63, Brown 161/133 = 1.21.
  // 10 % tolerance: the ratio of two cohort means with SDs of 7-18 %.
  const Person p = demo_person();
  EXPECT_NEAR(true_lop(p, Segment::kThigh, 5.0) / true_lop(p, Segment::kThigh, 13.5), 235.0 / 144.0,
              0.1 * 235.0 / 144.0);
  EXPECT_NEAR(true_lop(p, Segment::kUpperArm, 6.0) / true_lop(p, Segment::kUpperArm, 13.0),
              161.0 / 133.0, 0.1 * 161.0 / 133.0);
}

// --- Posture, distal flow, venous pooling --------------------------------------

TEST(Posture, UprightRaisesThighLopByTheBloodColumn) {
  Person p = demo_person();
  p.height_cm = 170;
  auto lop = [&](Posture posture) {
    const PlantConfig c = plant_for(p, {Segment::kThigh, 11.5}, mpx5050_profile(), 1, posture);
    return Limb(c.limb, c.heart, 1).true_lop_mmhg();
  };
  const double supine = lop(Posture::kSupine);
  const double seated = lop(Posture::kSeated);
  const double standing = lop(Posture::kStanding);
  EXPECT_LT(supine, seated);
  EXPECT_LT(seated, standing);
  // The rise is the hydrostatic column passed back through the tissue: 55 cm
  // of blood is 42.9 mmHg at the artery.
  const PlantConfig c = plant_for(p, {Segment::kThigh, 11.5}, mpx5050_profile(), 1);
  const double k = tissue_transmission(c.limb);
  EXPECT_NEAR(standing - supine, blood_column_mmhg(55) / k, 1e-6);
  EXPECT_NEAR(blood_column_mmhg(55), 42.9, 0.1);
}

TEST(Posture, TallerPeopleHaveALongerColumn) {
  EXPECT_GT(hydrostatic_column_cm(Segment::kThigh, Posture::kStanding, 190),
            hydrostatic_column_cm(Segment::kThigh, Posture::kStanding, 160));
  EXPECT_EQ(hydrostatic_column_cm(Segment::kThigh, Posture::kSupine, 190), 0.0);
  // An arm cuff hangs near heart level: a much smaller effect than the thigh.
  EXPECT_LT(hydrostatic_column_cm(Segment::kUpperArm, Posture::kStanding, 170),
            0.25 * hydrostatic_column_cm(Segment::kThigh, Posture::kStanding, 170));
}

TEST(DistalFlow, FallsMonotonicallyAndStopsAtLop) {
  double last = 1.0;
  EXPECT_DOUBLE_EQ(distal_flow_share(0), 1.0);
  for (double x = 0.05; x <= 1.0001; x += 0.05) {
    const double f = distal_flow_share(x);
    EXPECT_LT(f, last) << x;
    last = f;
  }
  EXPECT_NEAR(distal_flow_share(1.0), 0.0, 1e-12);
  EXPECT_EQ(distal_flow_share(1.3), 0.0);
  // Kilgas 2018: 22-47 % less flow at 60-80 % LOP.
  EXPECT_NEAR(1 - distal_flow_share(0.6), 0.22, 0.03);
  EXPECT_NEAR(1 - distal_flow_share(0.8), 0.47, 0.06);
}

TEST(VenousPooling, FillsUnderPressureAndDrainsOnRelease) {
  LimbParams params = limb(Segment::kThigh, 56, 11.5);
  HeartParams h;
  Limb l(params, h, 3);
  for (int i = 0; i < 60000; ++i) l.advance(0.001, 150);  // a minute at 150 mmHg
  const double after_minute = l.pooled_ml();
  // 1 - exp(-60/90) of the maximum.
  EXPECT_NEAR(after_minute, params.pool_max_ml * (1 - std::exp(-60.0 / 90.0)), 0.05);
  for (int i = 0; i < 30000; ++i) l.advance(0.001, 0);  // 30 s deflated
  EXPECT_LT(l.pooled_ml(), 0.2 * after_minute);
  // Below the venous closing pressure nothing pools.
  Limb low(params, h, 3);
  for (int i = 0; i < 60000; ++i) low.advance(0.001, 20);
  EXPECT_EQ(low.pooled_ml(), 0.0);
}

TEST(ArterialPressure, BeatsVaryAroundThePersonsMeans) {
  HeartParams h;
  h.systolic_mmhg = 125;
  h.diastolic_mmhg = 78;
  ArterialPressure art(h, 5);
  std::vector<double> sys;
  long beat = 0;
  for (int i = 0; i < 300000; ++i) {  // 5 min, ~315 beats
    art.advance(0.001);
    if (art.beats() != beat) {
      beat = art.beats();
      sys.push_back(art.beat_systolic_mmhg());
    }
  }
  ASSERT_GT(sys.size(), 250u);
  double mean = 0, sq = 0;
  for (double v : sys) mean += v;
  mean /= static_cast<double>(sys.size());
  for (double v : sys) sq += (v - mean) * (v - mean);
  const double sd = std::sqrt(sq / static_cast<double>(sys.size() - 1));
  // Beat scatter 3 mmHg plus the +-2 mmHg breathing swing (SD 2/sqrt 2):
  // sqrt(9 + 2) = 3.3 mmHg. The SE of the mean is ~0.2 mmHg.
  EXPECT_NEAR(mean, 125, 0.8);
  EXPECT_NEAR(sd, 3.3, 0.5);
}

TEST(ArterialPressure, WaveformIsContinuousAcrossBeats) {
  HeartParams h;
  h.systolic_beat_sd_mmhg = 8;  // exaggerated scatter makes any step obvious
  h.diastolic_beat_sd_mmhg = 6;
  ArterialPressure art(h, 9);
  double last = art.pressure_mmhg();
  double worst = 0;
  for (int i = 0; i < 60000; ++i) {
    art.advance(0.001);
    worst = std::max(worst, std::abs(art.pressure_mmhg() - last));
    last = art.pressure_mmhg();
  }
  // The steepest upstroke moves ~1 mmHg per ms; a step between beats would
  // show as a jump of several mmHg.
  EXPECT_LT(worst, 1.5);
}

}  // namespace
}  // namespace bfr::sim

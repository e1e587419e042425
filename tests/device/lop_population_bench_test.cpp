// The virtual-population LOP benchmark: its design (reproducible, covering
// the segments, postures, sensors, cuff widths and motion share the issue
// asks for), a small run that must be safe whatever the method's accuracy,
// and the summary arithmetic. Accuracy targets live in `bfr lop bench`, not
// here: the method is still being reworked.

#include "device/lop_population_bench.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

namespace bfr::device {
namespace {

bool same(const BenchLimb& a, const BenchLimb& b) {
  const bool same_motion = a.motion.has_value() == b.motion.has_value() &&
                           (!a.motion || (a.motion->start_s == b.motion->start_s &&
                                          a.motion->amplitude_mmhg == b.motion->amplitude_mmhg));
  return a.index == b.index && a.person.name == b.person.name &&
         a.person.systolic_mmhg == b.person.systolic_mmhg && a.segment == b.segment &&
         a.posture == b.posture && a.cuff_width_cm == b.cuff_width_cm && a.sensor == b.sensor &&
         a.plant_seed == b.plant_seed && same_motion;
}

TEST(LopPopulationDesign, SameSeedGivesTheSameLimbsWhateverTheSize) {
  PopulationDesign design;
  design.limbs = 40;
  design.seed = 7;
  const auto a = design_population(design);
  const auto b = design_population(design);
  ASSERT_EQ(a.size(), 40u);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(same(a[i], b[i])) << i;

  // Limb i does not depend on how many limbs were designed.
  design.limbs = 10;
  const auto small = design_population(design);
  for (std::size_t i = 0; i < small.size(); ++i) EXPECT_TRUE(same(small[i], a[i])) << i;
  EXPECT_TRUE(same(design_limb(design, 33), a[33]));

  // Another seed, other limbs.
  design.seed = 8;
  const auto other = design_population(design);
  int differ = 0;
  for (std::size_t i = 0; i < other.size(); ++i)
    differ += other[i].cuff_width_cm != a[i].cuff_width_cm;
  EXPECT_EQ(differ, 10);
}

TEST(LopPopulationDesign, TheNoiseScaleChangesOnlyTheSensorsNoise) {
  PopulationDesign design;
  design.limbs = 8;
  const auto textbook = design_population(design);
  design.sensor_noise_scale = 0.25;
  const auto quiet = design_population(design);
  for (std::size_t i = 0; i < textbook.size(); ++i) {
    EXPECT_TRUE(same(textbook[i], quiet[i])) << i;
    const sim::SensorProfile a = textbook[i].plant_config().sensor;
    const sim::SensorProfile b = quiet[i].plant_config().sensor;
    EXPECT_GT(a.noise_sd_mmhg, 0.0);
    EXPECT_DOUBLE_EQ(b.noise_sd_mmhg, 0.25 * a.noise_sd_mmhg) << i;
    EXPECT_DOUBLE_EQ(b.sample_rate_hz, a.sample_rate_hz);
    EXPECT_DOUBLE_EQ(b.quantum_mmhg, a.quantum_mmhg);
  }
}

TEST(LopPopulationDesign, CoversSegmentsPosturesSensorsWidthsAndMotion) {
  PopulationDesign design;  // the bench's default: 1,000 limbs
  const auto limbs = design_population(design);
  ASSERT_EQ(limbs.size(), 1000u);

  std::set<std::tuple<sim::Segment, sim::Posture, BenchSensor>> cells;
  int thigh = 0, motion = 0;
  double min_w = 1e9, max_w = 0;
  for (const auto& l : limbs) {
    cells.insert({l.segment, l.posture, l.sensor});
    thigh += l.segment == sim::Segment::kThigh;
    min_w = std::min(min_w, l.cuff_width_cm);
    max_w = std::max(max_w, l.cuff_width_cm);
    if (l.motion) {
      ++motion;
      EXPECT_GE(l.motion->start_s, 0.0);
      EXPECT_LE(l.motion->start_s, design.motion_window_s);
      EXPECT_EQ(l.motion->shape, sim::MotionShape::kImpulse);
      EXPECT_DOUBLE_EQ(l.motion->amplitude_mmhg, 5.0);
      EXPECT_DOUBLE_EQ(l.motion->duration_s, 3.0);
    }
    // The sensor profile carries the rate the controller must run at.
    const double rate = l.sensor_profile().sample_rate_hz;
    EXPECT_DOUBLE_EQ(rate, l.sensor == BenchSensor::kMpx5050 ? 100.0 : 40.0);
  }
  // Both segments x three postures x both sensors, in equal shares.
  EXPECT_EQ(cells.size(), 12u);
  EXPECT_EQ(thigh, 500);
  // Widths span 5-18 cm and stay inside it.
  EXPECT_GE(min_w, 5.0);
  EXPECT_LT(min_w, 5.5);
  EXPECT_LE(max_w, 18.0);
  EXPECT_GT(max_w, 17.5);
  // About a fifth carry a motion artefact (binomial SD ~13 at n = 1,000).
  EXPECT_GT(motion, 150);
  EXPECT_LT(motion, 250);
}

TEST(LopPopulationBench, SmallRunGivesAValueOrAReasonAndStaysInsideItsBounds) {
  PopulationDesign design;
  design.limbs = 12;  // each of the 12 segment x posture x sensor cells once
  design.seed = 1;
  const PopulationRun run = run_population_bench(design, 2);
  ASSERT_EQ(run.outcomes.size(), 12u);
  for (std::size_t i = 0; i < run.outcomes.size(); ++i) {
    const LopRunOutcome& o = run.outcomes[i];
    SCOPED_TRACE(i);
    if (o.ok) {
      EXPECT_TRUE(o.failure.empty()) << o.failure;
      EXPECT_GT(o.measured_mmhg, 0.0);
    } else {
      EXPECT_FALSE(o.failure.empty());
    }
    EXPECT_GT(o.true_lop_mmhg, 0.0);
    // The safety bounds hold whatever the method's accuracy.
    EXPECT_FALSE(o.over_cap) << "peak " << o.peak_true_cuff_mmhg;
    EXPECT_LE(o.peak_true_cuff_mmhg, o.cap_mmhg);
    EXPECT_FALSE(o.over_time) << o.time_s << " s";
    EXPECT_FALSE(o.host_guard);
    EXPECT_TRUE(o.deflated);
    EXPECT_LT(o.final_sensor_mmhg, 20.0);
    EXPECT_LT(o.final_true_cuff_mmhg, 20.0);
  }
  EXPECT_EQ(run.summary.limbs, 12);
  EXPECT_EQ(run.summary.over_cap, 0);
  EXPECT_EQ(run.summary.over_time, 0);
  EXPECT_EQ(run.summary.not_deflated, 0);
  int reasons = 0;
  for (const auto& [reason, count] : run.summary.failures) reasons += count;
  int values = 0;
  for (const auto& o : run.outcomes) values += o.ok;
  EXPECT_EQ(values + reasons, 12);
}

TEST(LopPopulationBench, RunsAreIndependentOfThreadCount) {
  PopulationDesign design;
  design.limbs = 4;
  const PopulationRun one = run_population_bench(design, 1);
  const PopulationRun two = run_population_bench(design, 2);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(one.outcomes[i].ok, two.outcomes[i].ok);
    EXPECT_EQ(one.outcomes[i].measured_mmhg, two.outcomes[i].measured_mmhg);
    EXPECT_EQ(one.outcomes[i].failure, two.outcomes[i].failure);
    EXPECT_EQ(one.outcomes[i].time_s, two.outcomes[i].time_s);
  }
}

TEST(LopPopulationBench, TheMeasurementTimeRunsFromTheCommand) {
  // A limb left idle for 2 s before the command: nothing inflates before
  // it, and the time counts from the frame that carried it to the frame
  // that carried the controller's result.
  PopulationDesign design;
  BenchLimb limb = design_limb(design, 0);
  limb.motion.reset();
  LopRunOptions options;
  options.command_at_s = 2;
  bool inflated_early = false;
  double command_frame_plant_s = -1;
  double result_since_s = -1;
  options.observer = [&](const LopRunFrame& f, VirtualDevice& d) {
    if (f.since_command_s < 0 && d.plant().true_cuff_mmhg() > 1.0) inflated_early = true;
    if (f.since_command_s >= 0 && command_frame_plant_s < 0) {
      command_frame_plant_s = d.plant().time_s();
    }
    for (const core::Event& e : f.telemetry.outputs.events) {
      const bool result =
          e.kind == core::EventKind::kLopMeasured || e.kind == core::EventKind::kLopFailed;
      if (result && result_since_s < 0) result_since_s = f.since_command_s;
    }
  };
  // The stages as the observer sees them, frame by frame, up to the result.
  std::array<double, 6> seen_stage_s{};
  const auto time_stages = options.observer;
  options.observer = [&](const LopRunFrame& f, VirtualDevice& d) {
    time_stages(f, d);
    if (f.since_command_s >= 0 && result_since_s < 0 &&
        f.telemetry.outputs.phase == core::Phase::kMeasuringLop) {
      seen_stage_s[static_cast<std::size_t>(d.controller().lop().stage())] +=
          static_cast<double>(d.frame_period().us()) * 1e-6;
    }
  };
  const LopRunOutcome o = run_bench_limb(limb, options);
  double stages_total = 0;
  for (std::size_t k = 0; k < 6; ++k) {
    EXPECT_NEAR(o.stage_s[k], seen_stage_s[k], 1e-6) << "stage " << k;
    stages_total += o.stage_s[k];
  }
  // Every frame from the command to the result is in one stage or another,
  // and the fill and the fast ramp are never skipped.
  EXPECT_NEAR(stages_total, o.time_s, 0.025);
  EXPECT_GT(o.stage_s[static_cast<std::size_t>(core::LopStage::kFill)], 0.0);
  EXPECT_GT(o.stage_s[static_cast<std::size_t>(core::LopStage::kFast)], 0.0);
  EXPECT_FALSE(inflated_early);
  EXPECT_NEAR(command_frame_plant_s, 2.0, 0.011);  // within one 10 ms frame
  ASSERT_GE(result_since_s, 0.0);
  EXPECT_DOUBLE_EQ(o.time_s, result_since_s);
  EXPECT_LE(o.time_s, o.time_limit_s + 0.011);
}

// Limb 125 of seed 18 is an arm whose pulse never rises clear of the
// MPX5050's 0.4 mmHg of noise: its largest beats are 1.25-1.33 mmHg. With
// the least pulse read at 1 mmHg it is read 60 mmHg high (a target from it
// would occlude the limb); at three noise SDs it is not read from noise.
// Which bench limbs show this moves with every change to the ramp (it was
// limb 381 of seed 5, then limb 553 of seed 4): the case is found by
// measuring the MPX5050 limbs of the bench both ways.
TEST(LopPopulationBench, APulseLostInTheSensorsNoiseIsNotReadAsOne) {
  PopulationDesign design;
  design.seed = 18;
  const BenchLimb limb = design_limb(design, 125);
  ASSERT_EQ(limb.segment, sim::Segment::kUpperArm);
  ASSERT_EQ(limb.sensor, BenchSensor::kMpx5050);

  const auto measure = [&](const core::ControllerConfig& controller) {
    VirtualDevice device(limb.plant_config(), controller);
    if (limb.motion) device.plant().add_motion(*limb.motion);
    return run_lop_measurement(device);
  };
  core::ControllerConfig at_one_mmhg = controller_config_for_sensor(limb.sensor_profile());
  at_one_mmhg.lop.min_peak = core::Pressure::mmhg(1.0f);
  const LopRunOutcome lenient = measure(at_one_mmhg);
  // The case is still the one described: noise read as a pulse, grossly.
  ASSERT_TRUE(lenient.ok) << lenient.failure;
  ASSERT_GT(lenient.measured_mmhg - lenient.true_lop_mmhg, 50.0);

  const LopRunOutcome o = measure(controller_config_for_sensor(limb.sensor_profile()));
  EXPECT_TRUE(o.deflated);
  if (o.ok) {
    EXPECT_NEAR(o.measured_mmhg, o.true_lop_mmhg, 15.0);
  } else {
    EXPECT_EQ(o.failure, core::to_string(core::LopFailure::kNoPulse));
  }
}

// Limbs 44 and 704 of seed 4 are thighs (true LOP 253 and 215 mmHg) hit by
// a motion impulse on the fast ramp: its main lobe, 3.6 mmHg, passed the
// motion gate and stood as the envelope's peak, its ringing died away as a
// "fall", and beats of the real pulse's foot made a floor. They were read
// 157 and 135 mmHg low (a target from such a reading restricts far too
// little). No other beat came within 0.7 of that peak; a reading now waits
// for a peak another beat confirms, and the ramp goes on to the real one.
TEST(LopPopulationBench, APeakNoOtherBeatConfirmsIsNotReadFrom) {
  PopulationDesign design;
  design.seed = 4;
  for (const std::size_t index : {std::size_t{44}, std::size_t{704}}) {
    const BenchLimb limb = design_limb(design, index);
    ASSERT_EQ(limb.segment, sim::Segment::kThigh);
    ASSERT_TRUE(limb.motion.has_value());
    const LopRunOutcome o = run_bench_limb(limb);
    ASSERT_TRUE(o.ok) << "limb " << index << ": " << o.failure;
    EXPECT_NEAR(o.measured_mmhg, o.true_lop_mmhg, 15.0) << "limb " << index;
    EXPECT_TRUE(o.deflated);
    std::printf("[ figures  ] seed 4 limb %zu: %.1f against %.1f mmHg, %.1f s\n", index,
                o.measured_mmhg, o.true_lop_mmhg, o.time_s);
  }
}

// Limb 744 of seed 6, a thigh (true LOP 232.5 mmHg) under a 6 cm cuff: a
// 4 mmHg motion impulse at 70 mmHg, on the fast ramp, stood as a peak no
// other beat came near (the real pulse peaked at 2.3 mmHg near 200 mmHg).
// Taken late as it stood, it was read 88 mmHg low. The beats without it and
// its pause make a reading of their own, and that is taken.
TEST(LopPopulationBench, ALonePeakIsReadWithoutWhenTheRestStandsOnItsOwn) {
  PopulationDesign design;
  design.seed = 6;
  const BenchLimb limb = design_limb(design, 744);
  ASSERT_EQ(limb.segment, sim::Segment::kThigh);
  ASSERT_TRUE(limb.motion.has_value());
  const LopRunOutcome o = run_bench_limb(limb);
  ASSERT_TRUE(o.ok) << o.failure;
  EXPECT_NEAR(o.measured_mmhg, o.true_lop_mmhg, 10.0);
  EXPECT_TRUE(o.deflated);
  std::printf("[ figures  ] seed 6 limb 744: %.1f against %.1f mmHg, %.1f s\n", o.measured_mmhg,
              o.true_lop_mmhg, o.time_s);
}

// Arms hit by the textbook motion impulse near the top of the fall, whose
// main lobe was under 2.2 times the beats before it: the motion gate let it
// through as a beat, it stood as the envelope's peak above occlusion, and
// the arms were read 29 mmHg (seed 4 limb 453, a 15.5 cm cuff) and 28 mmHg
// (seed 6 limb 353, 16.7 cm) high. Below the heart rate the impulse is
// plain (core/motion_band.hpp): the ramp holds and its beats go.
TEST(LopPopulationBench, AJoltTheBeatsLetThroughIsHeardBelowTheHeartRate) {
  for (const auto& [seed, index] : {std::pair<std::uint64_t, std::size_t>{4, 453}, {6, 353}}) {
    PopulationDesign design;
    design.seed = seed;
    const BenchLimb limb = design_limb(design, index);
    ASSERT_EQ(limb.segment, sim::Segment::kUpperArm);
    ASSERT_TRUE(limb.motion.has_value());
    const auto measure = [&](const core::ControllerConfig& controller) {
      VirtualDevice device(limb.plant_config(), controller);
      device.plant().add_motion(*limb.motion);
      return run_lop_measurement(device);
    };
    core::ControllerConfig beats_only = controller_config_for_sensor(limb.sensor_profile());
    beats_only.lop.motion_band_threshold = core::Pressure{};
    const LopRunOutcome before = measure(beats_only);
    // Still the case described: read from the jolt, far too high.
    ASSERT_TRUE(before.ok) << before.failure;
    ASSERT_GT(before.measured_mmhg - before.true_lop_mmhg, 25.0);

    const LopRunOutcome o = measure(controller_config_for_sensor(limb.sensor_profile()));
    ASSERT_TRUE(o.ok) << "seed " << seed << " limb " << index << ": " << o.failure;
    EXPECT_NEAR(o.measured_mmhg, o.true_lop_mmhg, 12.0) << "seed " << seed << " limb " << index;
    EXPECT_TRUE(o.deflated);
    std::printf("[ figures  ] seed %llu limb %zu: %.1f against %.1f mmHg (%.1f without the band)\n",
                static_cast<unsigned long long>(seed), index, o.measured_mmhg, o.true_lop_mmhg,
                before.measured_mmhg);
  }
}

// A quarter of the textbook sensor noise: above occlusion the pulse fades
// under what the detector hears and the noise no longer makes beats there
// (the MPX5050's 12-bit steps still do). Limbs 3 (arm, 5.7 cm cuff) and 26
// (thigh, 13.6 cm) of seed 1, both on the HX710B, then ran to the cap; with
// the heart periods heard as they are, they read.
TEST(LopPopulationBench, AQuieterSensorStillReadsTheFloor) {
  PopulationDesign design;
  design.seed = 1;
  design.sensor_noise_scale = 0.25;
  for (const std::size_t index : {std::size_t{3}, std::size_t{26}}) {
    const BenchLimb limb = design_limb(design, index);
    ASSERT_EQ(limb.sensor, BenchSensor::kHx710b);
    const auto measure = [&](bool listen) {
      core::ControllerConfig controller = controller_config_for_sensor(limb.sensor_profile());
      controller.lop.hear_quiet_periods = listen;
      VirtualDevice device(limb.plant_config(), controller);
      if (limb.motion) device.plant().add_motion(*limb.motion);
      return run_lop_measurement(device);
    };
    const LopRunOutcome deaf = measure(false);
    EXPECT_FALSE(deaf.ok) << "limb " << index << " read " << deaf.measured_mmhg;
    const LopRunOutcome o = measure(true);
    ASSERT_TRUE(o.ok) << "limb " << index << ": " << o.failure;
    EXPECT_NEAR(o.measured_mmhg, o.true_lop_mmhg, 8.0) << "limb " << index;
    EXPECT_TRUE(o.deflated);
    std::printf(
        "[ figures  ] seed 1 limb %zu at noise x0.25: deaf %s; %.1f against %.1f mmHg, "
        "%.1f s\n",
        index, deaf.failure.c_str(), o.measured_mmhg, o.true_lop_mmhg, o.time_s);
  }
}

LopRunOutcome outcome(bool ok, double measured, double truth, double time_s,
                      std::optional<double> fixed = std::nullopt) {
  LopRunOutcome o;
  o.ok = ok;
  o.failure = ok ? "" : "motion: too many artefacts during the measurement";
  o.measured_mmhg = measured;
  o.true_lop_mmhg = truth;
  o.time_s = time_s;
  o.fixed_ratio_mmhg = fixed;
  o.cap_mmhg = 300;
  o.time_limit_s = 60;
  o.deflated = true;
  o.peak_true_cuff_mmhg = std::min(truth + 40, 299.0);
  return o;
}

TEST(LopPopulationSummary, AccuracySuccessAndTimesAreComputedAsDocumented) {
  PopulationDesign design;
  design.limbs = 6;
  const auto limbs = design_population(design);  // 0, 2, 4 thigh; 1, 3, 5 arm
  std::vector<LopRunOutcome> outcomes{
      outcome(true, 202, 200, 10, 190),  // thigh +2, fixed -10
      outcome(true, 150, 150, 20, 140),  // arm 0, fixed -10
      outcome(true, 196, 200, 30, 180),  // thigh -4, fixed -20
      outcome(true, 154, 150, 40),       // arm +4, no fixed value
      outcome(false, 0, 320, 50),        // thigh, truth above the cap
      outcome(false, 0, 150, 60),        // arm, failed
  };
  const PopulationSummary s = summarise_population(design, limbs, outcomes);
  const SegmentAccuracy& thigh = s.segments[0];
  const SegmentAccuracy& arm = s.segments[1];
  EXPECT_EQ(thigh.limbs, 3);
  EXPECT_EQ(thigh.measurable, 2);
  EXPECT_EQ(thigh.ours.n, 2);
  EXPECT_DOUBLE_EQ(thigh.ours.bias_mmhg, -1.0);
  EXPECT_NEAR(thigh.ours.sd_mmhg, std::sqrt(18.0), 1e-9);  // (+2, -4) about -1
  EXPECT_EQ(thigh.fixed.n, 2);
  EXPECT_DOUBLE_EQ(thigh.fixed.bias_mmhg, -15.0);
  EXPECT_EQ(thigh.paired, 2);
  ASSERT_TRUE(thigh.gain);
  EXPECT_NEAR(*thigh.gain, std::sqrt(250.0) / std::sqrt(10.0), 1e-9);
  EXPECT_TRUE(thigh.bias_pass);
  EXPECT_TRUE(thigh.sd_pass);  // sqrt(18) = 4.2 <= 8
  EXPECT_EQ(arm.ours.n, 2);
  EXPECT_DOUBLE_EQ(arm.ours.bias_mmhg, 2.0);
  EXPECT_EQ(arm.paired, 1);
  EXPECT_FALSE(arm.gain);      // one pair is no ratio
  EXPECT_TRUE(arm.sd_pass);    // sqrt(8) = 2.8 <= 6
  EXPECT_TRUE(arm.bias_pass);  // +2 is on the +-2 bound
  EXPECT_EQ(s.truth_above_cap, 1);
  EXPECT_EQ(s.failures.size(), 1u);
  // Postures cycle supine, seated, standing: limb 4 (truth above the cap)
  // leaves seated with one measurable limb; standing has one value of two.
  ASSERT_EQ(s.postures.size(), 3u);
  EXPECT_EQ(s.postures[0].values, 2);
  EXPECT_TRUE(s.postures[0].pass);
  EXPECT_EQ(s.postures[1].limbs, 2);
  EXPECT_EQ(s.postures[1].measurable, 1);
  EXPECT_TRUE(s.postures[1].pass);
  EXPECT_DOUBLE_EQ(s.postures[2].rate, 0.5);
  EXPECT_FALSE(s.postures[2].pass);
  EXPECT_DOUBLE_EQ(s.median_time_s, 35.0);
  EXPECT_DOUBLE_EQ(s.p95_time_s, 57.5);
  EXPECT_FALSE(s.pass);
}

TEST(LopPopulationSummary, TimesPerSegmentAndStageAreMediansAndMeans) {
  PopulationDesign design;
  design.limbs = 4;
  const auto limbs = design_population(design);  // 0, 2 thigh; 1, 3 arm
  std::vector<LopRunOutcome> outcomes{outcome(true, 200, 200, 10), outcome(true, 150, 150, 20),
                                      outcome(true, 200, 200, 30), outcome(true, 150, 150, 50)};
  outcomes[0].stage_s = {1, 4, 3, 2, 0, 0};
  outcomes[2].stage_s = {1, 8, 13, 6, 2, 0};
  outcomes[1].stage_s = {0.5, 6, 8, 4, 0, 1.5};
  outcomes[3].stage_s = {0.5, 10, 20, 12, 4, 3.5};
  const PopulationSummary s = summarise_population(design, limbs, outcomes);
  const SegmentAccuracy& thigh = s.segments[0];
  const SegmentAccuracy& arm = s.segments[1];
  EXPECT_DOUBLE_EQ(thigh.median_time_s, 20.0);  // of 10 and 30
  EXPECT_DOUBLE_EQ(arm.median_time_s, 35.0);    // of 20 and 50
  const std::array<double, 6> thigh_mean{1, 6, 8, 4, 1, 0};
  const std::array<double, 6> arm_mean{0.5, 8, 14, 8, 2, 2.5};
  for (std::size_t k = 0; k < 6; ++k) {
    EXPECT_DOUBLE_EQ(thigh.mean_stage_s[k], thigh_mean[k]) << "stage " << k;
    EXPECT_DOUBLE_EQ(arm.mean_stage_s[k], arm_mean[k]) << "stage " << k;
  }
}

}  // namespace
}  // namespace bfr::device

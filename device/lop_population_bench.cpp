#include "device/lop_population_bench.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "device/bench_text.hpp"
#include "device/core_segment.hpp"
#include "sim/parallel.hpp"
#include "sim/population.hpp"
#include "sim/rng.hpp"

namespace bfr::device {
namespace {

// After the controller has reported, the cuff must be down within this; past
// it the host vents, and past twice this it gives up on the run. The vent
// empties a thigh cuff from 200 to 20 mmHg in about 3 s (docs/SIMULATOR.md),
// so 30 s only trips on a fault.
constexpr double kSettleGuardS = 30;

// Above this the cuff restricts the limb (SafetyLimits::restricted_above):
// a run that ends above it has not deflated.
constexpr double kRestrictingAboveMmhg = 20;

// The sensor rates the population uses: 100 samples/s for the analog part
// (the rate of the BFR cuff study, bfr-facts section 4) and the faster of
// the HX710B's two rates, 40 samples/s (facts section 4).
constexpr double kMpx5050RateHz = 100;
constexpr double kHx710bRateHz = 40;

// A limb's design stream (width, motion, plant seed), kept apart from the
// person's own stream in population.cpp by a salt on the seed.
std::uint64_t limb_stream_seed(std::uint64_t seed, std::size_t index) {
  constexpr std::uint64_t kDesignSalt = 0x4c4f5042454e4348ULL;  // "LOPBENCH"
  return sim::splitmix64(sim::splitmix64(seed ^ kDesignSalt) + static_cast<std::uint64_t>(index));
}

ErrorStats error_stats(const std::vector<double>& errors) {
  ErrorStats s;
  s.n = static_cast<int>(errors.size());
  if (errors.empty()) return s;
  double sum = 0, sq = 0;
  for (double e : errors) {
    sum += e;
    sq += e * e;
  }
  const double n = static_cast<double>(errors.size());
  s.bias_mmhg = sum / n;
  s.rms_mmhg = std::sqrt(sq / n);
  if (errors.size() > 1) {
    double dev = 0;
    for (double e : errors) dev += (e - s.bias_mmhg) * (e - s.bias_mmhg);
    s.sd_mmhg = std::sqrt(dev / (n - 1));
  }
  return s;
}

double rms(const std::vector<double>& v) {
  if (v.empty()) return 0;
  double sq = 0;
  for (double e : v) sq += e * e;
  return std::sqrt(sq / static_cast<double>(v.size()));
}

// Linear interpolation between order statistics (the usual "type 7").
double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

const char* segment_label(sim::Segment s) {
  return s == sim::Segment::kThigh ? "thigh" : "upper arm";
}

const char* posture_label(sim::Posture p) {
  switch (p) {
    case sim::Posture::kSupine:
      return "supine";
    case sim::Posture::kSeated:
      return "seated";
    case sim::Posture::kStanding:
      return "standing";
  }
  return "?";
}

}  // namespace

core::ControllerConfig controller_config_for_rate(double sample_rate_hz) {
  core::ControllerConfig config;
  config.sample_rate = core::Frequency::hz(static_cast<float>(sample_rate_hz));
  return config;
}

core::ControllerConfig controller_config_for_sensor(const sim::SensorProfile& sensor) {
  core::ControllerConfig config = controller_config_for_rate(sensor.sample_rate_hz);
  const core::Pressure noise = core::Pressure::mmhg(static_cast<float>(sensor.noise_sd_mmhg));
  config.lop.min_peak = core::min_peak_for_noise(noise);
  config.lop.beats.noise_floor = core::noise_floor_for_noise(noise);
  return config;
}

LopRunOutcome run_lop_measurement(VirtualDevice& device, const LopRunOptions& options) {
  const core::ControllerConfig& config = device.controller().config();
  sim::Plant& plant = device.plant();
  const double period_s = seconds(device.frame_period());

  LopRunOutcome out;
  out.cap_mmhg = config.lop.cap.mmhg();
  out.time_limit_s = seconds(config.lop.max_duration);
  core::RecordedLopAnalysis analysis(config.sample_rate);

  bool commanded = false;
  core::TimePoint command_at;
  bool reported = false;       // a value or a failure is known
  bool by_controller = false;  // ... and the controller gave it
  double reported_at_s = 0;    // since the command
  bool vent_sent = false;
  bool feeding = false;  // the analysis has started taking samples
  double since_s = -options.command_at_s - period_s;
  double last_sensor_mmhg = 0;

  const auto report = [&](double at_s, std::string failure) {
    reported = true;
    reported_at_s = at_s;
    out.time_s = at_s;
    out.failure = std::move(failure);
  };

  for (;;) {
    core::Command command{};
    if (!commanded && plant.time_s() + 1e-9 >= options.command_at_s) {
      command.kind = core::CommandKind::kMeasureLop;
      command.limb = options.limb;
    } else if (commanded && !reported && since_s > options.host_guard_s) {
      // The controller's own bounds should have ended the measurement long
      // before: the host stops it, and the run counts as over time.
      report(since_s, "host guard: no result in " + fixed(options.host_guard_s, 0) + " s");
      out.host_guard = true;
      command.kind = core::CommandKind::kStop;
    } else if (reported && !vent_sent && since_s > reported_at_s + kSettleGuardS) {
      out.host_guard = true;
      command.kind = core::CommandKind::kEmergencyStop;
      vent_sent = true;
    }

    const Telemetry t = device.exchange(command);
    last_sensor_mmhg = t.cuff.mmhg();
    if (command.kind == core::CommandKind::kMeasureLop) {
      commanded = true;
      command_at = t.at;
      out.true_lop_mmhg = plant.true_lop_mmhg();
    }
    if (commanded) {
      since_s = seconds(t.at - command_at);
      // Sampled once a frame (every 10 or 25 ms); at the 6 mmHg/s ramp the
      // pressure moves well under 1 mmHg between frames.
      out.peak_true_cuff_mmhg = std::max(out.peak_true_cuff_mmhg, plant.true_cuff_mmhg());
    } else {
      // The command goes out in the frame after the plant reaches its
      // time, so that frame is one period later: every frame before it is
      // negative.
      since_s = plant.time_s() - options.command_at_s - period_s;
    }

    for (const core::Event& e : t.outputs.events) {
      if (reported) break;
      switch (e.kind) {
        case core::EventKind::kLopMeasured:
          report(since_s, {});
          by_controller = true;
          out.ok = true;
          out.measured_mmhg = e.value.mmhg();
          if (t.lop_result) {
            out.heart_rate_bpm = t.lop_result->heart_rate.per_minute();
            out.quality = t.lop_result->quality.value();
            out.beats_used = t.lop_result->beats_used;
          }
          break;
        case core::EventKind::kLopFailed:
          report(since_s, core::to_string(static_cast<core::LopFailure>(e.code)));
          by_controller = true;
          break;
        case core::EventKind::kAlarmRaised:
          report(since_s,
                 std::string("alarm: ") + core::to_string(static_cast<core::Alarm>(e.code)));
          by_controller = true;
          break;
        case core::EventKind::kCommandRejected:
          report(since_s,
                 std::string("refused: ") + core::to_string(static_cast<core::Rejection>(e.code)));
          by_controller = true;
          break;
        default:
          break;
      }
    }

    // The analysis takes the samples of the ramp itself: the fast fill
    // before it is a step that would ring through the pulse band filters
    // (the live measurement settles its filters at the same point).
    if (commanded && !reported && t.outputs.phase == core::Phase::kMeasuringLop) {
      const auto stage = static_cast<std::size_t>(device.controller().lop().stage());
      if (stage < out.stage_s.size()) out.stage_s[stage] += period_s;
      if (!feeding && t.cuff >= device.controller().lop().pace().start) feeding = true;
      if (feeding) analysis.add(t.at, t.cuff);
    }

    if (options.observer) options.observer(LopRunFrame{t, since_s, analysis}, device);

    if (reported) {
      const bool idle = t.outputs.phase == core::Phase::kIdle;
      const bool vented = t.outputs.phase == core::Phase::kSafeState;
      // The host stops on what it can see, the sensor; whether the cuff
      // really is down is the plant's truth (a stuck sensor could read low
      // over a full cuff).
      if ((idle || vented) && t.cuff < config.deflated_below) {
        out.deflated = plant.true_cuff_mmhg() < kRestrictingAboveMmhg;
        break;
      }
      if (since_s > reported_at_s + 2 * kSettleGuardS) break;  // given up: not deflated
    }
  }

  out.final_sensor_mmhg = last_sensor_mmhg;
  out.final_true_cuff_mmhg = plant.true_cuff_mmhg();
  out.over_cap = out.peak_true_cuff_mmhg > out.cap_mmhg;
  // The controller checks its limit once a frame, so its timeout lands up
  // to one frame past the limit; anything later is over.
  out.over_time = !by_controller || out.time_s > out.time_limit_s + period_s + 1e-6;
  const core::RecordedLopResult recorded = analysis.finish();
  out.beats_seen = recorded.beats;
  if (recorded.estimate.fixed_ratio_ok) out.fixed_ratio_mmhg = recorded.estimate.fixed_ratio.mmhg();
  return out;
}

const char* bench_sensor_name(BenchSensor sensor) {
  return sensor == BenchSensor::kMpx5050 ? "mpx5050" : "hx710b";
}

sim::SensorProfile BenchLimb::sensor_profile() const {
  sim::SensorProfile p = sensor == BenchSensor::kMpx5050 ? sim::mpx5050_profile(kMpx5050RateHz)
                                                         : sim::hx710b_profile(kHx710bRateHz);
  p.noise_sd_mmhg *= sensor_noise_scale;
  return p;
}

sim::PlantConfig BenchLimb::plant_config() const {
  return sim::plant_for(person, {segment, cuff_width_cm}, sensor_profile(), plant_seed, posture);
}

BenchLimb design_limb(const PopulationDesign& design, std::size_t index) {
  BenchLimb limb;
  limb.index = index;
  limb.person = sim::draw_person(sim::general_adult_cohort(), design.seed, index);
  // Segment and sensor from the index modulo 4, posture modulo 3: every 12
  // consecutive limbs hold each of the 12 combinations once, so the cells
  // stay balanced whatever the population size.
  limb.segment = index % 2 == 0 ? sim::Segment::kThigh : sim::Segment::kUpperArm;
  limb.sensor = (index / 2) % 2 == 0 ? BenchSensor::kMpx5050 : BenchSensor::kHx710b;
  constexpr std::array<sim::Posture, 3> kPostures{sim::Posture::kSupine, sim::Posture::kSeated,
                                                  sim::Posture::kStanding};
  limb.posture = kPostures[index % 3];
  limb.sensor_noise_scale = design.sensor_noise_scale;

  // Every draw is made whatever its outcome, so that changing the motion
  // share moves no other limb's width or seed.
  sim::Rng rng(limb_stream_seed(design.seed, index));
  limb.cuff_width_cm = rng.uniform(design.min_cuff_width_cm, design.max_cuff_width_cm);
  const double motion_draw = rng.uniform(0.0, 1.0);
  const double motion_start_s = rng.uniform(0.0, design.motion_window_s);
  limb.plant_seed = rng.next();
  if (motion_draw < design.motion_share) {
    sim::MotionArtefact m;
    m.start_s = motion_start_s;
    m.duration_s = design.motion_duration_s;
    m.amplitude_mmhg = design.motion_amplitude_mmhg;
    m.shape = sim::MotionShape::kImpulse;
    limb.motion = m;
  }
  return limb;
}

std::vector<BenchLimb> design_population(const PopulationDesign& design) {
  std::vector<BenchLimb> limbs;
  limbs.reserve(design.limbs);
  for (std::size_t i = 0; i < design.limbs; ++i) limbs.push_back(design_limb(design, i));
  return limbs;
}

LopRunOutcome run_bench_limb(const BenchLimb& limb, const LopRunOptions& options, bool name_limb) {
  VirtualDevice device(limb.plant_config(), controller_config_for_sensor(limb.sensor_profile()));
  LopRunOptions named = options;
  if (name_limb && !named.limb) named.limb = core_segment(limb.segment);
  // The artefact's start is plant time; the command goes out at
  // options.command_at_s (0 in the bench), so it lands that far into the
  // measurement.
  if (limb.motion) device.plant().add_motion(*limb.motion);
  return run_lop_measurement(device, named);
}

PopulationSummary summarise_population(const PopulationDesign& design,
                                       const std::vector<BenchLimb>& limbs,
                                       const std::vector<LopRunOutcome>& outcomes,
                                       const PopulationTargets& targets) {
  PopulationSummary s;
  s.design = design;
  s.targets = targets;
  s.limbs = static_cast<int>(limbs.size());
  if (!outcomes.empty()) {
    s.cap_mmhg = outcomes.front().cap_mmhg;
    s.time_limit_s = outcomes.front().time_limit_s;
  }
  s.min_width_cm = limbs.empty() ? 0 : limbs.front().cuff_width_cm;
  s.max_width_cm = s.min_width_cm;

  const auto measurable = [](const LopRunOutcome& o) { return o.true_lop_mmhg < o.cap_mmhg; };

  struct Errors {
    std::vector<double> ours, fixed, paired_ours, paired_fixed;
  };
  std::array<Errors, 2> errors;
  std::array<std::vector<double>, 2> segment_times;
  std::vector<double> times;
  for (std::size_t i = 0; i < limbs.size() && i < outcomes.size(); ++i) {
    const BenchLimb& limb = limbs[i];
    const LopRunOutcome& o = outcomes[i];
    s.min_width_cm = std::min(s.min_width_cm, limb.cuff_width_cm);
    s.max_width_cm = std::max(s.max_width_cm, limb.cuff_width_cm);
    if (limb.motion) ++s.motion_limbs;
    if (!measurable(o)) {
      ++s.truth_above_cap;
      if (o.failure == core::to_string(core::LopFailure::kCapReached)) {
        ++s.truth_above_cap_cap_reached;
      }
    }
    const std::size_t seg = limb.segment == sim::Segment::kThigh ? 0 : 1;
    SegmentAccuracy& acc = s.segments[seg];
    ++acc.limbs;
    if (measurable(o)) ++acc.measurable;
    // Every value given counts towards accuracy, also on a limb whose truth
    // is above the cap: a clinician would have used it.
    if (o.ok) errors[seg].ours.push_back(o.measured_mmhg - o.true_lop_mmhg);
    if (o.fixed_ratio_mmhg) errors[seg].fixed.push_back(*o.fixed_ratio_mmhg - o.true_lop_mmhg);
    if (o.ok && o.fixed_ratio_mmhg) {
      errors[seg].paired_ours.push_back(o.measured_mmhg - o.true_lop_mmhg);
      errors[seg].paired_fixed.push_back(*o.fixed_ratio_mmhg - o.true_lop_mmhg);
    }
    if (!o.ok) ++s.failures[o.failure];
    times.push_back(o.time_s);
    segment_times[seg].push_back(o.time_s);
    for (std::size_t k = 0; k < o.stage_s.size(); ++k) acc.mean_stage_s[k] += o.stage_s[k];
    s.highest_true_cuff_mmhg = std::max(s.highest_true_cuff_mmhg, o.peak_true_cuff_mmhg);
    if (o.over_cap) ++s.over_cap;
    if (o.over_time) ++s.over_time;
    if (o.host_guard) ++s.host_guard;
    if (!o.deflated) ++s.not_deflated;
  }

  for (std::size_t seg = 0; seg < 2; ++seg) {
    SegmentAccuracy& acc = s.segments[seg];
    acc.segment = seg == 0 ? sim::Segment::kThigh : sim::Segment::kUpperArm;
    acc.ours = error_stats(errors[seg].ours);
    acc.fixed = error_stats(errors[seg].fixed);
    acc.paired = static_cast<int>(errors[seg].paired_ours.size());
    acc.paired_rms_ours_mmhg = rms(errors[seg].paired_ours);
    acc.paired_rms_fixed_mmhg = rms(errors[seg].paired_fixed);
    if (acc.paired >= 2 && acc.paired_rms_ours_mmhg > 0) {
      acc.gain = acc.paired_rms_fixed_mmhg / acc.paired_rms_ours_mmhg;
    }
    acc.max_sd_mmhg = seg == 0 ? targets.max_sd_thigh_mmhg : targets.max_sd_arm_mmhg;
    acc.median_time_s = quantile(segment_times[seg], 0.5);
    for (double& stage : acc.mean_stage_s) stage /= std::max(acc.limbs, 1);
    acc.bias_pass = acc.ours.n >= 2 && std::abs(acc.ours.bias_mmhg) <= targets.max_abs_bias_mmhg;
    acc.sd_pass = acc.ours.n >= 2 && acc.ours.sd_mmhg <= acc.max_sd_mmhg;
    const char* name = segment_label(acc.segment);
    if (!acc.bias_pass) {
      s.missed.push_back(std::string(name) + " bias " +
                         (acc.ours.n >= 2 ? fixed(acc.ours.bias_mmhg, 2) + " mmHg" : "unknown") +
                         " (target within +-" + fixed(targets.max_abs_bias_mmhg, 0) + ")");
    }
    if (!acc.sd_pass) {
      s.missed.push_back(std::string(name) + " SD " +
                         (acc.ours.n >= 2 ? fixed(acc.ours.sd_mmhg, 2) + " mmHg" : "unknown") +
                         " (target <= " + fixed(acc.max_sd_mmhg, 0) + ")");
    }
  }

  // Success rates over the limbs that can be measured under the cap.
  const auto success = [&](std::string name, bool has_target, const auto& in_row) {
    SuccessRow row;
    row.name = std::move(name);
    row.has_target = has_target;
    for (std::size_t i = 0; i < limbs.size() && i < outcomes.size(); ++i) {
      if (!in_row(limbs[i])) continue;
      ++row.limbs;
      if (!measurable(outcomes[i])) continue;
      ++row.measurable;
      if (outcomes[i].ok) ++row.values;
    }
    row.rate = row.measurable > 0 ? static_cast<double>(row.values) / row.measurable : 0;
    row.pass = row.measurable > 0 && row.rate >= targets.min_success;
    return row;
  };
  for (sim::Posture p : {sim::Posture::kSupine, sim::Posture::kSeated, sim::Posture::kStanding}) {
    s.postures.push_back(
        success(posture_label(p), true, [p](const BenchLimb& l) { return l.posture == p; }));
    const SuccessRow& row = s.postures.back();
    if (!row.pass) {
      // Two decimals and the counts: a rate just under the target must not
      // print as the target itself.
      s.missed.push_back(row.name + " success " + fixed(100 * row.rate, 2) + " % (" +
                         std::to_string(row.values) + " of " + std::to_string(row.measurable) +
                         "; target >= " + fixed(100 * targets.min_success, 0) + " %)");
    }
  }
  for (sim::Segment g : {sim::Segment::kThigh, sim::Segment::kUpperArm}) {
    s.breakdown.push_back(
        success(segment_label(g), false, [g](const BenchLimb& l) { return l.segment == g; }));
  }
  for (BenchSensor b : {BenchSensor::kMpx5050, BenchSensor::kHx710b}) {
    const std::string name = std::string(bench_sensor_name(b)) + " " +
                             fixed(b == BenchSensor::kMpx5050 ? kMpx5050RateHz : kHx710bRateHz, 0) +
                             " Hz";
    s.breakdown.push_back(success(name, false, [b](const BenchLimb& l) { return l.sensor == b; }));
  }
  s.breakdown.push_back(
      success("with motion", false, [](const BenchLimb& l) { return l.motion.has_value(); }));
  s.breakdown.push_back(
      success("without motion", false, [](const BenchLimb& l) { return !l.motion.has_value(); }));

  s.median_time_s = quantile(times, 0.5);
  s.p95_time_s = quantile(times, 0.95);
  s.median_pass = !times.empty() && s.median_time_s <= targets.max_median_time_s;
  s.p95_pass = !times.empty() && s.p95_time_s <= targets.max_p95_time_s;
  if (!s.median_pass) {
    s.missed.push_back("median time " + fixed(s.median_time_s, 1) +
                       " s (target <= " + fixed(targets.max_median_time_s, 0) + ")");
  }
  if (!s.p95_pass) {
    s.missed.push_back("95th percentile time " + fixed(s.p95_time_s, 1) +
                       " s (target <= " + fixed(targets.max_p95_time_s, 0) + ")");
  }
  if (s.over_cap > 0) {
    s.missed.push_back(std::to_string(s.over_cap) + " runs over the cap (highest true pressure " +
                       fixed(s.highest_true_cuff_mmhg, 1) + " mmHg)");
  }
  if (s.over_time > 0)
    s.missed.push_back(std::to_string(s.over_time) + " runs over the time limit");
  if (s.not_deflated > 0) {
    s.missed.push_back(std::to_string(s.not_deflated) + " runs not deflated at the end");
  }
  s.pass = s.missed.empty() && s.limbs > 0;
  return s;
}

PopulationRun run_population_bench(const PopulationDesign& design, unsigned threads,
                                   const PopulationTargets& targets) {
  PopulationRun run;
  run.limbs = design_population(design);
  run.outcomes.resize(run.limbs.size());
  // One limb per job, each with its own device and result slot.
  sim::parallel_for(run.limbs.size(), threads, [&](std::size_t i) {
    run.outcomes[i] = run_bench_limb(run.limbs[i], {}, design.name_limbs);
  });
  run.summary = summarise_population(design, run.limbs, run.outcomes, targets);
  return run;
}

}  // namespace bfr::device

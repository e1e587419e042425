#include "cli/lop_measure_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "cli/console_observer.hpp"
#include "cli/simulated_limb_options.hpp"
#include "device/core_segment.hpp"
#include "device/lop_population_bench.hpp"
#include "device/scenario_runner.hpp"
#include "device/virtual_device.hpp"
#include "sim/person.hpp"
#include "sim/scenario.hpp"

namespace bfr::cli {
namespace {

// Sensor rates, as in scenario files and the population bench: the BFR cuff
// study's 100 Hz for the analog part, the HX710B's faster 40 samples/s
// (bfr-facts section 4).
constexpr double kMpx5050RateHz = 100;
constexpr double kHx710bRateHz = 40;

// What is measured, wherever it came from.
struct Setup {
  std::string source;  // "options", "scenario" or "bench"
  std::string person;
  sim::Segment segment = sim::Segment::kThigh;
  sim::Posture posture = sim::Posture::kSeated;
  double cuff_width_cm = kThighCuffCm;
  std::string sensor;
  double sample_rate_hz = kMpx5050RateHz;
  std::uint64_t seed = 1;
  sim::PlantConfig plant;
  core::ControllerConfig controller;
  std::optional<sim::MotionArtefact> motion;     // bench limbs
  std::vector<sim::ScenarioEvent> plant_events;  // scenario: applied at their times
  std::vector<std::string> ignored;              // scenario events left out
  double command_at_s = 0;
};

sim::Segment segment_from(const std::string& name) {
  return name == "upper_arm" ? sim::Segment::kUpperArm : sim::Segment::kThigh;
}

bool acts_on_plant(sim::ScenarioEventKind kind) {
  return kind == sim::ScenarioEventKind::kContractions || kind == sim::ScenarioEventKind::kMotion ||
         kind == sim::ScenarioEventKind::kFault || kind == sim::ScenarioEventKind::kClearFault;
}

void apply(sim::Plant& plant, const sim::ScenarioEvent& e) {
  switch (e.kind) {
    case sim::ScenarioEventKind::kContractions:
      if (e.period_s) plant.lifter().set_rep_period(*e.period_s);
      plant.lifter().start_set(e.at_s, e.set_index, e.reps);
      break;
    case sim::ScenarioEventKind::kMotion:
      plant.add_motion(e.motion);
      break;
    case sim::ScenarioEventKind::kFault:
      plant.inject(e.fault);
      break;
    case sim::ScenarioEventKind::kClearFault:
      plant.clear_fault(e.fault.kind);
      break;
    default:
      break;
  }
}

Setup from_scenario(const std::string& path) {
  const sim::Scenario sc = sim::load_scenario(path);
  Setup s;
  s.source = "scenario";
  s.person = sc.person_origin;
  s.segment = sc.segment;
  s.posture = sc.posture;
  s.cuff_width_cm = sc.cuff_width_cm;
  s.sensor = sc.sensor_name;
  s.sample_rate_hz = sc.sensor.sample_rate_hz;
  s.seed = sc.seed;
  s.plant = device::plant_config_for(sc);
  s.controller = device::controller_config_for(sc);
  if (sc.drive != sim::DriveMode::kController) {
    s.ignored.push_back(std::string("drive mode ") + std::string(sim::drive_mode_name(sc.drive)) +
                        " (the controller measures)");
  }
  bool have_start = false;
  for (const sim::ScenarioEvent& e : sc.events) {
    if (acts_on_plant(e.kind)) {
      s.plant_events.push_back(e);
    } else if (e.kind == sim::ScenarioEventKind::kMeasureLop && !have_start) {
      s.command_at_s = e.at_s;
      have_start = true;
    } else {
      s.ignored.push_back(fmt::format("{} at {:.1f} s", sim::event_kind_name(e.kind), e.at_s));
    }
  }
  return s;
}

Setup from_bench(std::uint64_t seed, std::size_t index) {
  device::PopulationDesign design;
  design.seed = seed;
  const device::BenchLimb limb = device::design_limb(design, index);
  Setup s;
  s.source = "bench";
  s.person = fmt::format("person {} of the general cohort, seed {}", index, seed);
  s.segment = limb.segment;
  s.posture = limb.posture;
  s.cuff_width_cm = limb.cuff_width_cm;
  s.sensor = device::bench_sensor_name(limb.sensor);
  s.sample_rate_hz = limb.sensor_profile().sample_rate_hz;
  s.seed = seed;
  s.plant = limb.plant_config();
  s.controller = device::controller_config_for_sensor(limb.sensor_profile());
  s.motion = limb.motion;
  return s;
}

Setup from_options(const LopMeasureOptions& o) {
  Setup s;
  s.source = "options";
  s.person = "demo person";
  s.segment = segment_from(o.segment);
  s.posture = posture_from(o.posture);
  s.cuff_width_cm = o.cuff_width_cm > 0                 ? o.cuff_width_cm
                    : s.segment == sim::Segment::kThigh ? kThighCuffCm
                                                        : kArmCuffCm;
  s.sensor = o.sensor;
  s.sample_rate_hz = o.sensor == "hx710b" ? kHx710bRateHz : kMpx5050RateHz;
  s.seed = o.seed;
  sim::SensorProfile profile;
  sim::sensor_profile_by_name(o.sensor, s.sample_rate_hz, profile);
  s.plant =
      sim::plant_for(sim::demo_person(), {s.segment, s.cuff_width_cm}, profile, o.seed, s.posture);
  s.controller = device::controller_config_for_sensor(profile);
  return s;
}

std::string segment_text(sim::Segment s) {
  return s == sim::Segment::kThigh ? "thigh" : "upper_arm";
}

// Progress on a terminal: one line rewritten ten times a simulated second.
// Elsewhere (a pipe, a log, --json on stderr): one line a simulated second.
class Progress {
 public:
  Progress(std::FILE* out, bool tty) : out_(out), tty_(tty) {}

  void on_frame(const device::LopRunFrame& f, const core::LopMeasurement& lop) {
    if (f.since_command_s < 0) return;
    const double step = tty_ ? 0.1 : 1.0;
    const auto tick = static_cast<long>(std::floor(f.since_command_s / step + 1e-9));
    if (tick == last_tick_) return;
    last_tick_ = tick;
    const device::Telemetry& t = f.telemetry;
    // The progress share only means something while the controller measures.
    const bool measuring = t.outputs.phase == core::Phase::kMeasuringLop;
    // While measuring: which stage of the ramp, and whether motion holds it.
    const std::string what = measuring ? fmt::format("{}{}", core::to_string(lop.stage()),
                                                     lop.paused(t.at) ? ", held: motion" : "")
                                       : core::to_string(t.outputs.phase);
    const std::string line = fmt::format(
        "{:6.1f} s  cuff {:6.1f} mmHg  beats {:3d}  progress {:>5}  {}", f.since_command_s,
        t.cuff.mmhg(), lop.beats(),
        measuring ? fmt::format("{:3.0f} %", 100.0f * t.outputs.lop_progress.value()) : "-", what);
    if (tty_) {
      fmt::print(out_, "\r{:<78}", line);
      open_line_ = true;
    } else {
      fmt::print(out_, "{}\n", line);
    }
    std::fflush(out_);
  }

  void finish() {
    if (open_line_) fmt::print(out_, "\n");
    open_line_ = false;
    std::fflush(out_);
  }

 private:
  std::FILE* out_;
  bool tty_;
  long last_tick_ = -1;
  bool open_line_ = false;
};

nlohmann::json number_or_null(bool have, double v) {
  return have ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

CLI::App* add_lop_measure_command(CLI::App& lop, LopMeasureOptions& o) {
  auto* cmd = lop.add_subcommand(
      "measure",
      "Measure LOP live with the real controller on a simulated limb (the demo person's, unless "
      "--scenario or --bench-limb says otherwise): progress while it runs, then the value beside "
      "the simulation truth, or why there is none; the cuff ends deflated");
  auto* scenario =
      cmd->add_option("--scenario", o.scenario,
                      "Scenario file (.toml): its person, limb, cuff, sensor, motion and faults");
  auto* bench = cmd->add_option("--bench-limb", o.bench_limb,
                                "Limb N of the `bfr lop bench` population of --seed")
                    ->check(CLI::NonNegativeNumber);
  auto* seed = cmd->add_option("--seed", o.seed,
                               "Simulation seed (default 1); with --bench-limb, the "
                               "population's seed");
  auto* segment = cmd->add_option("--segment", o.segment, "thigh (default) or upper_arm")
                      ->check(CLI::IsMember({"thigh", "upper_arm"}));
  auto* width = cmd->add_option("--cuff-width-cm", o.cuff_width_cm,
                                "Cuff width, 3-30 cm (default 11.5 thigh, 13 arm)")
                    ->check(CLI::Range(3.0, 30.0));
  auto* posture = cmd->add_option("--posture", o.posture, "supine, seated (default) or standing")
                      ->check(CLI::IsMember({"supine", "seated", "standing"}));
  auto* sensor = cmd->add_option("--sensor", o.sensor,
                                 "mpx5050 (default, 100 samples/s) or hx710b (40 samples/s)")
                     ->check(CLI::IsMember({"mpx5050", "hx710b"}));
  for (CLI::Option* limb_option : {segment, width, posture, sensor}) {
    scenario->excludes(limb_option);
    bench->excludes(limb_option);
  }
  scenario->excludes(seed);
  scenario->excludes(bench);
  cmd->add_flag("--realtime", o.realtime, "Run on the wall clock instead of simulated time");
  cmd->add_flag("--json", o.json, "Print the result as JSON (progress goes to stderr)");
  return cmd;
}

int run_lop_measure(const LopMeasureOptions& options) {
  Setup setup;
  try {
    if (!options.scenario.empty()) {
      setup = from_scenario(options.scenario);
    } else if (options.bench_limb >= 0) {
      setup = from_bench(options.seed, static_cast<std::size_t>(options.bench_limb));
    } else {
      setup = from_options(options);
    }
  } catch (const sim::ScenarioError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }

  std::FILE* progress_out = options.json ? stderr : stdout;
  const std::string header = fmt::format(
      "LOP measurement on a simulated limb (not a person): {}, {}, {:.1f} cm cuff, {} at {:.0f} "
      "Hz\n{}; simulation seed {}",
      segment_text(setup.segment), sim::posture_name(setup.posture), setup.cuff_width_cm,
      setup.sensor, setup.sample_rate_hz, setup.person, setup.seed);
  fmt::print(progress_out, "{}\n", header);
  if (setup.motion) {
    fmt::print(progress_out, "motion impulse of {:.0f} mmHg at {:.1f} s\n",
               setup.motion->amplitude_mmhg, setup.motion->start_s);
  }
  for (const auto& note : setup.ignored) fmt::print(progress_out, "left out: {}\n", note);
  std::fflush(progress_out);

  device::VirtualDevice device(setup.plant, setup.controller);
  if (setup.motion) device.plant().add_motion(*setup.motion);

  Progress progress(progress_out, isatty(fileno(progress_out)) != 0);
  const clinic::Pacer pacer = options.realtime ? realtime_pacer() : clinic::Pacer{};
  std::size_t next_event = 0;
  device::LopRunOptions run;
  run.command_at_s = setup.command_at_s;
  run.limb = device::core_segment(setup.segment);  // as a clinic's host names it
  run.observer = [&](const device::LopRunFrame& f, device::VirtualDevice& d) {
    // Scenario events due by now act before the plant moves on, as in
    // `bfr sim run`.
    sim::Plant& plant = d.plant();
    while (next_event < setup.plant_events.size() &&
           setup.plant_events[next_event].at_s <= plant.time_s() + 1e-9) {
      apply(plant, setup.plant_events[next_event++]);
    }
    if (pacer) pacer(f.telemetry.at.since_origin());
    progress.on_frame(f, d.controller().lop());
  };
  const device::LopRunOutcome out = device::run_lop_measurement(device, run);
  progress.finish();

  const double error = out.measured_mmhg - out.true_lop_mmhg;
  if (options.json) {
    const nlohmann::json j{
        {"ok", out.ok},
        {"lop_mmhg", number_or_null(out.ok, out.measured_mmhg)},
        {"heart_rate_bpm", number_or_null(out.ok, out.heart_rate_bpm)},
        {"quality", number_or_null(out.ok, out.quality)},
        {"beats_used", out.beats_used},
        {"beats_seen", out.beats_seen},
        {"failure", out.ok ? nlohmann::json(nullptr) : nlohmann::json(out.failure)},
        {"time_s", out.time_s},
        {"true_lop_mmhg", out.true_lop_mmhg},
        {"error_mmhg", number_or_null(out.ok, error)},
        {"fixed_ratio_mmhg",
         number_or_null(out.fixed_ratio_mmhg.has_value(), out.fixed_ratio_mmhg.value_or(0))},
        {"peak_true_cuff_mmhg", out.peak_true_cuff_mmhg},
        {"final_cuff_mmhg", out.final_sensor_mmhg},
        {"final_true_cuff_mmhg", out.final_true_cuff_mmhg},
        {"deflated", out.deflated},
        {"over_cap", out.over_cap},
        {"over_time", out.over_time},
        {"limb",
         {{"source", setup.source},
          {"person", setup.person},
          {"segment", segment_text(setup.segment)},
          {"posture", std::string(sim::posture_name(setup.posture))},
          {"cuff_width_cm", setup.cuff_width_cm},
          {"sensor", setup.sensor},
          {"sample_rate_hz", setup.sample_rate_hz},
          {"seed", setup.seed}}},
        {"left_out", setup.ignored}};
    fmt::print("{}\n", j.dump(2));
    return out.ok ? 0 : 3;
  }

  if (out.ok) {
    fmt::print(
        "LOP {:.1f} mmHg, heart rate {:.0f} bpm, quality {:.2f}, {} beats used, in {:.1f} s\n",
        out.measured_mmhg, out.heart_rate_bpm, out.quality, out.beats_used, out.time_s);
    fmt::print("simulation truth {:.1f} mmHg: error {:+.1f} mmHg\n", out.true_lop_mmhg, error);
  } else {
    fmt::print("no value: {} (after {:.1f} s)\n", out.failure, out.time_s);
    fmt::print("simulation truth {:.1f} mmHg\n", out.true_lop_mmhg);
  }
  fmt::print("cuff {}: {:.1f} mmHg (sensor), {:.1f} mmHg (true); peak {:.1f} mmHg\n",
             out.deflated ? "deflated" : "NOT deflated", out.final_sensor_mmhg,
             out.final_true_cuff_mmhg, out.peak_true_cuff_mmhg);
  return out.ok ? 0 : 3;
}

}  // namespace bfr::cli

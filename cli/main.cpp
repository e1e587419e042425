// The `bfr` command.

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <exception>

#include "cli/clinic_commands.hpp"
#include "cli/control_bench_command.hpp"
#include "cli/control_trace_command.hpp"
#include "cli/demo_command.hpp"
#include "cli/device_bench_command.hpp"
#include "cli/device_command.hpp"
#include "cli/device_hw_check_command.hpp"
#include "cli/device_serve_command.hpp"
#include "cli/export_command.hpp"
#include "cli/import_command.hpp"
#include "cli/lop_bench_command.hpp"
#include "cli/lop_estimate_command.hpp"
#include "cli/lop_measure_command.hpp"
#include "cli/lop_replay_command.hpp"
#include "cli/report_command.hpp"
#include "cli/safety_bench_command.hpp"
#include "cli/serve_bench_command.hpp"
#include "cli/serve_command.hpp"
#include "cli/session_feedback_command.hpp"
#include "cli/session_show_command.hpp"
#include "cli/sim_population_command.hpp"
#include "cli/sim_run_command.hpp"
#include "cli/sim_validate_command.hpp"
#include "cli/user_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "OpenBFR: blood flow restriction training with measured LOP and regulated cuff pressure.\n"
      "Not a certified medical device.",
      "bfr"};
  app.require_subcommand(1);

  bfr::cli::DeviceSimOptions device_sim;
  auto* device_sim_cmd = bfr::cli::add_device_command(app, device_sim);
  bfr::cli::DeviceBenchOptions device_bench;
  auto* device_bench_cmd =
      bfr::cli::add_device_bench_command(*app.get_subcommand("device"), device_bench);
  bfr::cli::DeviceHwCheckOptions device_hw_check;
  auto* device_hw_check_cmd =
      bfr::cli::add_device_hw_check_command(*app.get_subcommand("device"), device_hw_check);
  bfr::cli::DeviceServeOptions device_serve;
  auto* device_serve_cmd =
      bfr::cli::add_device_serve_command(*app.get_subcommand("device"), device_serve);

  bfr::cli::DemoOptions demo;
  auto* demo_cmd = app.add_subcommand(
      "demo",
      "Measure LOP on a simulated thigh, run a 30-15-15-15 seated calf raise at 80 % LOP with a "
      "regulated cuff, store and summarise it");
  demo_cmd->add_option(
      "--db", demo.database,
      "Database file or sqlite:// URL (default: $XDG_DATA_HOME/openbfr/openbfr.db)");
  demo_cmd->add_flag("--realtime", demo.realtime,
                     "Run on the wall clock instead of simulated time");
  demo_cmd->add_option("--seed", demo.seed, "Seed of the simulated person and sensor noise")
      ->check(CLI::NonNegativeNumber);
  demo_cmd->add_flag("--json", demo.json, "Print the summary as JSON");

  bfr::cli::SessionShowOptions show;
  auto* session_cmd = app.add_subcommand("session", "Stored sessions");
  session_cmd->require_subcommand(1);
  auto* show_cmd = session_cmd->add_subcommand("show", "Show a stored session with its trace");
  show_cmd->add_option("id", show.session_id, "Session id")->required()->check(CLI::PositiveNumber);
  show_cmd->add_option("--db", show.database, "Database file or sqlite:// URL");
  show_cmd->add_option("--trace-csv", show.trace_csv, "Write the pressure trace to this CSV file");
  show_cmd->add_flag("--json", show.json, "Print as JSON");
  bfr::cli::SessionPlanOptions session_plan;
  bfr::cli::add_session_plan_commands(*session_cmd, session_plan);
  bfr::cli::SessionFeedbackOptions session_feedback;
  bfr::cli::add_session_feedback_command(*session_cmd, session_feedback);

  auto* sim_cmd = app.add_subcommand(
      "sim", "Physiological simulator: scenarios, virtual population, validation");
  sim_cmd->require_subcommand(1);

  bfr::cli::SimPopulationOptions population;
  auto* population_cmd = sim_cmd->add_subcommand(
      "population",
      "Draw a seeded virtual population (CSV or JSON, one person a row) with each person's true "
      "LOP under an 11.5 cm cuff on the seated thigh and upper arm; summary on stderr");
  population_cmd->add_option("--n", population.n, "Number of people")
      ->required()
      ->check(CLI::Range(std::size_t{1}, bfr::cli::kMaxPopulation));
  population_cmd->add_option("--seed", population.seed, "Seed of the population")
      ->required()
      ->check(CLI::NonNegativeNumber);
  population_cmd->add_option("--cohort", population.cohort, "general (18-80) or young (18-35)")
      ->check(CLI::IsMember({"general", "young"}));
  population_cmd->add_option("--out", population.out, "Write to this file instead of stdout");
  population_cmd->add_flag("--json", population.json, "A JSON array of objects instead of CSV");

  bfr::cli::SimRunOptions sim_run;
  auto* sim_run_cmd = sim_cmd->add_subcommand(
      "run",
      "Run a scenario file (TOML, examples in scenarios/) on the simulated limb and write a CSV "
      "trace: the sensor reading and the simulation truth at every sample");
  sim_run_cmd->add_option("--scenario", sim_run.scenario, "Scenario file (.toml)")->required();
  sim_run_cmd->add_option("--out", sim_run.out, "CSV trace to write")->required();
  sim_run_cmd->add_flag("--json-summary", sim_run.json_summary, "Print the summary as JSON");

  bfr::cli::SimValidateOptions validate;
  auto* validate_cmd = sim_cmd->add_subcommand(
      "validate",
      "Check the simulator against published data (LOP by cuff width and posture, arm "
      "oscillation envelope, unregulated swing): each row beside its published value and band; "
      "exits 1 if any row is outside");
  validate_cmd->add_option("--seed", validate.seed, "Seed of the virtual cohorts");
  validate_cmd->add_option("--lop-people", validate.lop_people, "People per LOP cohort")
      ->check(CLI::Range(100, 1000000));
  validate_cmd
      ->add_option("--signal-people", validate.signal_people,
                   "People per simulated sweep or set cohort")
      ->check(CLI::Range(4, 10000));
  validate_cmd->add_option("--threads", validate.threads, "Worker threads (0 = every core)");
  validate_cmd->add_flag("--json", validate.json, "Print the table as JSON");

  auto* lop_cmd = app.add_subcommand(
      "lop", "Limb occlusion pressure: measure, analyse recordings, estimate, benchmark");
  lop_cmd->require_subcommand(1);
  bfr::cli::LopReplayOptions replay;
  auto* replay_cmd = lop_cmd->add_subcommand(
      "replay",
      "Find where arterial pulsation stops in a recorded cuff sweep (CSV time_s,cuff_pressure_mmhg "
      "at >= 50 Hz): occlusion / systolic estimate, heart rate, quality, or why there is none");
  replay_cmd->add_option("file", replay.file, "Recording (CSV)")->required();
  replay_cmd->add_flag("--json", replay.json, "Print as JSON");
  bfr::cli::LopBenchOptions lop_bench;
  auto* lop_bench_cmd = lop_cmd->add_subcommand(
      "bench",
      "Accuracy of the live measurement on a virtual population against the simulation truth "
      "(issue 4's targets), then on real recordings against their reference systolic pressure "
      "(ISO 81060-2), each beside the classic fixed-ratio rule on the same data");
  lop_bench_cmd->add_option("--recordings", lop_bench.recordings,
                            "Folder with the recordings and references.csv (default: "
                            "../shared/data/recordings)");
  lop_bench_cmd->add_flag("--json", lop_bench.json, "Print as JSON");
  lop_bench_cmd->add_option("--limbs", lop_bench.limbs, "Virtual population size (default 1000)")
      ->check(CLI::Range(std::size_t{1}, bfr::cli::kMaxBenchLimbs));
  lop_bench_cmd->add_option("--seed", lop_bench.seed, "Virtual population seed (default 1)");
  lop_bench_cmd
      ->add_option("--seeds", lop_bench.seeds,
                   "Run the population on this many consecutive seeds from --seed and show the "
                   "targets seed by seed (default 1: one population, in full)")
      ->check(CLI::Range(std::size_t{1}, bfr::cli::kMaxBenchSeeds));
  lop_bench_cmd
      ->add_option("--sweeps", lop_bench.sweeps,
                   "Also run the recorded-sweep study with this many people per "
                   "condition (for reading; e.g. 100)")
      ->check(CLI::Range(0, 10000));
  lop_bench_cmd
      ->add_option("--sensor-noise-scale", lop_bench.sensor_noise_scale,
                   "Scale the population's white sensor noise (default 1: 0.4 mmHg SD, the "
                   "textbook figure the targets assume); for reading how the method depends on it")
      ->check(CLI::Range(0.0, 10.0));
  lop_bench_cmd->add_flag("--unnamed-limbs", lop_bench.unnamed_limbs,
                          "Measure as a host that does not tell the device the cuff's limb: one "
                          "pace for thigh and arm (default: each limb named and paced for)");
  lop_bench_cmd->add_flag("--skip-population", lop_bench.skip_population,
                          "Only the recordings (a quick run)");
  bfr::cli::LopEstimateOptions lop_estimate;
  auto* lop_estimate_cmd = bfr::cli::add_lop_estimate_command(*lop_cmd, lop_estimate);
  bfr::cli::LopMeasureOptions lop_measure;
  auto* lop_measure_cmd = bfr::cli::add_lop_measure_command(*lop_cmd, lop_measure);
  bfr::cli::LopRecordOptions lop_record;
  auto* lop_record_cmd = bfr::cli::add_lop_record_command(*lop_cmd, lop_record);

  auto* control_cmd =
      app.add_subcommand("control", "Cuff pressure regulation: benchmark on a virtual population");
  control_cmd->require_subcommand(1);
  bfr::cli::ControlBenchOptions control_bench;
  auto* control_bench_cmd = control_cmd->add_subcommand(
      "bench",
      "The Swain protocol (leg press 30-15-15-15, 30 s rests, 80 % LOP) on virtual people: the "
      "regulated controller beside an unregulated cuff against issue 5's targets; exits 1 when a "
      "target fails");
  control_bench_cmd
      ->add_option("--people", control_bench.people, "Virtual population size (default 100)")
      ->check(CLI::Range(std::size_t{1}, bfr::cli::kMaxControlBenchPeople));
  control_bench_cmd->add_option("--seed", control_bench.seed, "Population seed (default 1)");
  control_bench_cmd->add_flag("--json", control_bench.json, "Print as JSON");
  bfr::cli::add_regulation_setup_options(*control_bench_cmd, control_bench.setup);
  bfr::cli::ControlTraceOptions control_trace;
  auto* control_trace_cmd = control_cmd->add_subcommand(
      "trace",
      "One person of the bench through the Swain protocol, every frame (true and sensed cuff "
      "pressure, target, phase, set, reps, actuators) written as CSV, with that person's scores");
  control_trace_cmd
      ->add_option("--person", control_trace.person, "Person index in the bench's population")
      ->required()
      ->check(CLI::Range(std::size_t{0}, bfr::cli::kMaxControlBenchPeople - 1));
  control_trace_cmd->add_option("--seed", control_trace.seed, "Population seed (default 1)");
  control_trace_cmd->add_option("--csv", control_trace.csv, "Output file (must not exist)")
      ->required();
  bfr::cli::add_regulation_setup_options(*control_trace_cmd, control_trace.setup);

  auto* safety_cmd = app.add_subcommand("safety", "The safety supervisor: fault injection");
  safety_cmd->require_subcommand(1);
  bfr::cli::SafetyBenchOptions safety_bench;
  auto* safety_bench_cmd = safety_cmd->add_subcommand(
      "bench",
      "Inject every fault class (pump, valves, leak, sensors, restriction time, host loss, "
      "emergency stop) at random moments in the simulated Swain protocol: detection, latency "
      "and time to a cuff below 20 mmHg against the stated bounds; exits 1 when a class fails");
  safety_bench_cmd
      ->add_option("--runs", safety_bench.runs, "Scenarios per fault class (default 100)")
      ->check(CLI::Range(std::size_t{1}, bfr::cli::kMaxSafetyBenchRuns));
  safety_bench_cmd->add_option("--seed", safety_bench.seed, "Seed (default 1)");
  safety_bench_cmd->add_flag("--json", safety_bench.json, "Print as JSON");

  bfr::cli::PatientOptions patient;
  auto* patient_cmd = bfr::cli::add_patient_command(app, patient);
  bfr::cli::ScreenOptions screen;
  auto* screen_cmd = bfr::cli::add_screen_command(app, screen);
  bfr::cli::ProgramOptions program;
  auto* program_cmd = bfr::cli::add_program_command(app, program);
  bfr::cli::HistoryOptions history;
  auto* history_cmd = bfr::cli::add_history_command(app, history);

  bfr::cli::ExportOptions export_options;
  const auto export_cmds = bfr::cli::add_export_commands(app, export_options);
  bfr::cli::ImportOptions import_options;
  const auto import_cmds = bfr::cli::add_import_commands(app, import_options);
  bfr::cli::ReportOptions report_session;
  bfr::cli::ReportOptions report_progress;
  const auto report_cmds = bfr::cli::add_report_command(app, report_session, report_progress);
  bfr::cli::ServeOptions serve;
  auto* serve_cmd = bfr::cli::add_serve_command(app, serve);
  bfr::cli::ServeBenchOptions serve_bench;
  auto* serve_bench_cmd = bfr::cli::add_serve_bench_command(*serve_cmd, serve_bench);
  bfr::cli::UserOptions user;
  auto* user_cmd = bfr::cli::add_user_command(app, user);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors: 2, like most Unix tools
  }

  try {
    if (*demo_cmd) return bfr::cli::run_demo(demo);
    if (*device_sim_cmd) return bfr::cli::run_device_sim(device_sim);
    if (*device_bench_cmd) return bfr::cli::run_device_bench(device_bench);
    if (*device_hw_check_cmd) return bfr::cli::run_device_hw_check(device_hw_check);
    if (*device_serve_cmd) return bfr::cli::run_device_serve(device_serve);
    if (*show_cmd) return bfr::cli::run_session_show(show);
    if (*population_cmd) return bfr::cli::run_sim_population(population);
    if (*sim_run_cmd) return bfr::cli::run_sim_run(sim_run);
    if (*validate_cmd) return bfr::cli::run_sim_validate(validate);
    if (*replay_cmd) return bfr::cli::run_lop_replay(replay);
    if (*lop_bench_cmd) return bfr::cli::run_lop_bench(lop_bench);
    if (*lop_estimate_cmd) return bfr::cli::run_lop_estimate(lop_estimate);
    if (*lop_measure_cmd) return bfr::cli::run_lop_measure(lop_measure);
    if (*control_bench_cmd) return bfr::cli::run_control_bench(control_bench);
    if (*control_trace_cmd) return bfr::cli::run_control_trace(control_trace);
    if (*safety_bench_cmd) return bfr::cli::run_safety_bench(safety_bench);
    if (*lop_record_cmd) return bfr::cli::run_lop_record(lop_record);
    if (*session_plan.plan) return bfr::cli::run_session_plan(session_plan);
    if (*session_plan.run) return bfr::cli::run_session_run(session_plan);
    if (*session_feedback.feedback) return bfr::cli::run_session_feedback(session_feedback);
    if (*patient_cmd) return bfr::cli::run_patient(patient);
    if (*screen_cmd) return bfr::cli::run_screen(screen);
    if (*program_cmd) return bfr::cli::run_program(program);
    if (*history_cmd) return bfr::cli::run_history(history);
    if (export_cmds.chosen()) return bfr::cli::run_export(export_cmds, export_options);
    if (import_cmds.chosen()) return bfr::cli::run_import(import_cmds, import_options);
    if (*report_cmds.session) return bfr::cli::run_report_session(report_session);
    if (*report_cmds.progress) return bfr::cli::run_report_progress(report_progress);
    if (*serve_bench_cmd) return bfr::cli::run_serve_bench(serve_bench);
    if (*serve_cmd) return bfr::cli::run_serve(serve);
    if (*user_cmd) return bfr::cli::run_user(user);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  return 2;
}

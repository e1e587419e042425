#include "cli/demo_command.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/console_observer.hpp"
#include "cli/json_records.hpp"
#include "clinic/repository.hpp"
#include "clinic/session_runner.hpp"
#include "device/set_reporter.hpp"
#include "device/virtual_device.hpp"
#include "sim/person.hpp"

namespace bfr::cli {
namespace {

constexpr double kDemoCuffWidthCm = 11.5;
constexpr double kDemoTargetFraction = 0.8;
constexpr double kDemoRestS = 30;

int current_year() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<int>(std::chrono::year_month_day(today).year());
}

// The demo patient is created once and reused on later runs.
std::pair<clinic::Patient, clinic::Limb> demo_patient(clinic::Repository& repo,
                                                      const sim::Person& person) {
  if (auto existing = repo.find_patient_by_name(person.name)) {
    for (const clinic::Limb& limb : repo.limbs_of(existing->id)) {
      if (limb.side == clinic::LimbSide::kRight && limb.segment == clinic::LimbSegment::kThigh) {
        return {*existing, limb};
      }
    }
    clinic::Limb limb{0, existing->id, clinic::LimbSide::kRight, clinic::LimbSegment::kThigh,
                      person.thigh_circumference_cm};
    limb.id = repo.add_limb(limb);
    return {*existing, limb};
  }
  clinic::Patient p;
  p.display_name = person.name;
  p.birth_year = current_year() - person.age_years;
  p.sex = person.sex == sim::Sex::kMale ? clinic::Sex::kMale : clinic::Sex::kFemale;
  p.resting_sbp_mmhg = person.systolic_mmhg;
  p.resting_dbp_mmhg = person.diastolic_mmhg;
  p.resting_hr_bpm = person.heart_rate_bpm;
  p.notes = "Simulated demo patient (not a real person).";
  p.id = repo.add_patient(p);
  clinic::Limb limb{0, p.id, clinic::LimbSide::kRight, clinic::LimbSegment::kThigh,
                    person.thigh_circumference_cm};
  limb.id = repo.add_limb(limb);
  if (auto stored = repo.get_patient(p.id)) p = *stored;
  return {p, limb};
}

void print_summary(std::FILE* out, const clinic::Patient& patient, const clinic::Limb& limb,
                   const clinic::LopMeasurement& lop, const clinic::ExerciseOutcome& run,
                   std::size_t trace_samples, const std::string& where) {
  const auto& s = run.session;
  fmt::print(out, "\nOpenBFR demo summary (simulated cuff and limb)\n");
  fmt::print(out, "Patient   {} (id {}), right thigh {:.1f} cm, BP {:.0f}/{:.0f}, HR {:.0f}\n",
             patient.display_name, patient.id, limb.circumference_cm, patient.resting_sbp_mmhg,
             patient.resting_dbp_mmhg, patient.resting_hr_bpm);
  fmt::print(out,
             "LOP       measured {:.1f} mmHg (quality {:.2f}, heart rate {:.0f} bpm, seated, "
             "{:.1f} cm cuff)\n",
             *lop.lop_mmhg, lop.quality, lop.heart_rate_bpm.value_or(0), lop.cuff_width_cm);
  if (lop.sim_true_lop_mmhg) {
    fmt::print(out, "          simulation truth {:.1f} mmHg (error {:+.1f} mmHg)\n",
               *lop.sim_true_lop_mmhg, *lop.lop_mmhg - *lop.sim_true_lop_mmhg);
  }
  fmt::print(out, "Exercise  {}, target {:.0f} % LOP = {:.1f} mmHg, rests {:.0f} s\n\n", s.exercise,
             s.target_fraction * 100, s.target_mmhg, s.rest_s);
  fmt::print(out,
             "  set  target  actual  in band(+-10%)  peak mmHg  mean mmHg  min mmHg  rest after\n");
  for (const auto& set : run.sets) {
    const std::string rest =
        set.rest_after_s > 0 ? fmt::format("{:.1f} s", set.rest_after_s) : std::string("-");
    fmt::print(out, "  {:>3}  {:>6}  {:>6}  {:>13.1f}%  {:>9.1f}  {:>9.1f}  {:>8.1f}  {:>10}\n",
               set.set_index + 1, set.target_reps, set.actual_reps, set.time_in_band_fraction * 100,
               set.peak_mmhg, set.mean_mmhg, set.min_mmhg, rest);
  }
  fmt::print(out, "\nTime under restriction  {:.1f} s ({:.1f} min), ended: {}\n",
             s.total_restriction_s, s.total_restriction_s / 60, s.stop_reason);
  fmt::print(out,
             "Stored in {}: patient {}, LOP measurement {}, session {} with {} sets and a "
             "{}-sample trace\n",
             where, patient.id, lop.id, s.id, run.sets.size(), trace_samples);
  fmt::print(out, "Read it back: bfr session show {} --db {}\n", s.id, where);
}

}  // namespace

int run_demo(const DemoOptions& options) {
  const std::string url =
      options.database.empty() ? clinic::default_database_path() : options.database;
  auto repo = clinic::open_repository(url);
  // Progress goes to stderr in JSON mode so that stdout stays one document.
  std::FILE* progress = options.json ? stderr : stdout;

  const sim::Person person = sim::demo_person();
  auto [patient, limb] = demo_patient(*repo, person);

  const auto plant = sim::plant_for(person, {sim::Segment::kThigh, kDemoCuffWidthCm},
                                    sim::mpx5050_profile(100), options.seed);
  device::VirtualDevice device(plant, core::ControllerConfig{});
  ConsoleObserver observer(progress);
  clinic::SessionRunner runner(device, *repo, observer,
                               options.realtime ? realtime_pacer() : clinic::Pacer{});

  fmt::print(progress, "Measuring LOP on {}'s right thigh (simulated, seated)...\n",
             patient.display_name);
  const clinic::LopMeasurement lop =
      runner.measure_lop(limb, clinic::Posture::kSeated, kDemoCuffWidthCm);
  if (!lop.lop_mmhg) {
    fmt::print(stderr, "error: LOP measurement failed: {} (stored as measurement {})\n",
               lop.abort_reason, lop.id);
    return 3;
  }

  clinic::ExerciseRequest request;
  request.exercise = "seated calf raise";
  request.target_fraction = kDemoTargetFraction;
  request.target_reps = {30, 15, 15, 15};
  request.rest_s = kDemoRestS;
  fmt::print(progress, "Exercise: {} 30-15-15-15 at {:.0f} % LOP...\n", request.exercise,
             kDemoTargetFraction * 100);
  device::SimulatedLifterReporter lifter(device);
  const clinic::ExerciseOutcome run = runner.run_exercise(patient, limb, lop, request, lifter);
  const std::size_t samples = repo->load_trace(*run.session.trace_id).size();

  if (options.json) {
    nlohmann::json doc;
    doc["database"] = repo->location();
    doc["patient"] = to_json(patient);
    doc["limb"] = to_json(limb);
    doc["lop"] = to_json(lop);
    doc["session"] = to_json(run.session);
    doc["sets"] = nlohmann::json::array();
    for (const auto& set : run.sets) doc["sets"].push_back(to_json(set));
    doc["trace_samples"] = samples;
    fmt::print("{}\n", doc.dump(2));
  } else {
    print_summary(stdout, patient, limb, lop, run, samples, repo->location());
  }
  return run.session.stop_reason == "completed" ? 0 : 3;
}

}  // namespace bfr::cli

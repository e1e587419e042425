#include "cli/demo_command.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/console_observer.hpp"
#include "clinic/record_json.hpp"
#include "clinic/repository.hpp"
#include "clinic/session_runner.hpp"
#include "runtime/host_local_device.hpp"
#include "runtime/host_session_pool.hpp"
#include "sim/person.hpp"

namespace bfr::cli {
namespace {

constexpr double kDemoCuffWidthCm = 11.5;
constexpr double kDemoTargetFraction = 0.8;
constexpr double kDemoRestS = 30;
// The demo's device runs its clock this much faster than the wall clock
// (about 430 s of device time in a few seconds); --realtime runs it at 1.
constexpr double kDemoDeviceSpeed = 100;

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

// What crossed the link, for the summary and the JSON document.
struct LinkFigures {
  double speed = 1;
  std::uint64_t received = 0;  // telemetry frames the host decoded
  std::uint64_t recorded = 0;  // frames of the two sessions, all stored
  std::uint32_t sequence_gaps = 0;
  std::uint32_t malformed = 0;
};

void print_summary(std::FILE* out, const clinic::Patient& patient, const clinic::Limb& limb,
                   const clinic::LopMeasurement& lop, const clinic::ExerciseOutcome& run,
                   std::size_t trace_samples, const std::string& where, const LinkFigures& link) {
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
             "Link      virtual device in process over a socket pair at {:.0f}x: {} telemetry "
             "frames received, {} recorded in the two sessions (the rest idle before, between "
             "and after them), {} sequence gaps, {} malformed\n",
             link.speed, link.received, link.recorded, link.sequence_gaps, link.malformed);
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
  // The real controller runs on the device side of the link, as it would
  // in a cuff box; the host drives it through the link protocol.
  LinkFigures link;
  link.speed = options.realtime ? 1.0 : kDemoDeviceSpeed;
  runtime::HostLocalDevice device(plant, link.speed);
  ConsoleObserver observer(progress);
  const runtime::HostSessionPool pool(url);

  runtime::HostSessionJob measure;
  measure.name = "demo";
  measure.device = &device.cuff();
  measure.patient = patient;
  measure.limb = limb;
  measure.posture = clinic::Posture::kSeated;
  measure.cuff_width_cm = kDemoCuffWidthCm;
  measure.observer = &observer;
  fmt::print(progress, "Measuring LOP on {}'s right thigh (simulated, seated)...\n",
             patient.display_name);
  const runtime::HostSessionResult measured = pool.run_one(measure);
  if (!measured.lop || !measured.lop->lop_mmhg) {
    fmt::print(stderr, "error: LOP measurement failed: {}{}\n",
               measured.lop ? measured.lop->abort_reason : measured.error,
               measured.lop ? fmt::format(" (stored as measurement {})", measured.lop->id) : "");
    return 3;
  }
  const clinic::LopMeasurement lop = *measured.lop;

  clinic::ExerciseRequest request;
  request.exercise = "seated calf raise";
  request.target_fraction = kDemoTargetFraction;
  request.target_reps = {30, 15, 15, 15};
  request.rest_s = kDemoRestS;
  fmt::print(progress, "Exercise: {} 30-15-15-15 at {:.0f} % LOP...\n", request.exercise,
             kDemoTargetFraction * 100);
  runtime::HostSessionJob exercise = measure;
  exercise.measure_lop = false;
  exercise.lop = lop;
  exercise.exercise = request;
  const runtime::HostSessionResult exercised = pool.run_one(exercise);
  if (!exercised.exercise) {
    fmt::print(stderr, "error: the exercise did not run: {}\n", exercised.error);
    return 3;
  }
  clinic::ExerciseOutcome run = *exercised.exercise;
  // As stored: the store words what the link alone knows (sets the device
  // ended by itself, a lost device).
  run.sets = repo->sets_of(run.session.id);
  const std::size_t samples = repo->load_trace(*run.session.trace_id).size();
  const runtime::LinkStats stats = device.connection().stats();
  link.received = stats.cuffs[0].telemetry_received;
  link.recorded = measured.trace_samples + exercised.trace_samples;
  link.sequence_gaps = stats.sequence_gaps;
  link.malformed = stats.malformed.total();

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
    doc["link"] = {{"transport", "in-process socket pair"}, {"device_speed", link.speed},
                   {"telemetry_received", link.received},   {"frames_recorded", link.recorded},
                   {"sequence_gaps", link.sequence_gaps},   {"malformed", link.malformed}};
    fmt::print("{}\n", doc.dump(2));
  } else {
    print_summary(stdout, patient, limb, lop, run, samples, repo->location(), link);
  }
  return run.session.stop_reason == "completed" ? 0 : 3;
}

}  // namespace bfr::cli

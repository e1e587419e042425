#include "cli/session_plan_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/clinic_cli_support.hpp"
#include "cli/console_observer.hpp"
#include "clinic/enum_text.hpp"
#include "clinic/planned_request.hpp"
#include "clinic/record_json.hpp"
#include "clinic/session_plan.hpp"
#include "clinic/session_runner.hpp"
#include "clinic/simulated_patient.hpp"
#include "clinic/timestamp.hpp"
#include "clinic/work_schedule.hpp"
#include "device/set_reporter.hpp"
#include "device/virtual_device.hpp"
#include "runtime/host_connection.hpp"
#include "runtime/host_session_pool.hpp"
#include "runtime/linked_device.hpp"

namespace bfr::cli {

namespace {

using clinic::PlannedExercise;
using clinic::SessionPlan;

// Between two exercises the cuff is down (bfr-facts §1, seeds); a session
// recorded at a given time places the next exercise this long after.
constexpr std::chrono::seconds kChangeoverS{60};

clinic::PlanOptions plan_options(const SessionPlanOptions& o) {
  clinic::PlanOptions options;
  options.posture = parse_posture_arg(o.posture);
  if (!(o.cuff_width_cm >= 2 && o.cuff_width_cm <= 50)) {
    throw UsageError(fmt::format("--cuff-width-cm {} is outside 2-50 cm", o.cuff_width_cm));
  }
  options.cuff_width_cm = o.cuff_width_cm;
  if (!o.side.empty()) {
    options.side = clinic::parse_limb_side(o.side);
    if (!options.side) throw UsageError(fmt::format("--side {}: use left or right", o.side));
  }
  options.now = time_arg(o.at);
  return options;
}

SessionPlan make_plan(clinic::Repository& repository, const clinic::Patient& patient,
                      const clinic::PlanOptions& options) {
  clinic::Result<SessionPlan> plan = clinic::plan_session(repository, patient, options);
  if (!plan.ok()) throw UsageError(plan.error);
  return std::move(*plan.value);
}

std::string reps_text(const clinic::Prescription& p) {
  if (const auto* r = std::get_if<clinic::ResistanceWork>(&p.work)) {
    return fmt::format("{} reps, {:.0f} s rests", fmt::join(r->reps_per_set, "-"),
                       r->rest_between_sets_s);
  }
  if (const auto* a = std::get_if<clinic::AerobicWork>(&p.work)) {
    return fmt::format("{} x {:.0f} s {}, {:.0f} s rests with the cuff {}", a->bouts, a->bout_s,
                       a->mode == clinic::AerobicMode::kWalking ? "walking" : "cycling",
                       a->rest_between_bouts_s, a->cuff_inflated_during_rests ? "up" : "down");
  }
  const auto& passive = std::get<clinic::PassiveWork>(p.work);
  return fmt::format("{} x {:.0f} s inflated / {:.0f} s deflated", passive.cycles,
                     passive.inflated_s, passive.deflated_s);
}

nlohmann::json exercise_json(const PlannedExercise& e) {
  nlohmann::json suggestions = nlohmann::json::array();
  for (const clinic::Suggestion& s : e.suggestions) {
    nlohmann::json j = {{"kind", clinic::suggestion_kind_name(s.kind)}, {"why", s.why}};
    if (s.new_load_fraction) j["new_load_fraction"] = *s.new_load_fraction;
    if (s.new_load_kg) j["new_load_kg"] = *s.new_load_kg;
    if (s.new_target_mmhg) j["new_target_mmhg"] = *s.new_target_mmhg;
    suggestions.push_back(j);
  }
  const auto or_null = [](const std::optional<double>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return {{"exercise", e.exercise.name},
          {"ready", e.blockers.empty()},
          {"blockers", e.blockers},
          {"limb", e.limb ? nlohmann::json(limb_key_text(e.limb->side, e.limb->segment))
                          : nlohmann::json(nullptr)},
          {"lop", e.lop ? to_json(*e.lop) : nlohmann::json(nullptr)},
          {"lop_check", e.lop_check.why},
          {"screening", e.screening.reason},
          {"target_fraction_of_lop", e.exercise.prescription.target_fraction_of_lop},
          {"target_mmhg", or_null(e.target_mmhg)},
          {"one_rep_max_kg", or_null(e.one_rep_max_kg)},
          {"load_kg", or_null(e.load_kg)},
          {"load", e.load_text},
          {"scheme", reps_text(e.exercise.prescription)},
          {"sessions_in_phase", e.sessions_in_phase},
          {"suggestions", suggestions}};
}

nlohmann::json plan_json(const SessionPlan& plan) {
  nlohmann::json exercises = nlohmann::json::array();
  for (const PlannedExercise& e : plan.exercises) exercises.push_back(exercise_json(e));
  nlohmann::json j = {
      {"programme", plan.programme.name},
      {"assignment", assignment_json(plan.assignment)},
      {"phase", plan.phase + 1},
      {"phase_name", plan.programme.phases[static_cast<std::size_t>(plan.phase)].name},
      {"weeks_in_phase", plan.weeks_in_phase},
      {"exercises", exercises}};
  j["advance"] = plan.advance
                     ? nlohmann::json{{"ready", plan.advance->ready}, {"why", plan.advance->why}}
                     : nlohmann::json(nullptr);
  return j;
}

void print_plan(const clinic::Patient& patient, const SessionPlan& plan) {
  const clinic::Phase& phase = plan.programme.phases[static_cast<std::size_t>(plan.phase)];
  fmt::print("Session plan for {} (id {}): '{}', phase {} '{}', week {} of the phase\n",
             patient.display_name, patient.id, plan.programme.name, plan.phase + 1, phase.name,
             plan.weeks_in_phase + 1);
  for (const PlannedExercise& e : plan.exercises) {
    fmt::print("\n{} [{}]\n", e.exercise.name, e.blockers.empty() ? "ready" : "blocked");
    if (e.limb) fmt::print("  limb       {}\n", limb_key_text(e.limb->side, e.limb->segment));
    if (!e.lop_check.why.empty()) fmt::print("  LOP        {}\n", e.lop_check.why);
    if (e.target_mmhg) {
      fmt::print("  pressure   {:.0f} % LOP = {:.0f} mmHg\n",
                 e.exercise.prescription.target_fraction_of_lop * 100, *e.target_mmhg);
    }
    if (!e.load_text.empty()) fmt::print("  load       {}\n", e.load_text);
    fmt::print("  scheme     {}\n", reps_text(e.exercise.prescription));
    if (!e.screening.reason.empty()) fmt::print("  screening  {}\n", e.screening.reason);
    for (const std::string& blocker : e.blockers) fmt::print("  BLOCKED: {}\n", blocker);
    for (const clinic::Suggestion& s : e.suggestions) {
      fmt::print("  suggestion {}: {}\n", clinic::suggestion_kind_name(s.kind), s.why);
    }
  }
  if (plan.advance) {
    fmt::print("\nPhase advance: {} ({})\n", plan.advance->ready ? "ready" : "not yet",
               plan.advance->why);
  }
}

}  // namespace

void add_session_plan_commands(CLI::App& session, SessionPlanOptions& o) {
  o.plan = session.add_subcommand(
      "plan",
      "Today's session from the assigned programme: exercises, current LOP and pressure, load "
      "from the 1RM, what blocks each, and progression suggestions with their reasons");
  o.run = session.add_subcommand(
      "run",
      "Run today's ready exercises on the simulated device and store them; refuses a limb the "
      "screening did not clear (without an override) or a LOP that is not current");
  for (CLI::App* command : {o.plan, o.run}) {
    command->add_option("patient", o.patient, "Patient id or exact name")->required();
    command->add_option("--posture", o.posture, "supine, seated (default) or standing")
        ->check(CLI::IsMember({"supine", "seated", "standing"}));
    command->add_option("--cuff-width-cm", o.cuff_width_cm, "Cuff width (default 11.5)");
    command->add_option("--side", o.side, "left or right, when both limbs are on record");
    command->add_option("--at", o.at, "When (UTC, 2025-03-03T09:00:00Z); default now");
    add_database_option(*command, o.database);
    command->add_flag("--json", o.json, "Print as JSON");
  }
  o.run->add_option("--exercise", o.exercises, "Run only this exercise; repeat for more");
  o.run->add_option("--seed", o.seed, "Seed of the simulated limb's noise");
  o.run->add_flag("--realtime", o.realtime, "Run on the wall clock instead of simulated time");
  o.run->add_option("--device", o.device,
                    "Drive a cuff device across the link instead (tcp://HOST:PORT or "
                    "serial:///dev/ttyUSB0); its own clock paces the session");
  o.run->add_option("--cuff", o.cuff, "The device's cuff, 0 (default) or 1")
      ->check(CLI::Range(0, 1));
  o.run
      ->add_option("--rpe", o.rpe,
                   "The patient's RPE (Borg CR-10): one value for every set, or one per set "
                   "(3,4,5,6)")
      ->delimiter(',')
      ->check(CLI::Range(0.0, 10.0));
  o.run
      ->add_option("--pain", o.pain,
                   "The patient's pain (0-10): one value for every set, or one per set (0,1,1,2)")
      ->delimiter(',')
      ->check(CLI::Range(0, 10));
  o.run->add_option("--symptom", o.symptoms,
                    "A symptom during the session, NAME:SEVERITY (e.g. numbness:mild); repeat");
}

int run_session_plan(const SessionPlanOptions& o) {
  return with_usage_errors([&] {
    const clinic::PlanOptions options = plan_options(o);
    auto repository = open_existing_store(o.database);
    const clinic::Patient patient = find_patient(*repository, o.patient);
    const SessionPlan plan = make_plan(*repository, patient, options);
    if (o.json) {
      fmt::print("{}\n", plan_json(plan).dump(2));
    } else {
      print_plan(patient, plan);
    }
    return 0;
  });
}

int run_session_run(const SessionPlanOptions& o) {
  return with_usage_errors([&] {
    const clinic::PlanOptions options = plan_options(o);
    std::vector<clinic::SymptomRecord> symptoms;
    for (const std::string& flag : o.symptoms) symptoms.push_back(parse_symptom_flag(flag));
    auto repository = open_existing_store(o.database);
    const clinic::Patient patient = find_patient(*repository, o.patient);
    const SessionPlan plan = make_plan(*repository, patient, options);

    // Choose, and check everything, before anything is inflated or stored.
    std::vector<const PlannedExercise*> chosen;
    std::vector<std::string> refusals;
    for (const std::string& name : o.exercises) {
      const auto found =
          std::find_if(plan.exercises.begin(), plan.exercises.end(),
                       [&](const PlannedExercise& e) { return e.exercise.name == name; });
      if (found == plan.exercises.end()) {
        throw UsageError(fmt::format("'{}' is not in phase {} of '{}'", name, plan.phase + 1,
                                     plan.programme.name));
      }
      if (!found->blockers.empty()) {
        refusals.push_back(fmt::format("{}: {}", name, fmt::join(found->blockers, "; ")));
      }
      chosen.push_back(&*found);
    }
    if (o.exercises.empty()) {
      for (const PlannedExercise& e : plan.exercises) {
        if (e.blockers.empty()) {
          chosen.push_back(&e);
        } else {
          refusals.push_back(fmt::format("{}: {}", e.exercise.name, fmt::join(e.blockers, "; ")));
        }
      }
      if (!chosen.empty()) refusals.clear();  // the blocked ones are skipped, and listed below
    }
    if (!refusals.empty() || chosen.empty()) {
      fmt::print(stderr, "error: session refused, nothing was run or stored\n");
      for (const std::string& r : refusals) fmt::print(stderr, "  {}\n", r);
      if (refusals.empty()) fmt::print(stderr, "  no exercise of this phase is ready\n");
      return 1;
    }

    // Each exercise's schedule and the patient's per-set values, checked
    // before anything runs.
    std::vector<clinic::WorkSchedule> schedules;
    std::vector<std::vector<double>> rpe_per_set;
    std::vector<std::vector<int>> pain_per_set;
    for (const PlannedExercise* e : chosen) {
      clinic::Result<clinic::WorkSchedule> schedule =
          clinic::work_schedule(e->exercise.prescription);
      if (!schedule.ok()) throw UsageError(fmt::format("{}: {}", e->exercise.name, schedule.error));
      const std::size_t sets =
          schedule.value->target_reps.size() * static_cast<std::size_t>(schedule.value->inflations);
      rpe_per_set.push_back(per_set_values(o.rpe, sets, "--rpe", e->exercise.name));
      pain_per_set.push_back(per_set_values(o.pain, sets, "--pain", e->exercise.name));
      schedules.push_back(std::move(*schedule.value));
    }

    // The device across the link, when one is named: connected (Hello,
    // Capabilities) before anything is stored.
    std::unique_ptr<runtime::HostConnection> link;
    std::unique_ptr<runtime::LinkedDevice> linked;
    if (!o.device.empty()) {
      link = std::make_unique<runtime::HostConnection>(runtime::dial_address(o.device), o.device);
      if (o.cuff >= link->capabilities().cuff_count) {
        throw UsageError(fmt::format("--cuff {}: the device at {} has {} cuff(s)", o.cuff, o.device,
                                     link->capabilities().cuff_count));
      }
      linked = std::make_unique<runtime::LinkedDevice>(*link, static_cast<std::uint8_t>(o.cuff));
    }

    std::FILE* progress = o.json ? stderr : stdout;
    nlohmann::json results = nlohmann::json::array();
    bool all_completed = true;
    std::chrono::sys_seconds start = options.now;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      const PlannedExercise* e = chosen[i];
      const clinic::WorkSchedule& schedule = schedules[i];
      clinic::ExerciseRequest request = clinic::planned_exercise_request(plan, *e, schedule);
      if (!o.at.empty()) request.started_at = clinic::format_utc_timestamp(start);

      device::VirtualDevice device(
          clinic::simulated_plant(patient, *e->limb, options.posture, options.cuff_width_cm,
                                  year_of(options.now), o.seed),
          core::ControllerConfig{});
      ConsoleObserver observer(progress);
      clinic::SessionRunner runner(device, *repository, observer,
                                   o.realtime ? realtime_pacer() : clinic::Pacer{});
      device::SimulatedLifterReporter lifter(device);
      fmt::print(progress, "{}: {} at {:.0f} mmHg{}...\n", e->exercise.name,
                 reps_text(e->exercise.prescription), e->target_mmhg.value_or(0),
                 e->load_text.empty() ? "" : ", " + e->load_text);
      const clinic::ExerciseOutcome run =
          linked ? runtime::run_linked_exercise(*linked, *repository, observer, patient, *e->limb,
                                                *e->lop, request)
                 : runner.run_exercise(patient, *e->limb, *e->lop, request, lifter);

      // Per set; sets a stop left out have no feedback to take.
      for (const clinic::SetRecord& set : run.sets) {
        const auto k = static_cast<std::size_t>(set.set_index);
        clinic::SetFeedback feedback;
        if (!rpe_per_set[i].empty()) feedback.rpe_cr10 = rpe_per_set[i][k];
        if (!pain_per_set[i].empty()) feedback.pain_0_10 = pain_per_set[i][k];
        if (feedback.rpe_cr10 || feedback.pain_0_10) {
          repository->record_set_feedback(run.session.id, set.set_index, feedback);
        }
      }
      for (clinic::SymptomRecord symptom : symptoms) {
        symptom.session_id = run.session.id;
        symptom.noted_at = run.session.ended_at;
        repository->add_symptom(symptom);
      }
      all_completed = all_completed && run.session.stop_reason == "completed";
      nlohmann::json r = {{"session", to_json(run.session)}, {"sets", nlohmann::json::array()}};
      for (const clinic::SetRecord& set : repository->sets_of(run.session.id)) {
        r["sets"].push_back(set_json(set));
      }
      results.push_back(r);
      if (!o.json && schedule.set_duration_s) {
        fmt::print("  session {}: {} timed set(s) of {:.0f} s, {:.0f} s under restriction, {}\n",
                   run.session.id, run.sets.size(), *schedule.set_duration_s,
                   run.session.total_restriction_s, run.session.stop_reason);
      } else if (!o.json) {
        int done = 0;
        int target = 0;
        for (const clinic::SetRecord& set : run.sets) {
          done += set.actual_reps;
          target += set.target_reps;
        }
        fmt::print("  session {}: {}/{} reps in {} sets, {:.0f} s under restriction, {}\n",
                   run.session.id, done, target, run.sets.size(), run.session.total_restriction_s,
                   run.session.stop_reason);
      }
      if (const auto end = clinic::parse_utc_timestamp(run.session.ended_at)) {
        start = std::max(start, *end + kChangeoverS);
      }
    }
    for (const PlannedExercise& e : plan.exercises) {
      if (!o.json && std::find(chosen.begin(), chosen.end(), &e) == chosen.end()) {
        // Ready but left out by --exercise has no blocker to name.
        if (e.blockers.empty()) {
          fmt::print("  skipped {}: not chosen with --exercise\n", e.exercise.name);
        } else {
          fmt::print("  skipped {}: {}\n", e.exercise.name, fmt::join(e.blockers, "; "));
        }
      }
    }
    if (o.json) fmt::print("{}\n", nlohmann::json{{"sessions", results}}.dump(2));
    return all_completed ? 0 : 3;
  });
}

}  // namespace bfr::cli

#include "cli/program_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "cli/clinic_cli_support.hpp"
#include "clinic/clinician_entries.hpp"
#include "clinic/programme_catalogue.hpp"
#include "clinic/programme_json.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::cli {

namespace {

using clinic::Programme;

std::vector<std::pair<std::string, Programme>> templates() {
  std::vector<std::pair<std::string, Programme>> list;
  for (clinic::ProgrammeTemplate& entry : clinic::programme_catalogue()) {
    list.emplace_back(std::move(entry.key), std::move(entry.programme));
  }
  return list;
}

Programme find_template(const std::string& name) {
  if (auto programme = clinic::find_programme_template(name)) return std::move(*programme);
  throw UsageError(fmt::format("no programme template '{}' (templates: {})", name,
                               clinic::programme_template_keys()));
}

std::string work_text(const clinic::Work& work) {
  if (const auto* r = std::get_if<clinic::ResistanceWork>(&work)) {
    const std::string load = r->load.kind == clinic::LoadKind::kBodyweight
                                 ? std::string("bodyweight")
                                 : fmt::format("{:.0f} % 1RM", r->load.fraction_of_one_rm * 100);
    return fmt::format(
        "{}, reps {}, rest {:.0f} s, cadence {:g}/{:g} s{}", load, fmt::join(r->reps_per_set, "-"),
        r->rest_between_sets_s, r->cadence.concentric_s, r->cadence.eccentric_s,
        r->cadence.isometric_hold_s ? fmt::format(", hold {:g} s", *r->cadence.isometric_hold_s)
                                    : std::string());
  }
  if (const auto* a = std::get_if<clinic::AerobicWork>(&work)) {
    return fmt::format("{} {} x {:.0f} s, rests {:.0f} s{}",
                       a->mode == clinic::AerobicMode::kWalking ? "walking" : "cycling", a->bouts,
                       a->bout_s, a->rest_between_bouts_s,
                       a->cuff_inflated_during_rests ? " (cuff up)" : "");
  }
  const auto& p = std::get<clinic::PassiveWork>(work);
  return fmt::format("passive: {} x {:.0f} s inflated / {:.0f} s deflated", p.cycles, p.inflated_s,
                     p.deflated_s);
}

void print_programme(const Programme& programme) {
  fmt::print("{}: {}\n", programme.name, programme.indication);
  fmt::print("Sources: {}\n", fmt::join(programme.sources, "; "));
  for (std::size_t i = 0; i < programme.phases.size(); ++i) {
    const clinic::Phase& phase = programme.phases[i];
    fmt::print("Phase {} '{}': {}\n", i + 1, phase.name, phase.goal);
    for (const clinic::Exercise& e : phase.exercises) {
      const clinic::Prescription& p = e.prescription;
      fmt::print("  - {} ({}, {:.0f} % LOP, <= {:.0f} min, {}/week): {}\n", e.name,
                 clinic::segment_name(p.segment), p.target_fraction_of_lop * 100,
                 p.restriction_limit_s / 60, p.sessions_per_week, work_text(p.work));
      if (!e.notes.empty()) fmt::print("      {}\n", e.notes);
    }
    const clinic::AdvanceCriteria& a = phase.advance;
    fmt::print(
        "  advance after >= {} weeks and >= {} sessions, last {} at target, pain <= {}{}{}\n",
        a.min_weeks_in_phase, a.min_sessions_in_phase, a.consecutive_sessions_at_target,
        a.max_pain_0_10, a.require_symptom_free ? ", symptom-free" : "",
        a.clinician_check.empty() ? "" : "; and " + a.clinician_check);
  }
}

std::string read_programme_file(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw UsageError(fmt::format("cannot read programme file {}", path));
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

int run_list(const ProgramOptions& o) {
  if (o.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& [key, programme] : templates()) {
      j.push_back({{"key", key},
                   {"name", programme.name},
                   {"indication", programme.indication},
                   {"phases", programme.phases.size()}});
    }
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  for (const auto& [key, programme] : templates()) {
    fmt::print("{:<14} {} ({} phase{}): {}\n", key, programme.name, programme.phases.size(),
               programme.phases.size() == 1 ? "" : "s", programme.indication);
  }
  return 0;
}

int run_show(const ProgramOptions& o) {
  const Programme programme = find_template(o.name);
  if (o.json) {
    fmt::print("{}\n", clinic::programme_to_json(programme).dump(2));
  } else {
    print_programme(programme);
  }
  return 0;
}

int run_assign(const ProgramOptions& o) {
  if (o.name.empty() == o.file.empty()) {
    throw UsageError("give a template NAME or --file custom.json, not both");
  }
  Programme programme;
  std::string source = "template";
  if (!o.file.empty()) {
    clinic::Result<Programme> read = clinic::programme_from_json_text(read_programme_file(o.file));
    if (!read.ok()) throw UsageError(fmt::format("{}: {}", o.file, read.error));
    programme = std::move(*read.value);
    source = "custom";
  } else {
    programme = find_template(o.name);
  }
  const std::string at = clinic::format_utc_timestamp(time_arg(o.at));
  auto repository = open_existing_store(o.database);
  const clinic::Patient patient = find_patient(*repository, o.patient);
  clinic::Result<clinic::ProgrammeAssignment> entry =
      clinic::programme_assignment(patient.id, programme, source, at, 1);
  if (!entry.ok()) throw UsageError(entry.error);
  clinic::ProgrammeAssignment assignment = std::move(*entry.value);
  assignment.id = repository->assign_programme(assignment);
  if (o.json) {
    fmt::print("{}\n", assignment_json(assignment).dump(2));
  } else {
    fmt::print("Assigned '{}' ({}) to {} (id {}) from {}, phase 1 '{}'\n", programme.name, source,
               patient.display_name, patient.id, at, programme.phases.front().name);
  }
  return 0;
}

int run_phase(const ProgramOptions& o) {
  const std::string at = clinic::format_utc_timestamp(time_arg(o.at));
  auto repository = open_existing_store(o.database);
  const clinic::Patient patient = find_patient(*repository, o.patient);
  clinic::Result<clinic::ProgrammeAssignment> changed = [&] {
    try {
      return clinic::change_programme_phase(*repository, patient, o.phase, at);
    } catch (const clinic::StorageError& e) {
      throw UsageError(e.what());
    }
  }();
  if (!changed.ok()) throw UsageError(changed.error);
  const clinic::ProgrammeAssignment& stored = *changed.value;
  const clinic::Result<Programme> programme =
      clinic::programme_from_json_text(stored.programme_json);
  if (!programme.ok()) throw std::runtime_error(programme.error);
  if (o.json) {
    fmt::print("{}\n", assignment_json(stored).dump(2));
  } else {
    fmt::print("{} is in phase {} '{}' of '{}' from {}\n", patient.display_name, o.phase,
               programme.value->phases[static_cast<std::size_t>(o.phase - 1)].name,
               programme.value->name, at);
  }
  return 0;
}

}  // namespace

CLI::App* add_program_command(CLI::App& app, ProgramOptions& o) {
  auto* program =
      app.add_subcommand("program", "BFR programmes: templates, and a patient's programme");
  program->require_subcommand(1);
  o.list = program->add_subcommand("list", "List the programme templates");
  o.show = program->add_subcommand("show", "Show a template: phases, exercises, prescriptions");
  o.show->add_option("name", o.name, "Template key or name")->required();
  o.assign = program->add_subcommand(
      "assign", "Give a patient a programme (a template, or a custom one with --file)");
  o.assign->add_option("patient", o.patient, "Patient id or exact name")->required();
  o.assign->add_option("name", o.name, "Template key or name");
  o.assign->add_option("--file", o.file, "A custom programme (JSON, as program show --json)");
  o.assign->add_option("--at", o.at, "Start (UTC, 2025-03-03T09:00:00Z); default now");
  add_database_option(*o.assign, o.database);
  o.phase_cmd = program->add_subcommand(
      "phase", "Move a patient to another phase of their programme (a clinician's decision)");
  o.phase_cmd->add_option("patient", o.patient, "Patient id or exact name")->required();
  o.phase_cmd->add_option("phase", o.phase, "Phase number, from 1")->required();
  o.phase_cmd->add_option("--at", o.at, "From when (UTC); default now");
  add_database_option(*o.phase_cmd, o.database);
  for (CLI::App* command : {o.list, o.show, o.assign, o.phase_cmd}) {
    command->add_flag("--json", o.json, "Print as JSON");
  }
  return program;
}

int run_program(const ProgramOptions& o) {
  return with_usage_errors([&] {
    if (*o.list) return run_list(o);
    if (*o.show) return run_show(o);
    if (*o.assign) return run_assign(o);
    if (*o.phase_cmd) return run_phase(o);
    return 2;
  });
}

}  // namespace bfr::cli

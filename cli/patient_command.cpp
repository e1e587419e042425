#include "cli/patient_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <nlohmann/json.hpp>

#include "cli/clinic_cli_support.hpp"
#include "clinic/clinician_entries.hpp"
#include "clinic/enum_text.hpp"
#include "clinic/one_rep_max.hpp"
#include "clinic/record_json.hpp"
#include "clinic/record_validation.hpp"
#include "clinic/screening_store.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::cli {

namespace {

using clinic::Limb;
using clinic::Patient;

// The demographic options of add and edit.
void add_patient_fields(CLI::App& command, PatientOptions& o, bool required) {
  auto* name = command.add_option("--name", o.name, "Display name (unique)");
  auto* year = command.add_option("--birth-year", o.birth_year, "Year of birth");
  auto* sex = command.add_option("--sex", o.sex, "female or male")
                  ->check(CLI::IsMember({"female", "male"}));
  auto* sbp = command.add_option("--sbp", o.sbp, "Resting systolic blood pressure, mmHg");
  auto* dbp = command.add_option("--dbp", o.dbp, "Resting diastolic blood pressure, mmHg");
  auto* hr = command.add_option("--hr", o.hr, "Resting heart rate, beats per minute");
  auto* notes = command.add_option("--notes", o.notes, "Free-text notes");
  command.add_option("--limb", o.limbs,
                     "A limb that may carry the cuff, as SIDE_SEGMENT:CIRCUMFERENCE_CM "
                     "(e.g. right_thigh:55); repeat for more");
  if (required) {
    for (CLI::Option* option : {name, year, sex, sbp, dbp, hr}) option->required();
  } else {
    o.name_given = name;
    o.birth_year_given = year;
    o.sex_given = sex;
    o.sbp_given = sbp;
    o.dbp_given = dbp;
    o.hr_given = hr;
    o.notes_given = notes;
  }
}

std::vector<Limb> parse_limbs(const std::vector<std::string>& texts) {
  std::vector<Limb> limbs;
  for (const std::string& text : texts) {
    const std::size_t colon = text.find(':');
    if (colon == std::string::npos) {
      throw UsageError(fmt::format("--limb '{}' must be SIDE_SEGMENT:CIRCUMFERENCE_CM", text));
    }
    const clinic::LimbKey key = parse_limb(std::string_view(text).substr(0, colon));
    double circumference = 0;
    const char* first = text.data() + colon + 1;
    const char* last = text.data() + text.size();
    const auto [end, error] = std::from_chars(first, last, circumference);
    if (error != std::errc{} || end != last) {
      throw UsageError(fmt::format("--limb '{}': the circumference must be a number of cm", text));
    }
    Limb limb{0, 0, key.side, key.segment, circumference};
    try {
      clinic::validate_new_limb(limb);
    } catch (const clinic::StorageError& e) {
      throw UsageError(fmt::format("--limb '{}': {}", text, e.what()));
    }
    for (const Limb& other : limbs) {
      if (other.side == limb.side && other.segment == limb.segment) {
        throw UsageError(fmt::format("--limb {} is given twice", text.substr(0, colon)));
      }
    }
    limbs.push_back(limb);
  }
  return limbs;
}

// Storage checks on input are the user's mistakes: usage errors, exit 2.
template <typename Action>
auto as_usage(Action action) {
  try {
    return action();
  } catch (const clinic::StorageError& e) {
    throw UsageError(e.what());
  }
}

nlohmann::json patient_json(clinic::Repository& repository, const Patient& patient) {
  nlohmann::json j = to_json(patient);
  j["limbs"] = nlohmann::json::array();
  for (const Limb& limb : repository.limbs_of(patient.id)) {
    nlohmann::json l = to_json(limb);
    l["limb"] = limb_key_text(limb.side, limb.segment);
    j["limbs"].push_back(l);
  }
  return j;
}

int run_add(const PatientOptions& o) {
  Patient patient;
  patient.display_name = o.name;
  patient.birth_year = o.birth_year;
  patient.sex = *clinic::parse_sex(o.sex);
  patient.resting_sbp_mmhg = o.sbp;
  patient.resting_dbp_mmhg = o.dbp;
  patient.resting_hr_bpm = o.hr;
  patient.notes = o.notes;
  // Everything is checked before the first write.
  const std::vector<Limb> limbs = parse_limbs(o.limbs);
  as_usage([&] { clinic::validate_new_patient(patient); });
  auto repository = open_store(o.database);
  patient.id = as_usage([&] { return repository->add_patient(patient); });
  for (Limb limb : limbs) {
    limb.patient_id = patient.id;
    repository->add_limb(limb);
  }
  const Patient stored = *repository->get_patient(patient.id);
  if (o.json) {
    fmt::print("{}\n", patient_json(*repository, stored).dump(2));
  } else {
    fmt::print("Added patient {} (id {}) with {} limb(s) in {}\n", stored.display_name, stored.id,
               limbs.size(), repository->location());
  }
  return 0;
}

int run_list(const PatientOptions& o) {
  auto repository = open_existing_store(o.database);
  const std::vector<Patient> patients = repository->list_patients();
  if (o.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const Patient& p : patients) j.push_back(patient_json(*repository, p));
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  if (patients.empty()) fmt::print("No patients in {}\n", repository->location());
  for (const Patient& p : patients) {
    fmt::print("{:>4}  {:<28} born {}  {}  BP {:.0f}/{:.0f}  HR {:.0f}\n", p.id, p.display_name,
               p.birth_year, clinic::to_text(p.sex), p.resting_sbp_mmhg, p.resting_dbp_mmhg,
               p.resting_hr_bpm);
  }
  return 0;
}

int run_show(const PatientOptions& o) {
  auto repository = open_existing_store(o.database);
  const Patient patient = find_patient(*repository, o.patient);
  const auto screening = repository->latest_screening(patient.id);
  const auto programme = repository->current_programme(patient.id);
  const auto one_rep_maxes = repository->one_rep_maxes_of(patient.id);
  const auto sessions = repository->sessions_of(patient.id);
  if (o.json) {
    nlohmann::json j = patient_json(*repository, patient);
    j["latest_screening"] = screening ? screening_json(*screening) : nlohmann::json(nullptr);
    j["programme"] = programme ? assignment_json(*programme) : nlohmann::json(nullptr);
    j["one_rep_maxes"] = nlohmann::json::array();
    for (const auto& r : one_rep_maxes) j["one_rep_maxes"].push_back(one_rep_max_json(r));
    j["sessions"] = sessions.size();
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print("Patient {} (id {}), born {}, {}\n", patient.display_name, patient.id,
             patient.birth_year, clinic::to_text(patient.sex));
  fmt::print("Resting BP {:.0f}/{:.0f} mmHg, HR {:.0f} bpm; created {}\n", patient.resting_sbp_mmhg,
             patient.resting_dbp_mmhg, patient.resting_hr_bpm, patient.created_at);
  if (!patient.notes.empty()) fmt::print("Notes: {}\n", patient.notes);
  for (const Limb& limb : repository->limbs_of(patient.id)) {
    fmt::print("Limb {}: {:.1f} cm (limb id {})\n", limb_key_text(limb.side, limb.segment),
               limb.circumference_cm, limb.id);
  }
  if (screening) {
    fmt::print("Screening {} taken {} (valid {} days)\n", screening->id, screening->taken_at,
               screening->validity_days);
    for (const auto& limb : screening->limbs) {
      fmt::print("  {}: {}\n", limb_key_text(limb.side, limb.segment), limb.outcome);
    }
  } else {
    fmt::print("Not screened yet\n");
  }
  if (programme) {
    fmt::print("Programme '{}' ({}), phase {}, since {}\n", programme->programme_name,
               programme->source, programme->current_phase + 1, programme->phase_started_at);
  }
  for (const auto& r : one_rep_maxes) {
    fmt::print("1RM {}: {:.1f} kg ({}, {})\n", r.exercise, r.one_rep_max_kg, r.method,
               r.recorded_at);
  }
  fmt::print("{} session(s) on record\n", sessions.size());
  return 0;
}

int run_edit(const PatientOptions& o) {
  auto repository = open_existing_store(o.database);
  Patient patient = find_patient(*repository, o.patient);
  if (o.name_given->count() > 0) patient.display_name = o.name;
  if (o.birth_year_given->count() > 0) patient.birth_year = o.birth_year;
  if (o.sex_given->count() > 0) patient.sex = *clinic::parse_sex(o.sex);
  if (o.sbp_given->count() > 0) patient.resting_sbp_mmhg = o.sbp;
  if (o.dbp_given->count() > 0) patient.resting_dbp_mmhg = o.dbp;
  if (o.hr_given->count() > 0) patient.resting_hr_bpm = o.hr;
  if (o.notes_given->count() > 0) patient.notes = o.notes;
  const std::vector<Limb> limbs = parse_limbs(o.limbs);
  for (const Limb& limb : limbs) {
    for (const Limb& existing : repository->limbs_of(patient.id)) {
      if (existing.side == limb.side && existing.segment == limb.segment) {
        throw UsageError(fmt::format("{} already has a {} (limb id {})", patient.display_name,
                                     limb_key_text(limb.side, limb.segment), existing.id));
      }
    }
  }
  as_usage([&] { clinic::validate_patient_update(patient); });
  as_usage([&] { repository->update_patient(patient); });
  for (Limb limb : limbs) {
    limb.patient_id = patient.id;
    repository->add_limb(limb);
  }
  const Patient stored = *repository->get_patient(patient.id);
  if (o.json) {
    fmt::print("{}\n", patient_json(*repository, stored).dump(2));
  } else {
    fmt::print("Updated patient {} (id {})\n", stored.display_name, stored.id);
    if (const auto screening = repository->latest_screening(stored.id)) {
      const auto current = clinic::current_answers_fingerprint(*screening, stored);
      if (current.ok() && *current.value != screening->answers_fingerprint) {
        fmt::print("The change voids screening {}: screen again before the next session\n",
                   screening->id);
      }
    }
  }
  return 0;
}

int run_one_rep_max(const PatientOptions& o) {
  const bool entered = o.kg_given->count() > 0;
  const bool tested = o.test_kg_given->count() > 0;
  if (entered == tested) {
    throw UsageError("give either --kg (a 1RM entered directly) or --test-kg with --reps");
  }
  clinic::OneRepMaxEntry entry;
  entry.exercise = o.exercise;
  entry.recorded_at = clinic::format_utc_timestamp(time_arg(o.at));
  if (entered) {
    entry.one_rep_max_kg = o.kg;
  } else {
    entry.test_load_kg = o.test_kg;
    entry.test_reps = o.reps;
    entry.equation = clinic::parse_equation(o.equation).value_or(clinic::OneRmEquation::kEpley);
  }
  const clinic::Result<clinic::OneRepMaxRecord> checked = clinic::one_rep_max_record(entry);
  if (!checked.ok()) throw UsageError(checked.error);
  clinic::OneRepMaxRecord record = *checked.value;
  auto repository = open_existing_store(o.database);
  record.patient_id = find_patient(*repository, o.patient).id;
  record.id = as_usage([&] { return repository->add_one_rep_max(record); });
  if (o.json) {
    fmt::print("{}\n", one_rep_max_json(record).dump(2));
  } else {
    fmt::print("1RM {} for patient {}: {:.1f} kg ({}{})\n", record.exercise, record.patient_id,
               record.one_rep_max_kg, record.method,
               tested ? fmt::format(", from {:g} kg x {}", o.test_kg, o.reps) : std::string());
  }
  return 0;
}

}  // namespace

CLI::App* add_patient_command(CLI::App& app, PatientOptions& o) {
  auto* patient = app.add_subcommand("patient", "Patients: add, list, show, edit, 1RM records");
  patient->require_subcommand(1);

  o.add = patient->add_subcommand("add", "Add a patient with the limbs that may carry the cuff");
  add_patient_fields(*o.add, o, true);

  o.list = patient->add_subcommand("list", "List the patients");

  o.show = patient->add_subcommand(
      "show", "Show a patient: limbs, latest screening, programme, 1RM records");
  o.show->add_option("patient", o.patient, "Patient id or exact name")->required();

  o.edit = patient->add_subcommand(
      "edit", "Change a patient's name, demographics, resting BP/HR or notes, or add a limb");
  o.edit->add_option("patient", o.patient, "Patient id or exact name")->required();
  add_patient_fields(*o.edit, o, false);

  o.one_rep_max = patient->add_subcommand(
      "one-rep-max",
      "Record a 1RM for an exercise: entered (--kg) or from a submaximal test (--test-kg, --reps, "
      "--equation epley|brzycki; at most 12 reps)");
  o.one_rep_max->add_option("patient", o.patient, "Patient id or exact name")->required();
  o.one_rep_max->add_option("--exercise", o.exercise, "Exercise name as in the programme")
      ->required();
  o.kg_given = o.one_rep_max->add_option("--kg", o.kg, "The 1RM in kg");
  o.test_kg_given = o.one_rep_max->add_option("--test-kg", o.test_kg, "Load of the test, kg");
  o.one_rep_max->add_option("--reps", o.reps, "Clean repetitions in the test");
  o.one_rep_max->add_option("--equation", o.equation, "epley (default) or brzycki")
      ->check(CLI::IsMember({"epley", "brzycki"}));
  o.one_rep_max->add_option("--at", o.at, "When (UTC, 2025-03-03T09:00:00Z); default now");

  for (CLI::App* command : {o.add, o.list, o.show, o.edit, o.one_rep_max}) {
    add_database_option(*command, o.database);
    command->add_flag("--json", o.json, "Print as JSON");
  }
  return patient;
}

int run_patient(const PatientOptions& o) {
  return with_usage_errors([&] {
    if (*o.add) return run_add(o);
    if (*o.list) return run_list(o);
    if (*o.show) return run_show(o);
    if (*o.edit) return run_edit(o);
    if (*o.one_rep_max) return run_one_rep_max(o);
    return 2;
  });
}

}  // namespace bfr::cli

#include "cli/screen_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/clinic_cli_support.hpp"
#include "clinic/clinician_entries.hpp"
#include "clinic/screening_store.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::cli {

namespace {

using clinic::Answer;
using clinic::LimbAnswers;
using clinic::LimbKey;
using clinic::ScreeningAnswers;

Answer parse_answer_text(const nlohmann::json& value, const std::string& where) {
  if (value == "yes" || value == true) return Answer::kYes;
  if (value == "no" || value == false) return Answer::kNo;
  throw UsageError(fmt::format("answers file: {} must be \"yes\" or \"no\"", where));
}

LimbAnswers& limb_answers(ScreeningAnswers& answers, const LimbKey& key) {
  for (LimbAnswers& limb : answers.limbs) {
    if (limb.limb == key) return limb;
  }
  return answers.limbs.emplace_back(LimbAnswers{.limb = key});
}

void read_answers_file(const std::string& path, ScreeningAnswers& answers) {
  std::ifstream file(path);
  if (!file) throw UsageError(fmt::format("cannot read answers file {}", path));
  std::stringstream text;
  text << file.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw UsageError(fmt::format("answers file {}: {}", path, e.what()));
  }
  if (!j.is_object()) throw UsageError("answers file: expected an object with patient and limbs");
  for (const auto& [key, value] : j.items()) {
    if (key != "patient" && key != "limbs") {
      throw UsageError(fmt::format("answers file: unknown section '{}' (patient, limbs)", key));
    }
  }
  if (j.contains("patient")) {
    for (const auto& [key, value] : j["patient"].items()) {
      if (!clinic::set_patient_answer(answers.patient, key, parse_answer_text(value, key))) {
        throw UsageError(fmt::format("answers file: unknown patient question '{}'", key));
      }
    }
  }
  if (j.contains("limbs")) {
    for (const auto& [limb, questions] : j["limbs"].items()) {
      LimbAnswers& target = limb_answers(answers, parse_limb(limb));
      for (const auto& [key, value] : questions.items()) {
        if (!clinic::set_limb_answer(target, key, parse_answer_text(value, limb + "." + key))) {
          throw UsageError(fmt::format("answers file: unknown limb question '{}'", key));
        }
      }
    }
  }
}

void answer_all_no(ScreeningAnswers& answers) {
  for (const std::string_view key : clinic::patient_question_keys()) {
    clinic::set_patient_answer(answers.patient, key, Answer::kNo);
  }
  for (LimbAnswers& limb : answers.limbs) {
    for (const std::string_view key : clinic::limb_question_keys()) {
      clinic::set_limb_answer(limb, key, Answer::kNo);
    }
  }
}

void apply_yes(ScreeningAnswers& answers, const std::string& flag) {
  const std::size_t colon = flag.find(':');
  if (colon == std::string::npos) {
    if (!clinic::set_patient_answer(answers.patient, flag, Answer::kYes)) {
      throw UsageError(fmt::format("--yes {}: unknown question (patient questions: {})", flag,
                                   fmt::join(clinic::patient_question_keys(), ", ")));
    }
    return;
  }
  const LimbKey key = parse_limb(std::string_view(flag).substr(0, colon));
  const std::string question = flag.substr(colon + 1);
  bool found = false;
  for (LimbAnswers& limb : answers.limbs) {
    if (limb.limb == key) found = clinic::set_limb_answer(limb, question, Answer::kYes);
  }
  if (!found) {
    throw UsageError(
        fmt::format("--yes {}: not a screened limb, or unknown limb question (limb questions: {})",
                    flag, fmt::join(clinic::limb_question_keys(), ", ")));
  }
}

void print_record(const clinic::ScreeningRecord& record) {
  fmt::print("Screening {} taken {}: age {}, DVT risk points {}, valid {} days\n", record.id,
             record.taken_at, record.age_years, record.dvt_risk_points, record.validity_days);
  for (const clinic::ScreeningLimbRecord& limb : record.limbs) {
    fmt::print("  {}: {}\n", limb_key_text(limb.side, limb.segment), limb.outcome);
    for (const clinic::ScreeningReasonRecord& reason : limb.reasons) {
      fmt::print("    - [{}] {}\n", reason.level, reason.text);
    }
  }
}

int run_screening(const ScreenOptions& o) {
  if (o.patient.empty()) throw UsageError("name the patient: bfr screen PATIENT");
  if (o.answers_file.empty() && !o.none) {
    throw UsageError("give the answers: --answers FILE.json, or --none with --yes for each yes");
  }
  const std::chrono::sys_seconds at = time_arg(o.at);
  auto repository = open_existing_store(o.database);
  const clinic::Patient patient = find_patient(*repository, o.patient);

  ScreeningAnswers answers;
  std::vector<std::string> limbs = o.limbs;
  if (limbs.empty() && o.answers_file.empty()) {
    for (const clinic::Limb& limb : repository->limbs_of(patient.id)) {
      limbs.push_back(limb_key_text(limb.side, limb.segment));
    }
  }
  for (const std::string& limb : limbs) {
    const LimbKey key = parse_limb(limb);
    find_limb(*repository, patient, key);  // a limb on record
    limb_answers(answers, key);
  }
  if (o.none) answer_all_no(answers);
  if (!o.answers_file.empty()) read_answers_file(o.answers_file, answers);
  for (const std::string& flag : o.yes) apply_yes(answers, flag);
  for (const LimbAnswers& limb : answers.limbs) find_limb(*repository, patient, limb.limb);
  answers = clinic::with_patient_values(answers, patient);

  const clinic::Result<clinic::Screening> screening = clinic::evaluate_screening(answers, at);
  if (!screening.ok()) throw UsageError(fmt::format("screening refused: {}", screening.error));
  clinic::ScreeningRecord record =
      clinic::screening_record(patient.id, answers, *screening.value, o.valid_days);
  record.id = repository->add_screening(record);
  const clinic::ScreeningRecord stored = *repository->latest_screening(patient.id);
  if (o.json) {
    fmt::print("{}\n", screening_json(record.id == stored.id ? stored : record).dump(2));
  } else {
    fmt::print("{} (id {})\n", patient.display_name, patient.id);
    print_record(record);
  }
  return 0;
}

int run_override(const ScreenOptions& o) {
  const std::chrono::sys_seconds at = time_arg(o.at);
  const LimbKey key = parse_limb(o.limb);
  auto repository = open_existing_store(o.database);
  const clinic::Patient patient = find_patient(*repository, o.override_patient);
  clinic::Result<clinic::ScreeningOverrideRecord> entry = clinic::screening_override_record(
      repository->latest_screening(patient.id), patient.display_name, key, o.clinician, o.reason,
      clinic::format_utc_timestamp(at));
  if (!entry.ok()) throw UsageError(entry.error);
  clinic::ScreeningOverrideRecord given = std::move(*entry.value);
  try {
    given.id = repository->add_screening_override(given);
  } catch (const clinic::StorageError& e) {
    throw UsageError(e.what());
  }
  if (o.json) {
    fmt::print("{}\n", override_json(given).dump(2));
  } else {
    fmt::print("Override {} by {} on the {} of {} (screening {}): {}\n", given.id, given.clinician,
               o.limb, patient.display_name, given.screening_id, given.reason);
  }
  return 0;
}

}  // namespace

CLI::App* add_screen_command(CLI::App& app, ScreenOptions& o) {
  o.screen = app.add_subcommand(
      "screen",
      "Screen a patient for BFR (contraindications, cautions, DVT risk points, cardiovascular "
      "red flags) and store the outcome per limb; 'screen override' records a clinician's "
      "override for a limb that was not cleared");
  o.screen->add_option("patient", o.patient, "Patient id or exact name");
  o.screen->add_option("--answers", o.answers_file,
                       "JSON answers: {\"patient\": {\"pregnant\": \"no\", ...}, \"limbs\": "
                       "{\"right_thigh\": {\"dvt\": \"no\", ...}}}");
  o.screen->add_flag("--none", o.none,
                     "Answer every question 'no' (for the --limb limbs, default every limb on "
                     "record); then --yes for each 'yes'");
  o.screen->add_option("--yes", o.yes, "Answer KEY (or LIMB:KEY) 'yes'; repeat");
  o.screen->add_option("--limb", o.limbs, "A limb to screen (e.g. right_thigh); repeat");
  o.screen->add_option("--valid-days", o.valid_days, "Days the screening stays valid (1-365)")
      ->check(CLI::Range(1, 365));
  o.screen->add_option("--at", o.at, "When (UTC, 2025-03-03T09:00:00Z); default now");
  add_database_option(*o.screen, o.database);
  o.screen->add_flag("--json", o.json, "Print as JSON");

  o.override_cmd = o.screen->add_subcommand(
      "override", "Let a limb the newest screening did not clear train, with a reason");
  o.override_cmd->add_option("patient", o.override_patient, "Patient id or exact name")->required();
  o.override_cmd->add_option("--limb", o.limb, "The limb (e.g. left_thigh)")->required();
  o.override_cmd->add_option("--clinician", o.clinician, "Who gives the override")->required();
  o.override_cmd->add_option("--reason", o.reason, "Why training is safe anyway")->required();
  o.override_cmd->add_option("--at", o.at, "When (UTC); default now");
  add_database_option(*o.override_cmd, o.database);
  o.override_cmd->add_flag("--json", o.json, "Print as JSON");
  return o.screen;
}

int run_screen(const ScreenOptions& o) {
  return with_usage_errors([&] { return *o.override_cmd ? run_override(o) : run_screening(o); });
}

}  // namespace bfr::cli

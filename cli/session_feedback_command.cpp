#include "cli/session_feedback_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/clinic_cli_support.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::cli {

namespace {

// The session's stored sets the feedback goes to, by their index.
std::vector<int> chosen_sets(const SessionFeedbackOptions& o,
                             const std::vector<clinic::SetRecord>& sets) {
  if (sets.empty()) {
    throw UsageError(fmt::format("session {} has no sets to give RPE or pain for", o.session_id));
  }
  if (o.set_given->count() == 0) {
    std::vector<int> all;
    for (const clinic::SetRecord& set : sets) all.push_back(set.set_index);
    return all;
  }
  const bool stored = std::any_of(sets.begin(), sets.end(), [&](const clinic::SetRecord& set) {
    return set.set_index == o.set - 1;
  });
  if (!stored) {
    throw UsageError(fmt::format("session {} has no set {} (its sets are 1-{})", o.session_id,
                                 o.set, sets.back().set_index + 1));
  }
  if (o.rpe.size() > 1 || o.pain.size() > 1) {
    throw UsageError("with --set give one --rpe and one --pain value");
  }
  return {o.set - 1};
}

void print_session(clinic::Repository& repository, const clinic::SessionRecord& session,
                   bool json) {
  const std::vector<clinic::SetRecord> sets = repository.sets_of(session.id);
  const std::vector<clinic::SymptomRecord> symptoms = repository.symptoms_of(session.id);
  if (json) {
    nlohmann::json j = {{"session_id", session.id},
                        {"sets", nlohmann::json::array()},
                        {"symptoms", nlohmann::json::array()}};
    for (const clinic::SetRecord& set : sets) j["sets"].push_back(set_json(set));
    for (const clinic::SymptomRecord& s : symptoms) j["symptoms"].push_back(symptom_json(s));
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("Session {} ({}, {}): feedback stored\n", session.id, session.exercise,
             session.started_at);
  for (const clinic::SetRecord& set : sets) {
    fmt::print("  set {}: RPE {}, pain {}\n", set.set_index + 1,
               set.rpe_cr10 ? fmt::format("{:g}", *set.rpe_cr10) : "-",
               set.pain_0_10 ? fmt::format("{}/10", *set.pain_0_10) : "-");
  }
  for (const clinic::SymptomRecord& s : symptoms) {
    fmt::print("  symptom: {} ({}) noted {}{}\n", s.symptom, s.severity, s.noted_at,
               s.note.empty() ? "" : ": " + s.note);
  }
}

}  // namespace

void add_session_feedback_command(CLI::App& session, SessionFeedbackOptions& o) {
  o.feedback = session.add_subcommand(
      "feedback",
      "Enter the patient's RPE and pain per set, and symptoms, for a stored session; checked "
      "first, so bad input changes nothing");
  o.feedback->add_option("id", o.session_id, "Session id")->required()->check(CLI::PositiveNumber);
  o.set_given = o.feedback->add_option("--set", o.set, "The set (from 1); default: every set")
                    ->check(CLI::PositiveNumber);
  o.feedback
      ->add_option("--rpe", o.rpe,
                   "RPE (Borg CR-10, 0-10): one value, or one per set without --set (3,4,5,6)")
      ->delimiter(',')
      ->check(CLI::Range(0.0, 10.0));
  o.feedback
      ->add_option("--pain", o.pain,
                   "Pain (0-10): one value, or one per set without --set (0,1,1,2)")
      ->delimiter(',')
      ->check(CLI::Range(0, 10));
  o.feedback->add_option("--symptom", o.symptoms,
                         "A symptom, NAME:SEVERITY (e.g. numbness:mild); repeat for more");
  o.feedback->add_option("--note", o.note, "A note kept with each symptom given");
  o.feedback->add_option("--at", o.at, "When the symptoms were noted (UTC); default now");
  add_database_option(*o.feedback, o.database);
  o.feedback->add_flag("--json", o.json, "Print the session's sets and symptoms as JSON");
}

int run_session_feedback(const SessionFeedbackOptions& o) {
  return with_usage_errors([&] {
    if (o.rpe.empty() && o.pain.empty() && o.symptoms.empty()) {
      throw UsageError("nothing to store: give --rpe, --pain or --symptom");
    }
    if (o.set_given->count() > 0 && o.rpe.empty() && o.pain.empty()) {
      throw UsageError("--set needs --rpe or --pain");
    }
    std::vector<clinic::SymptomRecord> symptoms;
    for (const std::string& flag : o.symptoms) symptoms.push_back(parse_symptom_flag(flag));
    const std::string noted_at = clinic::format_utc_timestamp(time_arg(o.at));

    auto repository = open_existing_store(o.database);
    const std::optional<clinic::SessionRecord> session = repository->get_session(o.session_id);
    if (!session) {
      throw UsageError(fmt::format("no session {} in {}", o.session_id, repository->location()));
    }
    if (!symptoms.empty() && noted_at < session->started_at) {
      throw UsageError(fmt::format("--at {} is before session {} started ({})", noted_at,
                                   session->id, session->started_at));
    }
    std::vector<int> targets;
    std::vector<double> rpe;
    std::vector<int> pain;
    if (!o.rpe.empty() || !o.pain.empty()) {
      targets = chosen_sets(o, repository->sets_of(session->id));
      const std::string whose = fmt::format("session {}", session->id);
      rpe = per_set_values(o.rpe, targets.size(), "--rpe", whose);
      pain = per_set_values(o.pain, targets.size(), "--pain", whose);
    }

    // Everything is checked: now store it.
    for (std::size_t i = 0; i < targets.size(); ++i) {
      clinic::SetFeedback feedback;
      if (!rpe.empty()) feedback.rpe_cr10 = rpe[i];
      if (!pain.empty()) feedback.pain_0_10 = pain[i];
      repository->record_set_feedback(session->id, targets[i], feedback);
    }
    for (clinic::SymptomRecord symptom : symptoms) {
      symptom.session_id = session->id;
      symptom.noted_at = noted_at;
      symptom.note = o.note;
      repository->add_symptom(symptom);
    }
    print_session(*repository, *session, o.json);
    return 0;
  });
}

}  // namespace bfr::cli

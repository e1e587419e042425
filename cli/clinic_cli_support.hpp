#pragma once
// What the clinic commands share: opening the database named by --db (or
// the default), finding a patient by id or exact name, reading limb, posture
// and time arguments, and JSON views of the clinic records. Every bad value
// raises UsageError with a message naming it: the commands exit 2 for those
// and change nothing.

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "clinic/repository.hpp"
#include "clinic/screening.hpp"

namespace CLI {
class App;
}

namespace bfr::cli {

// A bad argument value: the command prints it and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs `body`; UsageError prints "error: ..." and gives 2, anything else
// propagates to main (exit 1).
int with_usage_errors(const std::function<int()>& body);

// Adds --db to a command, bound to `database`.
void add_database_option(CLI::App& command, std::string& database);

std::unique_ptr<clinic::Repository> open_store(const std::string& database);
// For commands that only read, or that need an existing patient: a missing
// SQLite file is an error rather than a new empty database.
std::unique_ptr<clinic::Repository> open_existing_store(const std::string& database);

// PATIENT: an id (digits) or the exact display name.
clinic::Patient find_patient(clinic::Repository& repository, const std::string& patient);

// "right_thigh", "left_upper_arm".
clinic::LimbKey parse_limb(std::string_view text);
std::string limb_key_text(clinic::LimbSide side, clinic::LimbSegment segment);
// The patient's limb on record for `key`; UsageError when there is none.
clinic::Limb find_limb(clinic::Repository& repository, const clinic::Patient& patient,
                       const clinic::LimbKey& key);
clinic::Posture parse_posture_arg(std::string_view text);

// --at: an ISO 8601 UTC time ("2025-03-03T09:00:00Z"), or now when empty.
std::chrono::sys_seconds time_arg(const std::string& at);
int year_of(std::chrono::sys_seconds time);

// --symptom NAME:SEVERITY ("numbness:mild"), as a record without session.
clinic::SymptomRecord parse_symptom_flag(const std::string& flag);

// Per-set values (--rpe 3,4,5,6): one value for every one of `sets` sets, or
// exactly one per set; anything else is a UsageError naming `option` and
// `whose` sets. Empty stays empty (not given).
template <typename T>
std::vector<T> per_set_values(const std::vector<T>& given, std::size_t sets,
                              std::string_view option, std::string_view whose) {
  if (given.empty()) return {};
  if (given.size() == 1) return std::vector<T>(sets, given.front());
  if (given.size() != sets) {
    throw UsageError(
        fmt::format("{} has {} values but {} has {} sets: give one value, or one "
                    "per set",
                    option, given.size(), whose, sets));
  }
  return given;
}

nlohmann::json screening_json(const clinic::ScreeningRecord& record);
nlohmann::json override_json(const clinic::ScreeningOverrideRecord& given);
nlohmann::json one_rep_max_json(const clinic::OneRepMaxRecord& record);
nlohmann::json assignment_json(const clinic::ProgrammeAssignment& assignment);
nlohmann::json symptom_json(const clinic::SymptomRecord& symptom);
// A set with its v2 fields (load, RPE, pain), null when not entered.
nlohmann::json set_json(const clinic::SetRecord& set);

}  // namespace bfr::cli

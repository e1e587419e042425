#pragma once
// `bfr patient add|list|show|edit|one-rep-max`: the patient record, its
// limbs (side, segment, circumference) and 1RM records.

#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace bfr::cli {

struct PatientOptions {
  std::string database;
  bool json = false;
  std::string patient;  // show, edit, one-rep-max: id or exact name
  // add and edit (edit changes only what is given)
  std::string name;
  int birth_year = 0;
  std::string sex;
  double sbp = 0;
  double dbp = 0;
  double hr = 0;
  std::string notes;
  std::vector<std::string> limbs;  // "right_thigh:55"
  // one-rep-max
  std::string exercise;
  double kg = 0;
  double test_kg = 0;
  int reps = 0;
  std::string equation = "epley";
  std::string at;

  CLI::App* add = nullptr;
  CLI::App* list = nullptr;
  CLI::App* show = nullptr;
  CLI::App* edit = nullptr;
  CLI::App* one_rep_max = nullptr;
  // Set when given on the command line (edit changes those only).
  CLI::Option* birth_year_given = nullptr;
  CLI::Option* sex_given = nullptr;
  CLI::Option* sbp_given = nullptr;
  CLI::Option* dbp_given = nullptr;
  CLI::Option* hr_given = nullptr;
  CLI::Option* notes_given = nullptr;
  CLI::Option* name_given = nullptr;
  CLI::Option* kg_given = nullptr;
  CLI::Option* test_kg_given = nullptr;
};

// Adds `patient` and its subcommands to `app`.
CLI::App* add_patient_command(CLI::App& app, PatientOptions& options);
int run_patient(const PatientOptions& options);

}  // namespace bfr::cli

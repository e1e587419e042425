#pragma once
// `bfr screen PATIENT`: the pre-participation screening (clinic/screening.hpp)
// judged and stored, with the outcome per limb and its reasons. Answers come
// from a JSON file (--answers) and/or flags: --none answers every question
// "no", --yes KEY or --yes LIMB:KEY answers one "yes". Birth year and resting
// blood pressure come from the patient record.
//
// `bfr screen override PATIENT --limb L --clinician NAME --reason TEXT`: a
// clinician lets a limb the newest screening did not clear train anyway.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace bfr::cli {

struct ScreenOptions {
  std::string database;
  bool json = false;
  std::string patient;
  std::string answers_file;
  bool none = false;
  std::vector<std::string> yes;
  std::vector<std::string> limbs;
  int valid_days = 30;
  std::string at;
  // override
  std::string override_patient;
  std::string limb;
  std::string clinician;
  std::string reason;

  CLI::App* screen = nullptr;
  CLI::App* override_cmd = nullptr;
};

CLI::App* add_screen_command(CLI::App& app, ScreenOptions& options);
int run_screen(const ScreenOptions& options);

}  // namespace bfr::cli

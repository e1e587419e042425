#pragma once
// `bfr program list|show NAME|assign PATIENT NAME`: the programme templates
// and a patient's programme. NAME is a template's key (achilles, acl, knee-oa,
// hypertrophy, walking, cycling, passive-thigh, passive-arm) or its full name;
// `assign --file custom.json` assigns a custom programme (the JSON form of
// clinic/programme_json.hpp), checked by the same rules as the templates.

#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

struct ProgramOptions {
  std::string database;
  bool json = false;
  std::string name;
  std::string patient;
  std::string file;
  std::string at;
  int phase = 0;  // advance: the phase to move to, from 1

  CLI::App* list = nullptr;
  CLI::App* show = nullptr;
  CLI::App* assign = nullptr;
  CLI::App* phase_cmd = nullptr;
};

CLI::App* add_program_command(CLI::App& app, ProgramOptions& options);
int run_program(const ProgramOptions& options);

}  // namespace bfr::cli

#pragma once
// `bfr history PATIENT`: trends of LOP, load, reps, restriction time and
// adherence to the programme's planned sessions per week
// (clinic/patient_history.hpp).

#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

struct HistoryOptions {
  std::string database;
  bool json = false;
  std::string patient;
  std::string at;
  CLI::App* history = nullptr;
};

CLI::App* add_history_command(CLI::App& app, HistoryOptions& options);
int run_history(const HistoryOptions& options);

}  // namespace bfr::cli

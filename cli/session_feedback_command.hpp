#pragma once
// `bfr session feedback SESSION_ID`: what the patient reported, entered after
// the fact: RPE (Borg CR-10) and pain (0-10) for one set (`--set N`) or for
// every set (one value, or one per set), and symptoms with their severity.
// Everything is checked first (the session and set exist, values in range,
// symptom names), so bad input changes nothing.

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace bfr::cli {

struct SessionFeedbackOptions {
  std::string database;
  bool json = false;
  std::int64_t session_id = 0;
  int set = 0;  // from 1; 0 when not given
  std::vector<double> rpe;
  std::vector<int> pain;
  std::vector<std::string> symptoms;  // "numbness:mild"
  std::string note;                   // kept with each symptom
  std::string at;                     // when the symptoms were noted; default now

  CLI::App* feedback = nullptr;
  CLI::Option* set_given = nullptr;
};

// Adds `feedback` under `session`.
void add_session_feedback_command(CLI::App& session, SessionFeedbackOptions& options);
int run_session_feedback(const SessionFeedbackOptions& options);

}  // namespace bfr::cli

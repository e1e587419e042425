#pragma once
// `bfr session plan PATIENT`: today's session from the assigned programme
// (clinic/session_plan.hpp): each exercise of the current phase with its limb,
// current LOP and pressure, load from the newest 1RM, the screening gate,
// what blocks it, and the progression suggestions with their reasons.
//
// `bfr session run PATIENT`: runs the exercises the plan marks ready on the
// simulated device through the SessionRunner, one stored session each, with
// the patient's RPE and pain (per set) and symptoms when given. Resistance
// sets end when the simulated lifter is done; aerobic bouts and passive
// cycles run for their prescribed time (clinic/work_schedule.hpp). It
// refuses (exit 1, nothing stored) when an exercise asked for is blocked: a
// limb the screening did not clear without an override, no current LOP, no
// 1RM...

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace bfr::cli {

struct SessionPlanOptions {
  std::string database;
  bool json = false;
  std::string patient;
  std::string posture = "seated";
  double cuff_width_cm = 11.5;
  std::string side;  // when the patient has both limbs of a segment
  std::string at;
  // run
  std::vector<std::string> exercises;  // empty: every ready exercise
  std::uint64_t seed = 1;
  bool realtime = false;
  // A device across the link (tcp://HOST:PORT, serial:///dev/...) and its
  // cuff; empty: the simulated device in process.
  std::string device;
  int cuff = 0;
  // One value for every set, or one per set (e.g. 3,4,5,6); empty: none.
  std::vector<double> rpe;
  std::vector<int> pain;
  std::vector<std::string> symptoms;  // "numbness:mild"

  CLI::App* plan = nullptr;
  CLI::App* run = nullptr;
};

// Adds `plan` and `run` under `session`.
void add_session_plan_commands(CLI::App& session, SessionPlanOptions& options);
int run_session_plan(const SessionPlanOptions& options);
int run_session_run(const SessionPlanOptions& options);

}  // namespace bfr::cli

#pragma once
// Repetition counting on a virtual population (issue 5, "Repetition
// detection"): the regulation bench's people, plant and protocol (Swain
// 2025, leg press 30-15-15-15, 30 s rests, 80 % LOP; bfr-facts section 2),
// with the lifter's variations on: cadence varying rep to rep, partial
// reps, a pause mid-set and motion artefacts in sets and rests. The real
// controller runs through a VirtualDevice and counts reps from its cuff
// reading; the simulated lifter's own rep times are the truth.
//
// Scored per set: counted exactly or not, the absolute count error, reps
// added while resting (phantoms) and the error of the reported rep period.
// Method and figures: docs/REPS.md.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "device/regulation_bench.hpp"

namespace bfr::device {

struct RepDesign {
  RegulationDesign base{};
  // The lifter's variations (sim::LifterParams) and motion artefacts.
  double cadence_spread = 0.2;  // 3-5 s cadence, reps held to 2-6 s
  double partial_share = 0.15;  // of reps, through 30-70 % of the range
  double pause_chance = 0.5;    // of sets, one 3-10 s pause mid-set
  double motion_per_minute = 3;
};

struct RepTargets {
  double min_exact_share = 0.98;    // of sets counted exactly
  int max_phantom_reps = 0;         // during rests, over the population
  double max_cadence_error = 0.10;  // mean relative error of the rep period
};

struct SetCount {
  int set_index = 0;
  int true_reps = 0;
  int partial_reps = 0;
  bool paused = false;
  int counted = 0;
  int phantom_in_rest = 0;       // reps the counter added during the rest after it
  double cadence_error_sum = 0;  // relative, over the periods compared
  int cadence_periods = 0;
};

struct RepOutcome {
  std::size_t index = 0;
  bool completed = false;
  std::string failure;
  double rep_period_s = 0;  // the person's cadence
  int motion_artefacts = 0;
  std::vector<SetCount> sets;
};

struct RepSummary {
  int people = 0;
  int completed = 0;
  int sets = 0;
  int exact_sets = 0;
  double exact_share = 0;
  double mean_abs_error = 0;  // reps per set
  int max_abs_error = 0;
  int true_reps = 0;
  int counted_reps = 0;
  int partial_reps = 0;
  int paused_sets = 0;
  int motion_artefacts = 0;
  int phantom_reps = 0;
  double mean_cadence_error = 0;  // relative
  bool exact_pass = false;
  bool phantom_pass = false;
  bool cadence_pass = false;
  bool pass = false;
  std::vector<std::string> missed;
};

struct RepRun {
  RepDesign design;
  RepTargets targets;
  std::vector<RepOutcome> outcomes;  // by person index
  RepSummary summary;
};

RepOutcome run_rep_person(const RepDesign& design, const RegulationPerson& person);
RepSummary summarise_reps(const std::vector<RepOutcome>& outcomes, const RepTargets& targets = {});
// Every person of the design (threads: 0 = every core).
RepRun run_rep_bench(const RepDesign& design, unsigned threads = 0, const RepTargets& targets = {});

}  // namespace bfr::device

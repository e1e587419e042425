#pragma once
// How a prescription runs on the cuff device: sets inside one inflation (the
// controller's rests keep the cuff up), repeated over several inflations
// with the cuff down in between (reperfusion).
//
//  - resistance: one inflation, the sets of the reps scheme, the prescribed
//    rests; each set ends when the patient has done it;
//  - aerobic with the cuff up through the rests (the walking template): one
//    inflation, one timed set per bout, the rests between bouts as rests;
//  - aerobic with the cuff down in the rests: one inflation per bout, the
//    rest as reperfusion;
//  - passive (bfr-facts §1, VALD guidance: 5 min inflated / 3-5 min
//    deflated): one inflation of one timed set per cycle, the deflated time
//    as reperfusion.

#include <optional>
#include <vector>

#include "clinic/programme.hpp"
#include "clinic/rule_result.hpp"

namespace bfr::clinic {

struct WorkSchedule {
  // Per set of one inflation: the reps to do, 0 for a timed set.
  std::vector<int> target_reps;
  // Timed sets (aerobic bouts, passive cycles) last this long.
  std::optional<double> set_duration_s;
  double rest_s = 0;  // between sets, cuff inflated
  int inflations = 1;
  double deflated_between_s = 0;  // between inflations, cuff down
};

// Fails when the device cannot hold the work in one inflation: more sets or
// bouts than the controller's kMaxSets.
Result<WorkSchedule> work_schedule(const Prescription& prescription);

}  // namespace bfr::clinic

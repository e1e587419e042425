#include "clinic/work_schedule.hpp"

#include <fmt/format.h>

#include <variant>

namespace bfr::clinic {

Result<WorkSchedule> work_schedule(const Prescription& prescription) {
  using R = Result<WorkSchedule>;
  WorkSchedule schedule;
  if (const auto* r = std::get_if<ResistanceWork>(&prescription.work)) {
    schedule.target_reps = r->reps_per_set;
    schedule.rest_s = r->rest_between_sets_s;
  } else if (const auto* a = std::get_if<AerobicWork>(&prescription.work)) {
    schedule.set_duration_s = a->bout_s;
    if (a->cuff_inflated_during_rests) {
      schedule.target_reps.assign(static_cast<std::size_t>(a->bouts), 0);
      schedule.rest_s = a->rest_between_bouts_s;
    } else {
      schedule.target_reps = {0};
      schedule.inflations = a->bouts;
      schedule.deflated_between_s = a->rest_between_bouts_s;
    }
  } else {
    const auto& p = std::get<PassiveWork>(prescription.work);
    schedule.target_reps = {0};
    schedule.set_duration_s = p.inflated_s;
    schedule.inflations = p.cycles;
    schedule.deflated_between_s = p.deflated_s;
  }
  if (schedule.target_reps.empty() ||
      schedule.target_reps.size() > static_cast<std::size_t>(kMaxSets)) {
    return R::failure(fmt::format(
        "the cuff device holds 1 to {} sets or bouts in one inflation; this prescription has {}",
        kMaxSets, schedule.target_reps.size()));
  }
  return R::success(std::move(schedule));
}

}  // namespace bfr::clinic

#pragma once
// The session runner's request for one exercise of today's plan, built the
// same way wherever a planned session starts (`bfr session run`, the web
// app): the prescription's share of LOP, its sets, rests and timing, the
// load, the programme and phase it belongs to, and its restriction limit.

#include "clinic/session_plan.hpp"
#include "clinic/session_runner.hpp"
#include "clinic/work_schedule.hpp"

namespace bfr::clinic {

ExerciseRequest planned_exercise_request(const SessionPlan& plan, const PlannedExercise& exercise,
                                         const WorkSchedule& schedule);

}  // namespace bfr::clinic

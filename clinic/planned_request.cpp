#include "clinic/planned_request.hpp"

namespace bfr::clinic {

ExerciseRequest planned_exercise_request(const SessionPlan& plan, const PlannedExercise& exercise,
                                         const WorkSchedule& schedule) {
  ExerciseRequest request;
  request.exercise = exercise.exercise.name;
  request.target_fraction = exercise.exercise.prescription.target_fraction_of_lop;
  request.target_reps = schedule.target_reps;
  request.rest_s = schedule.rest_s;
  request.set_duration_s = schedule.set_duration_s;
  request.inflations = schedule.inflations;
  request.deflated_between_s = schedule.deflated_between_s;
  // The device's own supervisor ends an inflation at the prescription's
  // limit (sent with ConfigureLimits by the runner).
  request.restriction_limit_s = exercise.exercise.prescription.restriction_limit_s;
  request.load_kg = exercise.load_kg;
  request.programme_assignment_id = plan.assignment.id;
  request.phase_index = plan.phase;
  return request;
}

}  // namespace bfr::clinic

#pragma once
// A stored BFR session seen as a strength-training workout, the shape that
// Hevy and Strong exports share: a titled workout with a start and an end,
// one exercise, its sets in order, and the BFR details (pressure, % LOP,
// limb, time in band) as text for the apps' notes fields.

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "clinic/records.hpp"

namespace bfr::exchange {

class ExportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What an export needs of one stored session. The load of each set is the
// one entered with the set (SetRecord::load_kg), unless `load_kg` is given:
// then `load_kg[i]` belongs to sets[i] and an empty entry means "not known".
struct BfrSessionInput {
  clinic::SessionRecord session;
  std::vector<clinic::SetRecord> sets;
  std::optional<clinic::Limb> limb;
  std::optional<clinic::LopMeasurement> lop;
  std::vector<std::optional<double>> load_kg;
  std::vector<clinic::EventRecord> events;      // alarms and refusals, for the FHIR Procedure
  std::vector<clinic::SymptomRecord> symptoms;  // the FHIR Procedure's complications
};

struct WorkoutSet {
  int set_index = 0;   // from 0
  int reps = 0;        // actual reps
  int duration_s = 0;  // rounded to whole seconds, as both apps store it
  std::optional<double> weight_kg;
  std::string notes;  // this set's BFR details
};

struct Workout {
  std::string title;
  std::chrono::sys_seconds start{};
  std::chrono::sys_seconds end{};
  std::string description;  // the session's BFR details
  std::string exercise;
  std::string exercise_notes;  // the exercise's BFR details, per set time in band
  std::vector<WorkoutSet> sets;
};

// Reads a session as a workout. Throws ExportError when the session has not
// finished (no end time), a timestamp is not the store's format, or the loads
// do not match the sets.
Workout workout_from_session(const BfrSessionInput& input);

// "2025-07-26T07:06:00Z" -> time point; throws ExportError otherwise.
std::chrono::sys_seconds parse_store_timestamp(const std::string& text);

}  // namespace bfr::exchange

#include "clinic/programme_json.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <utility>

namespace bfr::clinic {

namespace {

using nlohmann::json;

// Shape problems are thrown inside the reader and become one failure.
class ShapeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

const json& field(const json& object, const char* key, const std::string& where) {
  if (!object.is_object()) throw ShapeError(fmt::format("{} must be an object", where));
  const auto found = object.find(key);
  if (found == object.end()) throw ShapeError(fmt::format("{}: '{}' is missing", where, key));
  return *found;
}

double number(const json& object, const char* key, const std::string& where) {
  const json& value = field(object, key, where);
  if (!value.is_number()) throw ShapeError(fmt::format("{}: '{}' must be a number", where, key));
  return value.get<double>();
}

int integer(const json& object, const char* key, const std::string& where) {
  const json& value = field(object, key, where);
  if (!value.is_number_integer()) {
    throw ShapeError(fmt::format("{}: '{}' must be a whole number", where, key));
  }
  return value.get<int>();
}

std::string text(const json& object, const char* key, const std::string& where) {
  const json& value = field(object, key, where);
  if (!value.is_string()) throw ShapeError(fmt::format("{}: '{}' must be text", where, key));
  return value.get<std::string>();
}

bool flag(const json& object, const char* key, const std::string& where) {
  const json& value = field(object, key, where);
  if (!value.is_boolean())
    throw ShapeError(fmt::format("{}: '{}' must be true or false", where, key));
  return value.get<bool>();
}

const json& array(const json& object, const char* key, const std::string& where) {
  const json& value = field(object, key, where);
  if (!value.is_array()) throw ShapeError(fmt::format("{}: '{}' must be a list", where, key));
  return value;
}

json work_to_json(const Work& work) {
  if (const auto* r = std::get_if<ResistanceWork>(&work)) {
    json load = {
        {"kind", r->load.kind == LoadKind::kBodyweight ? "bodyweight" : "fraction_of_1rm"}};
    if (r->load.kind == LoadKind::kFractionOfOneRm) {
      load["fraction_of_1rm"] = r->load.fraction_of_one_rm;
    }
    json cadence = {{"concentric_s", r->cadence.concentric_s},
                    {"eccentric_s", r->cadence.eccentric_s}};
    if (r->cadence.isometric_hold_s) cadence["isometric_hold_s"] = *r->cadence.isometric_hold_s;
    return {{"kind", "resistance"},
            {"load", load},
            {"reps_per_set", r->reps_per_set},
            {"rest_between_sets_s", r->rest_between_sets_s},
            {"custom_rest", r->custom_rest},
            {"cadence", cadence}};
  }
  if (const auto* a = std::get_if<AerobicWork>(&work)) {
    json out = {
        {"kind", "aerobic"},   {"mode", a->mode == AerobicMode::kCycling ? "cycling" : "walking"},
        {"bout_s", a->bout_s}, {"rest_between_bouts_s", a->rest_between_bouts_s},
        {"bouts", a->bouts},   {"cuff_inflated_during_rests", a->cuff_inflated_during_rests}};
    if (a->fraction_of_vo2max) out["fraction_of_vo2max"] = *a->fraction_of_vo2max;
    return out;
  }
  const auto& p = std::get<PassiveWork>(work);
  return {{"kind", "passive"},
          {"inflated_s", p.inflated_s},
          {"deflated_s", p.deflated_s},
          {"cycles", p.cycles}};
}

Work work_from_json(const json& j, const std::string& where) {
  const std::string kind = text(j, "kind", where);
  if (kind == "resistance") {
    ResistanceWork r;
    const json& load = field(j, "load", where);
    const std::string load_kind = text(load, "kind", where + " load");
    if (load_kind == "bodyweight") {
      r.load = Load{LoadKind::kBodyweight, 0};
    } else if (load_kind == "fraction_of_1rm") {
      r.load = Load{LoadKind::kFractionOfOneRm, number(load, "fraction_of_1rm", where + " load")};
    } else {
      throw ShapeError(fmt::format("{} load: kind must be bodyweight or fraction_of_1rm", where));
    }
    r.reps_per_set.clear();
    for (const json& reps : array(j, "reps_per_set", where)) {
      if (!reps.is_number_integer()) {
        throw ShapeError(fmt::format("{}: reps_per_set must hold whole numbers", where));
      }
      r.reps_per_set.push_back(reps.get<int>());
    }
    r.rest_between_sets_s = number(j, "rest_between_sets_s", where);
    r.custom_rest = flag(j, "custom_rest", where);
    const json& cadence = field(j, "cadence", where);
    r.cadence.concentric_s = number(cadence, "concentric_s", where + " cadence");
    r.cadence.eccentric_s = number(cadence, "eccentric_s", where + " cadence");
    if (cadence.contains("isometric_hold_s")) {
      r.cadence.isometric_hold_s = number(cadence, "isometric_hold_s", where + " cadence");
    }
    return r;
  }
  if (kind == "aerobic") {
    AerobicWork a;
    const std::string mode = text(j, "mode", where);
    if (mode != "walking" && mode != "cycling") {
      throw ShapeError(fmt::format("{}: mode must be walking or cycling", where));
    }
    a.mode = mode == "cycling" ? AerobicMode::kCycling : AerobicMode::kWalking;
    a.bout_s = number(j, "bout_s", where);
    a.rest_between_bouts_s = number(j, "rest_between_bouts_s", where);
    a.bouts = integer(j, "bouts", where);
    a.cuff_inflated_during_rests = flag(j, "cuff_inflated_during_rests", where);
    if (j.contains("fraction_of_vo2max")) {
      a.fraction_of_vo2max = number(j, "fraction_of_vo2max", where);
    }
    return a;
  }
  if (kind == "passive") {
    return PassiveWork{number(j, "inflated_s", where), number(j, "deflated_s", where),
                       integer(j, "cycles", where)};
  }
  throw ShapeError(fmt::format("{}: work kind must be resistance, aerobic or passive", where));
}

Programme read_programme(const json& j) {
  Programme programme;
  programme.name = text(j, "name", "programme");
  programme.indication = text(j, "indication", "programme");
  for (const json& source : array(j, "sources", "programme")) {
    if (!source.is_string()) throw ShapeError("programme: sources must be text");
    programme.sources.push_back(source.get<std::string>());
  }
  int phase_number = 0;
  for (const json& pj : array(j, "phases", "programme")) {
    const std::string where = fmt::format("phase {}", ++phase_number);
    Phase phase;
    phase.name = text(pj, "name", where);
    phase.goal = text(pj, "goal", where);
    const json& advance = field(pj, "advance", where);
    const std::string aw = where + " advance";
    phase.advance.min_weeks_in_phase = integer(advance, "min_weeks_in_phase", aw);
    phase.advance.min_sessions_in_phase = integer(advance, "min_sessions_in_phase", aw);
    phase.advance.consecutive_sessions_at_target =
        integer(advance, "consecutive_sessions_at_target", aw);
    phase.advance.max_pain_0_10 = integer(advance, "max_pain_0_10", aw);
    phase.advance.require_symptom_free = flag(advance, "require_symptom_free", aw);
    phase.advance.clinician_check = text(advance, "clinician_check", aw);
    int exercise_number = 0;
    for (const json& ej : array(pj, "exercises", where)) {
      const std::string ew = fmt::format("{} exercise {}", where, ++exercise_number);
      Exercise exercise;
      exercise.name = text(ej, "name", ew);
      exercise.notes = text(ej, "notes", ew);
      const json& pr = field(ej, "prescription", ew);
      const std::string segment = text(pr, "segment", ew);
      if (segment != "thigh" && segment != "upper_arm") {
        throw ShapeError(fmt::format("{}: segment must be thigh or upper_arm", ew));
      }
      exercise.prescription.segment =
          segment == "thigh" ? LimbSegment::kThigh : LimbSegment::kUpperArm;
      exercise.prescription.target_fraction_of_lop = number(pr, "target_fraction_of_lop", ew);
      exercise.prescription.restriction_limit_s = number(pr, "restriction_limit_s", ew);
      exercise.prescription.sessions_per_week = integer(pr, "sessions_per_week", ew);
      exercise.prescription.work = work_from_json(field(pr, "work", ew), ew);
      phase.exercises.push_back(std::move(exercise));
    }
    programme.phases.push_back(std::move(phase));
  }
  return programme;
}

}  // namespace

std::string_view segment_name(LimbSegment segment) {
  return segment == LimbSegment::kThigh ? "thigh" : "upper_arm";
}

json programme_to_json(const Programme& programme) {
  json phases = json::array();
  for (const Phase& phase : programme.phases) {
    json exercises = json::array();
    for (const Exercise& e : phase.exercises) {
      const Prescription& p = e.prescription;
      exercises.push_back({{"name", e.name},
                           {"notes", e.notes},
                           {"prescription",
                            {{"segment", segment_name(p.segment)},
                             {"target_fraction_of_lop", p.target_fraction_of_lop},
                             {"restriction_limit_s", p.restriction_limit_s},
                             {"sessions_per_week", p.sessions_per_week},
                             {"work", work_to_json(p.work)}}}});
    }
    const AdvanceCriteria& a = phase.advance;
    phases.push_back({{"name", phase.name},
                      {"goal", phase.goal},
                      {"exercises", exercises},
                      {"advance",
                       {{"min_weeks_in_phase", a.min_weeks_in_phase},
                        {"min_sessions_in_phase", a.min_sessions_in_phase},
                        {"consecutive_sessions_at_target", a.consecutive_sessions_at_target},
                        {"max_pain_0_10", a.max_pain_0_10},
                        {"require_symptom_free", a.require_symptom_free},
                        {"clinician_check", a.clinician_check}}}});
  }
  return {{"name", programme.name},
          {"indication", programme.indication},
          {"sources", programme.sources},
          {"phases", phases}};
}

Result<Programme> programme_from_json(const json& j) {
  Programme programme;
  try {
    programme = read_programme(j);
  } catch (const ShapeError& error) {
    return Result<Programme>::failure(error.what());
  } catch (const json::exception& error) {
    // A number out of int range, for instance.
    return Result<Programme>::failure(fmt::format("programme: {}", error.what()));
  }
  if (Check valid = validate_programme(programme); !valid.ok()) {
    return Result<Programme>::failure(std::move(valid.error));
  }
  return Result<Programme>::success(std::move(programme));
}

Result<Programme> programme_from_json_text(std::string_view text) {
  json parsed;
  try {
    parsed = json::parse(text);
  } catch (const json::parse_error& error) {
    return Result<Programme>::failure(fmt::format("programme JSON: {}", error.what()));
  }
  return programme_from_json(parsed);
}

}  // namespace bfr::clinic

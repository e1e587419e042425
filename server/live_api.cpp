#include "server/live_api.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "clinic/enum_text.hpp"
#include "clinic/planned_request.hpp"
#include "clinic/session_plan.hpp"
#include "clinic/work_schedule.hpp"
#include "server/api_error.hpp"
#include "server/clinic_route_support.hpp"
#include "server/json_input.hpp"

namespace bfr::server {

namespace {

using nlohmann::json;

// Project choice: finished runs kept for their pages and streams; older
// ones are forgotten (their records stay in the store).
constexpr std::size_t kFinishedRunsKept = 50;

int year_of(std::chrono::sys_seconds t) {
  return static_cast<int>(
      std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(t)).year());
}

clinic::Posture posture_of(const json& body) {
  const auto text = string_field(body, "posture");
  if (!text) return clinic::Posture::kSeated;
  const auto posture = clinic::parse_posture(*text);
  if (!posture) throw ApiError(400, "'posture' must be \"supine\", \"seated\" or \"standing\"");
  return *posture;
}

double cuff_width_of(const json& body) {
  const double width = number_field(body, "cuff_width_cm").value_or(11.5);
  if (!(width >= 2 && width <= 50)) throw ApiError(400, "'cuff_width_cm' must be 2 to 50");
  return width;
}

clinic::Limb limb_on_record(clinic::Repository& repository, const clinic::Patient& patient,
                            const std::string& text) {
  const std::size_t split = text.find('_');
  std::optional<clinic::LimbSide> side;
  std::optional<clinic::LimbSegment> segment;
  if (split != std::string::npos) {
    side = clinic::parse_limb_side(text.substr(0, split));
    segment = clinic::parse_limb_segment(text.substr(split + 1));
  }
  if (!side || !segment) {
    throw ApiError(400, fmt::format("limb '{}' must be left_thigh, right_thigh, left_upper_arm or "
                                    "right_upper_arm",
                                    text));
  }
  for (const clinic::Limb& limb : repository.limbs_of(patient.id)) {
    if (limb.side == *side && limb.segment == *segment) return limb;
  }
  throw ApiError(404, fmt::format("{} has no {} on record", patient.display_name, text));
}

std::string blockers_text(const clinic::PlannedExercise& e) {
  return fmt::format("{}: {}", e.exercise.name, fmt::join(e.blockers, "; "));
}

}  // namespace

LiveWork::LiveWork(std::vector<DeviceSlotConfig> slots, std::string database_url)
    : slots_(std::move(slots)),
      database_url_(std::move(database_url)),
      busy_(slots_.size()),
      last_run_(slots_.size()) {}

LiveWork::~LiveWork() {
  std::map<std::int64_t, std::shared_ptr<LiveRun>> runs;
  {
    const std::lock_guard lock(mutex_);
    runs.swap(runs_);
  }
  // Each run's destructor vents its device and waits for its thread; the
  // thread's last act takes mutex_, so it must not be held here.
  runs.clear();
}

json LiveWork::devices() const {
  const std::lock_guard lock(mutex_);
  json list = json::array();
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const DeviceSlotConfig& slot = slots_[i];
    json j = {{"id", i + 1},
              {"label", slot.label},
              {"kind", slot.address.empty() ? "virtual" : "linked"},
              {"address", slot.address},
              {"speed", slot.speed},
              {"state", busy_[i] ? "busy" : "idle"},
              {"run", nullptr},
              {"last_run", nullptr}};
    const auto summary_of = [&](const std::optional<std::int64_t>& id) -> json {
      if (!id) return nullptr;
      const auto found = runs_.find(*id);
      return found == runs_.end() ? json(nullptr) : found->second->summary();
    };
    j["run"] = summary_of(busy_[i]);
    j["last_run"] = summary_of(last_run_[i]);
    list.push_back(j);
  }
  return list;
}

std::size_t LiveWork::running_count() const {
  const std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(busy_.begin(), busy_.end(), [](const auto& b) { return b.has_value(); }));
}

std::size_t LiveWork::take_slot(const json& body) {
  const std::optional<int> asked = int_field(body, "device");
  const std::lock_guard lock(mutex_);
  if (asked) {
    if (*asked < 1 || static_cast<std::size_t>(*asked) > slots_.size()) {
      throw ApiError(404, fmt::format("no device {} (devices are 1-{})", *asked, slots_.size()));
    }
    const auto index = static_cast<std::size_t>(*asked - 1);
    if (busy_[index]) {
      throw ApiError(409, fmt::format("device {} is running run {}", *asked, *busy_[index]));
    }
    return index;
  }
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (!busy_[i]) return i;
  }
  throw ApiError(409, slots_.empty() ? "this server has no devices"
                                     : "every device is busy: wait for a run to end");
}

std::shared_ptr<LiveRun> LiveWork::launch(LiveRunPlan plan) {
  std::vector<std::shared_ptr<LiveRun>> forgotten;  // destroyed after the lock
  std::shared_ptr<LiveRun> run;
  {
    const std::lock_guard lock(mutex_);
    plan.id = next_id_++;
    const std::size_t slot = plan.slot;
    const std::int64_t id = plan.id;
    run = std::make_shared<LiveRun>(std::move(plan), slots_[slot], database_url_,
                                    [this, id, slot] { run_ended(id, slot); });
    busy_[slot] = id;
    last_run_[slot] = id;
    runs_[id] = run;
    // The oldest finished runs beyond the kept number go.
    while (ended_.size() > kFinishedRunsKept) {
      const std::int64_t oldest = *ended_.begin();
      ended_.erase(ended_.begin());
      if (auto found = runs_.find(oldest); found != runs_.end()) {
        forgotten.push_back(found->second);
        runs_.erase(found);
      }
    }
  }
  run->start();
  return run;
}

void LiveWork::run_ended(std::int64_t run_id, std::size_t slot) {
  const std::lock_guard lock(mutex_);
  if (busy_[slot] == run_id) busy_[slot].reset();
  ended_.insert(run_id);
}

std::shared_ptr<LiveRun> LiveWork::find(std::int64_t run_id) const {
  const std::lock_guard lock(mutex_);
  const auto found = runs_.find(run_id);
  if (found == runs_.end()) throw ApiError(404, fmt::format("no live run {}", run_id));
  return found->second;
}

json LiveWork::start_lop(clinic::Repository& repository, std::int64_t patient_id, const json& body,
                         const std::string& clinician, std::chrono::sys_seconds now) {
  require_fields(body, {"limb", "posture", "cuff_width_cm", "device"}, "a LOP measurement");
  const clinic::Patient patient = require_patient(repository, patient_id);
  LiveRunPlan plan;
  plan.kind = LiveKind::kLop;
  plan.clinician = clinician;
  plan.patient = patient;
  plan.limb = limb_on_record(repository, patient, required_string(body, "limb"));
  plan.posture = posture_of(body);
  plan.cuff_width_cm = cuff_width_of(body);
  plan.year = year_of(now);
  plan.slot = take_slot(body);
  return launch(std::move(plan))->summary();
}

json LiveWork::start_session(clinic::Repository& repository, std::int64_t patient_id,
                             const json& body, const std::string& clinician,
                             std::chrono::sys_seconds now) {
  require_fields(body, {"exercise", "posture", "cuff_width_cm", "side", "device"}, "a session");
  const clinic::Patient patient = require_patient(repository, patient_id);
  clinic::PlanOptions options;
  options.posture = posture_of(body);
  options.cuff_width_cm = cuff_width_of(body);
  if (const auto side = string_field(body, "side")) {
    options.side = clinic::parse_limb_side(*side);
    if (!options.side) throw ApiError(400, "'side' must be \"left\" or \"right\"");
  }
  options.now = now;
  const std::optional<std::string> wanted = string_field(body, "exercise");

  // Today's plan and its gates, as `bfr session run` checks them.
  clinic::Result<clinic::SessionPlan> made = clinic::plan_session(repository, patient, options);
  if (!made.ok()) throw ApiError(409, made.error);
  const clinic::SessionPlan& plan = *made.value;
  const clinic::PlannedExercise* chosen = nullptr;
  if (wanted) {
    for (const clinic::PlannedExercise& e : plan.exercises) {
      if (e.exercise.name == *wanted) chosen = &e;
    }
    if (chosen == nullptr) {
      throw ApiError(400, fmt::format("'{}' is not in phase {} of '{}'", *wanted, plan.phase + 1,
                                      plan.programme.name));
    }
    if (!chosen->blockers.empty()) {
      throw ApiError(409, fmt::format("session refused, nothing was run or stored: {}",
                                      blockers_text(*chosen)));
    }
  } else {
    std::vector<std::string> refusals;
    for (const clinic::PlannedExercise& e : plan.exercises) {
      if (chosen == nullptr && e.blockers.empty()) chosen = &e;
      if (!e.blockers.empty()) refusals.push_back(blockers_text(e));
    }
    if (chosen == nullptr) {
      throw ApiError(409,
                     fmt::format("session refused, nothing was run or stored: {}",
                                 refusals.empty() ? std::string("no exercise is ready")
                                                  : fmt::format("{}", fmt::join(refusals, "; "))));
    }
  }
  const clinic::Result<clinic::WorkSchedule> schedule =
      clinic::work_schedule(chosen->exercise.prescription);
  if (!schedule.ok()) {
    throw ApiError(409, fmt::format("{}: {}", chosen->exercise.name, schedule.error));
  }
  const clinic::ExerciseRequest request =
      clinic::planned_exercise_request(plan, *chosen, *schedule.value);
  // The runner refuses an invalid request before it stores or inflates
  // anything; refused here first, so that the answer says why.
  if (const std::string problem = clinic::check_request(request, *chosen->lop); !problem.empty()) {
    throw ApiError(409, fmt::format("{}: {}", chosen->exercise.name, problem));
  }

  LiveRunPlan live;
  live.kind = LiveKind::kExercise;
  live.clinician = clinician;
  live.patient = patient;
  live.limb = *chosen->limb;
  live.posture = options.posture;
  live.cuff_width_cm = options.cuff_width_cm;
  live.year = year_of(now);
  live.lop = chosen->lop;
  live.exercise = request;
  live.load_text = chosen->load_text;
  live.slot = take_slot(body);
  return launch(std::move(live))->summary();
}

json LiveWork::run(std::int64_t run_id) const {
  return find(run_id)->summary();
}

json LiveWork::end_set(std::int64_t run_id, const json& body, const std::string& clinician) {
  require_fields(body, {"reps"}, "an end of set");
  const std::optional<int> reps = int_field(body, "reps");
  if (reps && (*reps < 0 || *reps > 1000)) throw ApiError(400, "'reps' must be 0 to 1000");
  const auto live = find(run_id);
  if (live->plan().kind != LiveKind::kExercise) {
    throw ApiError(409, "a LOP measurement has no sets to end");
  }
  if (!live->end_set(reps, clinician)) {
    throw ApiError(409, fmt::format("run {} has no set in progress", run_id));
  }
  return live->summary();
}

json LiveWork::deflate(std::int64_t run_id, const std::string& clinician) {
  const auto live = find(run_id);
  json answer = live->summary();
  answer["sent"] = live->emergency_stop(clinician);
  return answer;
}

json LiveWork::acknowledge_alarms(std::int64_t run_id, const std::string& clinician) {
  return find(run_id)->acknowledge_alarms(clinician);
}

json LiveWork::feedback(clinic::Repository& repository, std::int64_t run_id, int set_number,
                        const json& body, int& status) {
  require_fields(body, {"rpe", "pain", "symptoms"}, "set feedback");
  const auto live = find(run_id);
  if (live->plan().kind != LiveKind::kExercise) {
    throw ApiError(409, "a LOP measurement has no sets to give feedback on");
  }
  if (set_number < 1 || set_number > live->total_sets()) {
    throw ApiError(404, fmt::format("run {} has no set {} (its sets are 1-{})", run_id, set_number,
                                    live->total_sets()));
  }
  // The ranges of `bfr session feedback`.
  SetFeedbackEntry entry{set_number - 1, {}};
  if (const auto rpe = number_field(body, "rpe")) {
    if (*rpe < 0 || *rpe > 10) throw ApiError(400, "'rpe' (Borg CR-10) must be 0 to 10");
    entry.feedback.rpe_cr10 = *rpe;
  }
  if (const auto pain = int_field(body, "pain")) {
    if (*pain < 0 || *pain > 10) throw ApiError(400, "'pain' must be 0 to 10");
    entry.feedback.pain_0_10 = *pain;
  }
  std::vector<clinic::SymptomRecord> symptoms;
  if (const auto found = body.find("symptoms"); found != body.end() && !found->is_null()) {
    if (!found->is_array()) throw ApiError(400, "'symptoms' must be an array");
    for (const json& item : *found) {
      require_fields(item, {"symptom", "severity", "note"}, "a symptom");
      const std::string name = required_string(item, "symptom");
      const std::string severity = required_string(item, "severity");
      if (!clinic::parse_symptom(name)) {
        throw ApiError(400, fmt::format("symptom '{}' must be numbness, dizziness_or_fainting, "
                                        "bruising, unusual_pain or excessive_soreness",
                                        name));
      }
      if (!clinic::parse_severity(severity)) {
        throw ApiError(400, "'severity' must be mild, moderate or severe");
      }
      symptoms.push_back(
          clinic::SymptomRecord{0, 0, name, severity, "", string_field(item, "note").value_or("")});
    }
  }
  const bool has_set_values = entry.feedback.rpe_cr10 || entry.feedback.pain_0_10;
  if (!has_set_values && symptoms.empty()) {
    throw ApiError(400, "nothing to store: give 'rpe', 'pain' or 'symptoms'");
  }
  if (!live->finished()) {
    live->add_feedback(entry, symptoms);
    status = 202;
    return {{"stored", false}, {"set", set_number}, {"kept_until", "the set is stored"}};
  }
  const std::optional<std::int64_t> session_id = live->session_id();
  if (!session_id) throw ApiError(409, fmt::format("run {} stored no session", run_id));
  const std::vector<clinic::SetRecord> sets = repository.sets_of(*session_id);
  const bool stored = std::any_of(sets.begin(), sets.end(), [&](const clinic::SetRecord& s) {
    return s.set_index == entry.set_index;
  });
  if (has_set_values && !stored) {
    throw ApiError(
        409, fmt::format("session {} has no set {}: it ended before", *session_id, set_number));
  }
  if (has_set_values) repository.record_set_feedback(*session_id, entry.set_index, entry.feedback);
  for (clinic::SymptomRecord symptom : symptoms) {
    symptom.session_id = *session_id;
    repository.add_symptom(symptom);
  }
  status = 200;
  return {{"stored", true}, {"set", set_number}, {"session_id", *session_id}};
}

std::shared_ptr<const LiveFeed> LiveWork::feed(std::int64_t run_id) const {
  return find(run_id)->feed();
}

}  // namespace bfr::server

#include "server/live_run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <exception>

#include "clinic/enum_text.hpp"
#include "clinic/event_text.hpp"
#include "core/alarm_policy.hpp"
#include "core/safety_limits.hpp"
#include "runtime/host_session_pool.hpp"
#include "runtime/host_set_reporter.hpp"
#include "server/history_api.hpp"

namespace bfr::server {

namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// About 25 updates a second: smooth on a screen (issue 8 asks for 20+),
// a quarter of the device's 100 Hz frames. Counted in device time, so that
// what a stream holds does not depend on how busy the server is (a device
// run faster than the wall clock sends more per second).
constexpr core::Duration kTelemetryInterval = core::Duration::from_ms(40);

json alarm_list(std::uint32_t bits) {
  json list = json::array();
  for (std::uint32_t a = 0; a < static_cast<std::uint32_t>(core::Alarm::kCount); ++a) {
    if ((bits & (std::uint32_t{1} << a)) == 0) continue;
    const auto alarm = static_cast<core::Alarm>(a);
    const core::AlarmPolicy policy = core::policy_of(alarm);
    list.push_back({{"alarm", core::to_string(alarm)},
                    {"priority", core::to_string(policy.priority)},
                    {"action", core::to_string(policy.action)}});
  }
  return list;
}

std::int64_t steady_us(SteadyClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace

// Turns frames into feed messages, and keeps what the clinician's commands
// need to know (in a set? which alarms are up?).
class LiveRun::Observer : public clinic::RunObserver {
 public:
  Observer(const LiveRunPlan& plan, LiveFeed& feed) : plan_(plan), feed_(feed) {}

  void attach(const runtime::LinkedDevice* device) { device_ = device; }

  void on_frame(const device::Telemetry& t) override {
    if (!first_) first_ = t.at;
    if (previous_at_ && t.cuff > core::SafetyLimits{}.restricted_above) {
      restricted_ += t.at - *previous_at_;
    }
    previous_at_ = t.at;
    const core::Phase phase = t.outputs.phase;
    if (phase == core::Phase::kRest && last_phase_ != core::Phase::kRest) rest_started_ = t.at;
    bool urgent = phase != last_phase_ || t.outputs.events.size() > 0;
    for (const core::Event& e : t.outputs.events) {
      if (e.kind == core::EventKind::kSetStarted) {
        ++sets_started_;
        in_set_.store(true);
      } else if (e.kind == core::EventKind::kSetEnded) {
        in_set_.store(false);
      }
      publish_event(t, e);
    }
    if (phase != core::Phase::kExercise) in_set_.store(false);
    phase_.store(phase);
    alarm_bits_.store(t.outputs.alarms.bits());
    last_phase_ = phase;
    if (!urgent && last_sent_ && t.at - *last_sent_ < kTelemetryInterval) return;
    last_sent_ = t.at;
    publish_telemetry(t);
  }

  bool in_set() const { return in_set_.load(); }
  std::uint32_t alarm_bits() const { return alarm_bits_.load(); }
  int current_set() const { return sets_started_.load(); }
  core::Phase phase() const { return phase_.load(); }

 private:
  double seconds_since_start(core::TimePoint at) const {
    return static_cast<double>((at - *first_).us()) * 1e-6;
  }

  void publish_event(const device::Telemetry& t, const core::Event& e) {
    json j = {{"t", seconds_since_start(t.at)},
              {"kind", core::to_string(e.kind)},
              {"detail", clinic::event_text(e)}};
    if (e.set_index >= 0) j["set"] = sets_started_.load();
    if (e.kind == core::EventKind::kAlarmRaised) {
      const core::AlarmPolicy policy = core::policy_of(static_cast<core::Alarm>(e.code));
      j["priority"] = core::to_string(policy.priority);
      j["action"] = core::to_string(policy.action);
    }
    feed_.publish("event", j.dump());
  }

  void publish_telemetry(const device::Telemetry& t) {
    const double target = t.outputs.target.mmhg();
    json j = {{"t", seconds_since_start(t.at)},
              {"cuff", {t.cuff.mmhg()}},
              {"target", target},
              {"phase", core::to_string(t.outputs.phase)},
              {"reps", t.outputs.reps},
              {"lop_progress", t.outputs.lop_progress.value()},
              {"restriction_s", static_cast<double>(restricted_.us()) * 1e-6},
              {"restriction_limit_s",
               static_cast<double>(core::SafetyLimits{}.max_session_restriction.us()) * 1e-6},
              {"alarms", alarm_list(t.outputs.alarms.bits())}};
    // The band the set statistics count as "in band": +-10 % of the target
    // (clinic/set_statistics.hpp).
    j["band"] = target > 0 ? json{{target * 0.9}, {target * 1.1}} : json(nullptr);
    if (plan_.exercise) {
      const auto& reps = plan_.exercise->target_reps;
      const int set = sets_started_.load();
      j["exercise"] = plan_.exercise->exercise;
      j["set"] = set > 0 ? json(set) : json(nullptr);
      j["sets"] = static_cast<int>(reps.size()) * plan_.exercise->inflations;
      if (set > 0 && !reps.empty()) {
        j["target_reps"] = reps[static_cast<std::size_t>(set - 1) % reps.size()];
      }
      if (t.outputs.phase == core::Phase::kRest && rest_started_) {
        const double rested = static_cast<double>((t.at - *rest_started_).us()) * 1e-6;
        j["rest_remaining_s"] = std::max(0.0, plan_.exercise->rest_s - rested);
      }
    }
    // When the host received the frame (steady clock, microseconds): the
    // load check measures from here to the stream's reader.
    if (device_ != nullptr) j["rx_us"] = steady_us(device_->last_received_at());
    feed_.publish("telemetry", j.dump());
  }

  const LiveRunPlan& plan_;
  LiveFeed& feed_;
  const runtime::LinkedDevice* device_ = nullptr;
  std::optional<core::TimePoint> first_;
  std::optional<core::TimePoint> previous_at_;
  std::optional<core::TimePoint> rest_started_;
  core::Duration restricted_{};
  core::Phase last_phase_ = core::Phase::kIdle;
  std::optional<core::TimePoint> last_sent_;
  std::atomic<int> sets_started_{0};
  std::atomic<bool> in_set_{false};
  std::atomic<std::uint32_t> alarm_bits_{0};
  std::atomic<core::Phase> phase_{core::Phase::kIdle};
};

// Sets end when the device's count reaches the target (as `bfr session run
// --device`), or when the clinician ends them.
class LiveRun::ClinicianSetReporter : public device::SetReporter {
 public:
  ClinicianSetReporter(LiveRun& run, const runtime::LinkedDevice& device)
      : run_(run), device_(device), counted_(device) {}

  void set_started(core::TimePoint at, int set_index, int target_reps) override {
    set_index_ = set_index;
    counted_.set_started(at, set_index, target_reps);
    const std::lock_guard lock(run_.mutex_);
    run_.end_set_request_.reset();  // a request from before this set is not for it
  }

  std::optional<int> reps_if_finished(core::TimePoint now) override {
    std::optional<std::optional<int>> request;
    {
      const std::lock_guard lock(run_.mutex_);
      request.swap(run_.end_set_request_);
    }
    if (request) {
      if (*request) return **request;
      return device_.counted_reps(set_index_).value_or(0);
    }
    return counted_.reps_if_finished(now);
  }

 private:
  LiveRun& run_;
  const runtime::LinkedDevice& device_;
  runtime::CountedRepsSetReporter counted_;
  int set_index_ = 0;
};

LiveRun::LiveRun(LiveRunPlan plan, DeviceSlotConfig slot, std::string database_url,
                 std::function<void()> on_end)
    : plan_(std::move(plan)),
      slot_(std::move(slot)),
      database_url_(std::move(database_url)),
      on_end_(std::move(on_end)),
      observer_(std::make_unique<Observer>(plan_, *feed_)) {}

LiveRun::~LiveRun() {
  emergency_stop("server stopping");
  if (thread_.joinable()) thread_.join();
}

void LiveRun::start() {
  publish_state();
  thread_ = std::jthread([this] { run(); });
}

int LiveRun::total_sets() const {
  if (!plan_.exercise) return 0;
  return static_cast<int>(plan_.exercise->target_reps.size()) * plan_.exercise->inflations;
}

std::optional<std::int64_t> LiveRun::session_id() const {
  const std::lock_guard lock(mutex_);
  return session_id_;
}

json LiveRun::summary() const {
  const std::lock_guard lock(mutex_);
  json j = {{"id", plan_.id},
            {"kind", plan_.kind == LiveKind::kLop ? "lop" : "session"},
            {"state", state_},
            {"device", slot_.label},
            {"device_id", plan_.slot + 1},
            {"patient_id", plan_.patient.id},
            {"patient", plan_.patient.display_name},
            {"limb", fmt::format("{}_{}", clinic::to_text(plan_.limb.side),
                                 clinic::to_text(plan_.limb.segment))},
            {"posture", clinic::to_text(plan_.posture)},
            {"cuff_width_cm", plan_.cuff_width_cm},
            {"started_by", plan_.clinician},
            {"error", error_},
            {"stopped_by", stopped_by_},
            {"result", result_}};
  if (plan_.exercise) {
    const clinic::ExerciseRequest& e = *plan_.exercise;
    j["exercise"] = {{"name", e.exercise},
                     {"target_fraction", e.target_fraction},
                     {"target_mmhg", plan_.lop && plan_.lop->lop_mmhg
                                         ? json(*plan_.lop->lop_mmhg * e.target_fraction)
                                         : json(nullptr)},
                     {"target_reps", e.target_reps},
                     {"rest_s", e.rest_s},
                     {"inflations", e.inflations},
                     {"set_duration_s", e.set_duration_s ? json(*e.set_duration_s) : json(nullptr)},
                     {"load", plan_.load_text},
                     {"sets", total_sets()}};
  }
  j["session_id"] = session_id_ ? json(*session_id_) : json(nullptr);
  // Where the device is now, for lists and tests (the stream has it all).
  j["phase"] = core::to_string(observer_->phase());
  j["set"] = observer_->current_set();
  j["alarms"] = alarm_list(observer_->alarm_bits());
  return j;
}

bool LiveRun::emergency_stop(const std::string& who) {
  const std::lock_guard lock(mutex_);
  if (finished_.load()) return false;
  if (!stop_requested_) stopped_by_ = who;
  stop_requested_ = true;
  if (device_) {
    core::Command stop;
    stop.kind = core::CommandKind::kEmergencyStop;
    device_->connection().send_command(device_->cuff().cuff(), stop);
  }
  json j = {{"kind", "emergency_deflate"}, {"detail", "sent by " + who}};
  feed_->publish("event", j.dump());
  return true;
}

bool LiveRun::end_set(std::optional<int> reps, const std::string& who) {
  if (finished_.load() || !observer_->in_set()) return false;
  {
    const std::lock_guard lock(mutex_);
    end_set_request_ = reps;
  }
  json j = {{"kind", "end_set_requested"},
            {"detail", reps ? fmt::format("{} reps, by {}", *reps, who) : "by " + who},
            {"set", observer_->current_set()}};
  feed_->publish("event", j.dump());
  return true;
}

json LiveRun::acknowledge_alarms(const std::string& who) {
  const std::uint32_t bits = observer_->alarm_bits();
  {
    const std::lock_guard lock(mutex_);
    acknowledged_alarms_ = bits;
  }
  const json alarms = alarm_list(bits);
  feed_->publish(
      "event",
      json{{"kind", "alarms_acknowledged"}, {"detail", "by " + who}, {"alarms", alarms}}.dump());
  return {{"acknowledged", alarms}};
}

void LiveRun::add_feedback(const SetFeedbackEntry& entry,
                           const std::vector<clinic::SymptomRecord>& symptoms) {
  const std::lock_guard lock(mutex_);
  pending_feedback_.push_back(entry);
  pending_symptoms_.insert(pending_symptoms_.end(), symptoms.begin(), symptoms.end());
}

void LiveRun::publish_state() {
  const json s = summary();
  feed_->publish("state", s.dump());
}

void LiveRun::store_feedback(std::int64_t session_id) {
  std::vector<SetFeedbackEntry> feedback;
  std::vector<clinic::SymptomRecord> symptoms;
  {
    const std::lock_guard lock(mutex_);
    feedback.swap(pending_feedback_);
    symptoms.swap(pending_symptoms_);
  }
  if (feedback.empty() && symptoms.empty()) return;
  auto repository = clinic::open_repository(database_url_);
  const std::vector<clinic::SetRecord> sets = repository->sets_of(session_id);
  for (const SetFeedbackEntry& entry : feedback) {
    // A set the session did not reach has no record to take feedback.
    const bool stored = std::any_of(sets.begin(), sets.end(), [&](const clinic::SetRecord& s) {
      return s.set_index == entry.set_index;
    });
    if (stored) repository->record_set_feedback(session_id, entry.set_index, entry.feedback);
  }
  for (clinic::SymptomRecord symptom : symptoms) {
    symptom.session_id = session_id;
    repository->add_symptom(symptom);
  }
}

void LiveRun::run() {
  try {
    SimulatedSubject subject{plan_.patient,       plan_.limb, plan_.posture,
                             plan_.cuff_width_cm, plan_.year, static_cast<std::uint64_t>(plan_.id)};
    std::unique_ptr<LiveDevice> device = connect_device(slot_, subject);
    bool stop_first = false;
    {
      const std::lock_guard lock(mutex_);
      device_ = std::move(device);
      stop_first = stop_requested_;
      state_ = stop_first ? "stopped" : "running";
    }
    publish_state();
    if (!stop_first) {
      observer_->attach(&device_->cuff());
      runtime::HostSessionJob job;
      job.name = slot_.label;
      job.device = &device_->cuff();
      job.patient = plan_.patient;
      job.limb = plan_.limb;
      job.measure_lop = plan_.kind == LiveKind::kLop;
      job.posture = plan_.posture;
      job.cuff_width_cm = plan_.cuff_width_cm;
      job.lop = plan_.lop;
      job.exercise = plan_.exercise;
      job.make_reporter = [this] {
        return std::make_unique<ClinicianSetReporter>(*this, device_->cuff());
      };
      job.observer = observer_.get();
      const runtime::HostSessionResult result =
          runtime::HostSessionPool(database_url_).run_one(job);

      json stored = json::object();
      if (result.lop) stored["lop"] = history_api::lop_json(plan_.limb, *result.lop);
      if (result.exercise) {
        const std::int64_t id = result.exercise->session.id;
        {
          const std::lock_guard lock(mutex_);
          session_id_ = id;
        }
        store_feedback(id);
        auto repository = clinic::open_repository(database_url_);
        if (auto session = repository->get_session(id)) {
          stored["session"] = history_api::session_json(*repository, *session);
        }
      }
      const std::lock_guard lock(mutex_);
      result_ = stored;
      error_ = result.error;
      state_ = !result.error.empty() ? "failed" : "finished";
    }
  } catch (const std::exception& e) {
    const std::lock_guard lock(mutex_);
    error_ = e.what();
    state_ = "failed";
  }
  {
    // The device goes before the run says it is over: a virtual device
    // deflates as it stops, a real one is let go for the next run.
    std::unique_ptr<LiveDevice> device;
    {
      const std::lock_guard lock(mutex_);
      device.swap(device_);
    }
    device.reset();
  }
  finished_.store(true);
  publish_state();
  feed_->close();
  if (on_end_) on_end_();
}

}  // namespace bfr::server

#include "clinic/session_runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "clinic/event_text.hpp"
#include "clinic/set_statistics.hpp"
#include "clinic/timestamp.hpp"
#include "clinic/trace_recorder.hpp"
#include "core/alarm_policy.hpp"
#include "core/exercise_plan.hpp"

namespace bfr::clinic {
namespace {

using core::Duration;

// Host-side guards, wider than the controller's own bounds (60 s LOP
// measurement, set time caps, inflation limit): if one is ever reached the
// runner asks for a deflate and records why.
constexpr Duration kLopGuard = Duration::from_seconds(120.0f);
constexpr Duration kDeflateGuard = Duration::from_seconds(30.0f);

// A timed set is ended by the runner when its time is up; the controller's
// own cap on the set lies this much later, so that it never cuts one short
// but still ends it if the host's command were lost.
constexpr float kTimedSetMarginS = 5.0f;
// How long the runner waits after sending the restriction limit for a
// refusal: a linked device answers within a few frames.
constexpr Duration kLimitsAnswerWait = Duration::from_ms(200);

// Ends every set `duration_s` after it started, with no reps: aerobic bouts
// and passive cycles.
class TimedSetReporter : public device::SetReporter {
 public:
  explicit TimedSetReporter(double duration_s)
      : duration_(Duration::from_seconds(static_cast<float>(duration_s))) {}
  void set_started(core::TimePoint at, int, int) override { started_ = at; }
  std::optional<int> reps_if_finished(core::TimePoint now) override {
    if (now - started_ >= duration_) return 0;
    return std::nullopt;
  }

 private:
  Duration duration_;
  core::TimePoint started_;
};

double sample_rate_hz(const device::CuffDevice& device) {
  return 1.0 / device.frame_period().seconds();
}

bool is_restricted(const device::Telemetry& t) {
  return t.cuff > core::SafetyLimits{}.restricted_above;
}

// An alarm, or a safety action, that ends the protocol (deflate or vent)
// stops the session; warnings and holds leave it running.
bool ends_protocol(const core::Event& e) {
  if (e.kind == core::EventKind::kAlarmRaised) {
    return core::policy_of(static_cast<core::Alarm>(e.code)).action >= core::SafetyAction::kDeflate;
  }
  if (e.kind == core::EventKind::kSafetyAction) {
    return static_cast<core::SafetyAction>(e.code) >= core::SafetyAction::kDeflate;
  }
  return false;
}

}  // namespace

std::string check_request(const ExerciseRequest& request, const LopMeasurement& lop) {
  if (!lop.lop_mmhg) return "no LOP value: measure or estimate LOP first";
  if (request.exercise.empty()) return "exercise name is empty";
  if (!request.started_at.empty() && !is_utc_timestamp(request.started_at)) {
    return fmt::format("start time '{}' is not like 2024-05-31T14:03:00Z", request.started_at);
  }
  if (request.load_kg && !(*request.load_kg >= 0 && *request.load_kg <= 1000)) {
    return fmt::format("load {} kg is outside 0-1000 kg", *request.load_kg);
  }
  if (!(request.target_fraction > 0.0) || request.target_fraction > 1.0) {
    return fmt::format("target {:.0f} % of LOP is outside 1-100 %", request.target_fraction * 100);
  }
  if (request.target_reps.empty() || request.target_reps.size() > core::kMaxSets) {
    return fmt::format("between 1 and {} sets are needed, got {}", core::kMaxSets,
                       request.target_reps.size());
  }
  if (request.set_duration_s) {
    if (!(*request.set_duration_s > 0) || *request.set_duration_s > kMaxTimedSetS) {
      return fmt::format("timed set of {} s outside 1-{:.0f} s", *request.set_duration_s,
                         kMaxTimedSetS);
    }
    for (int reps : request.target_reps) {
      if (reps != 0) return fmt::format("a timed set has no rep target, got {}", reps);
    }
  } else {
    for (int reps : request.target_reps) {
      if (reps <= 0 || reps > 200) return fmt::format("target reps {} outside 1-200", reps);
    }
  }
  if (request.inflations < 1 || request.inflations > kMaxInflations) {
    return fmt::format("inflations {} outside 1-{}", request.inflations, kMaxInflations);
  }
  if (!(request.deflated_between_s >= 0.0) || request.deflated_between_s > kMaxDeflatedBetweenS) {
    return fmt::format("reperfusion {:.0f} s outside 0-{:.0f} s", request.deflated_between_s,
                       kMaxDeflatedBetweenS);
  }
  if (request.restriction_limit_s && !(*request.restriction_limit_s > 0 &&
                                       *request.restriction_limit_s <= kMaxRestrictionLimitS)) {
    return fmt::format("restriction limit {} s outside 1-{:.0f} s", *request.restriction_limit_s,
                       kMaxRestrictionLimitS);
  }
  if (!(request.rest_s >= 0.0) || request.rest_s > 600) {
    return fmt::format("rest {:.0f} s outside 0-600 s", request.rest_s);
  }
  const double target = *lop.lop_mmhg * request.target_fraction;
  if (target >= core::SafetyLimits{}.hard_cap.mmhg()) {
    return fmt::format("target {:.0f} mmHg is at or above the {:.0f} mmHg cap", target,
                       core::SafetyLimits{}.hard_cap.mmhg());
  }
  return {};
}

SessionRunner::SessionRunner(device::CuffDevice& device, Repository& repository,
                             RunObserver& observer, Pacer pacer)
    : device_(device), repository_(repository), observer_(observer), pacer_(std::move(pacer)) {}

device::Telemetry SessionRunner::exchange(const core::Command& command, Duration& elapsed) {
  device::Telemetry t = device_.exchange(command);
  elapsed += device_.frame_period();
  if (pacer_) pacer_(elapsed);
  observer_.on_frame(t);
  for (const core::Event& e : t.outputs.events) observer_.on_event(t, e);
  return t;
}

LopMeasurement SessionRunner::measure_lop(const Limb& limb, Posture posture, double cuff_width_cm,
                                          const std::string& measured_at) {
  LopMeasurement m;
  m.limb_id = limb.id;
  m.measured_at = measured_at;
  m.method = LopMethod::kMeasured;
  m.posture = posture;
  m.cuff_width_cm = cuff_width_cm;
  m.sim_true_lop_mmhg = device_.simulation_true_lop_mmhg();
  const std::int64_t trace_id = repository_.create_trace("lop", sample_rate_hz(device_));
  m.trace_id = trace_id;
  {
    TraceRecorder recorder(repository_, trace_id, device_.frame_period());
    Duration elapsed;
    // The device paces the ramp for the limb the cuff is on.
    core::Command command{core::CommandKind::kMeasureLop, {}};
    command.limb = core_segment(limb.segment);
    bool started = false;
    bool finished = false;
    while (!finished) {
      device::Telemetry t = exchange(command, elapsed);
      command = {};
      recorder.record(t);
      if (t.lop_result) {
        m.lop_mmhg = t.lop_result->lop.mmhg();
        m.quality = t.lop_result->quality.value();
        // No plausible rhythm: leave the heart rate unknown rather than store 0.
        const double bpm = t.lop_result->heart_rate.per_minute();
        if (bpm >= 25 && bpm <= 220) m.heart_rate_bpm = bpm;
      }
      for (const core::Event& e : t.outputs.events) {
        if (e.kind == core::EventKind::kLopFailed) m.abort_reason = event_text(e);
        if (e.kind == core::EventKind::kAlarmRaised) m.abort_reason = "alarm: " + event_text(e);
        if (e.kind == core::EventKind::kCommandRejected)
          m.abort_reason = "refused: " + event_text(e);
      }
      started = started || t.outputs.phase == core::Phase::kMeasuringLop;
      const bool settled =
          t.outputs.phase == core::Phase::kIdle || t.outputs.phase == core::Phase::kSafeState;
      finished = (started && settled) || (!started && !m.abort_reason.empty());
      if (!finished && elapsed > kLopGuard) {
        m.abort_reason = "host guard: measurement did not end in time";
        command = {core::CommandKind::kStop, {}};
        if (elapsed > kLopGuard + kDeflateGuard) finished = true;
      }
    }
  }
  if (!m.lop_mmhg && m.abort_reason.empty()) m.abort_reason = "no result";
  if (m.lop_mmhg) m.abort_reason.clear();
  m.id = repository_.add_lop_measurement(m);
  return m;
}

ExerciseOutcome SessionRunner::run_exercise(const Patient& patient, const Limb& limb,
                                            const LopMeasurement& lop,
                                            const ExerciseRequest& request,
                                            device::SetReporter& reporter) {
  if (const std::string problem = check_request(request, lop); !problem.empty()) {
    throw std::invalid_argument(problem);
  }
  const bool timed = request.set_duration_s.has_value();
  core::ExercisePlan plan;
  plan.lop = core::Pressure::mmhg(static_cast<float>(*lop.lop_mmhg));
  plan.target_share = core::Fraction(static_cast<float>(request.target_fraction));
  plan.set_count = static_cast<std::uint8_t>(request.target_reps.size());
  for (std::size_t i = 0; i < request.target_reps.size(); ++i) {
    // The controller ends no set by its rep count; a timed set has none, and
    // 1 only satisfies the plan's check.
    plan.target_reps[i] = static_cast<std::uint16_t>(timed ? 1 : request.target_reps[i]);
  }
  plan.rest = Duration::from_seconds(static_cast<float>(request.rest_s));
  if (timed) {
    plan.max_set_duration =
        Duration::from_seconds(static_cast<float>(*request.set_duration_s) + kTimedSetMarginS);
  }

  ExerciseOutcome out;
  SessionRecord& s = out.session;
  s.patient_id = patient.id;
  s.limb_id = limb.id;
  s.lop_measurement_id = lop.id;
  s.exercise = request.exercise;
  s.device = device_.description();
  s.target_fraction = request.target_fraction;
  s.target_mmhg = plan.target().mmhg();
  s.rest_s = request.rest_s;
  s.programme_assignment_id = request.programme_assignment_id;
  s.phase_index = request.phase_index;
  s.started_at = request.started_at;
  s.trace_id = repository_.create_trace("session", sample_rate_hz(device_));
  s.id = repository_.begin_session(s);

  // The longest one inflation may take: every set at its time cap plus the
  // rests; past that (and a deflate margin) the runner stops the device.
  const Duration guard = plan.max_set_duration * plan.set_count + plan.rest * plan.set_count +
                         Duration::from_seconds(60.0f);
  const double frame_s = static_cast<double>(device_.frame_period().us()) * 1e-6;

  const std::size_t per_inflation = request.target_reps.size();
  const std::size_t total_sets = per_inflation * static_cast<std::size_t>(request.inflations);
  double session_s = 0;  // device time since the session's first frame
  std::vector<EventRecord> events;
  std::vector<SetStatistics> stats(total_sets);
  std::vector<int> actual(total_sets, 0);
  std::vector<double> set_start(total_sets, 0), set_end(total_sets, 0);
  TimedSetReporter clock(request.set_duration_s.value_or(0));
  device::SetReporter& sets = timed ? clock : reporter;
  {
    TraceRecorder recorder(repository_, *s.trace_id, device_.frame_period());
    Duration elapsed;
    int base = 0;          // session-wide index of this inflation's first set
    int current_set = -1;  // the controller's index within the inflation
    bool end_sent = false;

    // One frame: sent, traced, timed, its events stored as they happen.
    const auto frame = [&](const core::Command& command) {
      device::Telemetry t = exchange(command, elapsed);
      recorder.record(t);
      const double now_s = recorder.seconds_since_start(t.at);
      session_s = now_s;
      if (is_restricted(t)) s.total_restriction_s += frame_s;
      events.clear();
      for (core::Event e : t.outputs.events) {
        if (e.set_index >= 0) e.set_index = static_cast<std::int8_t>(e.set_index + base);
        events.push_back({now_s, core::to_string(e.kind), event_text(e)});
        if (e.kind == core::EventKind::kSetStarted) {
          current_set = e.set_index - base;
          end_sent = false;
          set_start[static_cast<std::size_t>(e.set_index)] = now_s;
          sets.set_started(t.at, current_set,
                           request.target_reps[static_cast<std::size_t>(current_set)]);
        } else if (e.kind == core::EventKind::kSetEnded) {
          set_end[static_cast<std::size_t>(e.set_index)] = now_s;
        } else if (ends_protocol(e) && s.stop_reason.empty()) {
          s.stop_reason = e.kind == core::EventKind::kAlarmRaised ? "alarm: " + event_text(e)
                                                                  : "safety: " + event_text(e);
        } else if (e.kind == core::EventKind::kCommandRejected &&
                   static_cast<core::Rejection>(e.code) == core::Rejection::kLimitLoosened) {
          // The device's own restriction limit is tighter than the
          // prescription's and stands: kept as an event, not a refusal.
        } else if (e.kind == core::EventKind::kCommandRejected && s.stop_reason.empty()) {
          s.stop_reason = "refused: " + event_text(e);
        }
      }
      // Events are rare and precious: stored as they happen.
      if (!events.empty()) repository_.add_events(s.id, events);
      return t;
    };

    if (request.restriction_limit_s) {
      core::Command limits{core::CommandKind::kConfigureLimits, {}};
      limits.limits.max_inflation =
          Duration::from_seconds(static_cast<float>(*request.restriction_limit_s));
      frame(limits);
      // A device over a link answers a frame or two later: wait for any
      // refusal before anything inflates.
      const Duration until = elapsed + kLimitsAnswerWait;
      while (elapsed < until && s.stop_reason.empty()) frame({});
    }
    for (int inflation = 0; inflation < request.inflations && s.stop_reason.empty(); ++inflation) {
      if (inflation > 0) {
        // Reperfusion: the cuff stays down (the controller idles and vents).
        const Duration until =
            elapsed + Duration::from_seconds(static_cast<float>(request.deflated_between_s));
        while (elapsed < until && s.stop_reason.empty()) frame({});
        if (!s.stop_reason.empty()) break;
      }
      base = inflation * static_cast<int>(per_inflation);
      recorder.set_index_offset(base);
      current_set = -1;
      end_sent = false;
      const Duration began = elapsed;
      core::Command command{core::CommandKind::kStartExercise, plan};
      bool started = false;
      bool finished = false;
      while (!finished) {
        const device::Telemetry t = frame(command);
        command = {};
        if (t.outputs.phase == core::Phase::kExercise && current_set >= 0) {
          const auto idx = static_cast<std::size_t>(base + current_set);
          stats[idx].add(t.cuff.mmhg(), t.outputs.target.mmhg());
          if (!end_sent) {
            if (auto reps = sets.reps_if_finished(t.at)) {
              actual[idx] = *reps;
              command = {core::CommandKind::kEndSet, {}};
              end_sent = true;
            }
          }
        }
        started = started || t.outputs.phase != core::Phase::kIdle;
        const bool settled =
            t.outputs.phase == core::Phase::kIdle || t.outputs.phase == core::Phase::kSafeState;
        finished = (started && settled) || (!started && !s.stop_reason.empty());
        if (finished && t.outputs.phase == core::Phase::kSafeState && s.stop_reason.empty()) {
          s.stop_reason = "safe state";
        }
        if (!finished && elapsed - began > guard) {
          if (s.stop_reason.empty()) s.stop_reason = "host guard: exercise did not end in time";
          command = {core::CommandKind::kStop, {}};
          if (elapsed - began > guard + kDeflateGuard) finished = true;
        }
      }
    }
  }
  if (s.stop_reason.empty()) s.stop_reason = "completed";

  for (std::size_t i = 0; i < stats.size(); ++i) {
    if (stats[i].samples() == 0) continue;  // never started (stopped early)
    SetRecord r;
    r.session_id = s.id;
    r.set_index = static_cast<int>(i);
    r.target_reps = request.target_reps[i % per_inflation];
    r.actual_reps = actual[i];
    r.started_s = set_start[i];
    r.duration_s = set_end[i] > set_start[i] ? set_end[i] - set_start[i] : 0.0;
    // After the last set of an inflation this is the reperfusion (cuff down)
    // and the next inflation's climb to target.
    if (i + 1 < stats.size() && stats[i + 1].samples() > 0) {
      r.rest_after_s = set_start[i + 1] - set_end[i];
      out.rest_durations_s.push_back(r.rest_after_s);
    }
    r.time_in_band_fraction = stats[i].time_in_band_fraction();
    r.peak_mmhg = stats[i].peak_mmhg();
    r.mean_mmhg = stats[i].mean_mmhg();
    r.min_mmhg = stats[i].min_mmhg();
    r.load_kg = request.load_kg;
    r.id = repository_.add_set(r);
    out.sets.push_back(r);
  }
  // A session recorded at a given start ends that long after it, by device
  // time; otherwise the repository stamps the end now.
  if (const auto start = parse_utc_timestamp(request.started_at)) {
    s.ended_at = format_utc_timestamp(
        *start + std::chrono::seconds{static_cast<long long>(std::ceil(session_s))});
  }
  repository_.finish_session(s);
  if (auto stored = repository_.get_session(s.id)) s = *stored;
  return out;
}

}  // namespace bfr::clinic

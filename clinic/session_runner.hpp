#pragma once
// Runs a LOP measurement and an exercise on a cuff device and stores what
// happened: the measurement, the session with its per-set target/actual
// records, every event and the full pressure trace.
//
// The device's controller does all the pressure work and keeps every bound
// by itself; this runner sends the commands a clinician would, records, and
// stops the device if the device's own time bounds were somehow exceeded.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "clinic/repository.hpp"
#include "device/cuff_device.hpp"
#include "device/set_reporter.hpp"

namespace bfr::clinic {

// Told about progress, for the command line or the web view.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_frame(const device::Telemetry&) {}
  virtual void on_event(const device::Telemetry&, const core::Event&) {}
};

// Called once per frame with the device time; the real-time mode sleeps in
// it so that device time keeps pace with the wall clock.
using Pacer = std::function<void(core::Duration elapsed)>;

struct ExerciseRequest {
  std::string exercise = "seated calf raise";
  double target_fraction = 0.8;  // of LOP
  std::vector<int> target_reps = {30, 15, 15, 15};
  double rest_s = 30;
  // Stored with every set when given (0 for bodyweight).
  std::optional<double> load_kg;
  // The programme and phase this exercise belongs to, when it does.
  std::optional<std::int64_t> programme_assignment_id;
  std::optional<int> phase_index;
  // When the session is recorded as started; empty: now.
  std::string started_at;
  // Timed work (aerobic bouts, passive cycles) when given: every set lasts
  // this long, ended by the runner's clock instead of the reporter, and has
  // no rep target (each entry of `target_reps` is then 0 and only counts
  // the sets).
  std::optional<double> set_duration_s;
  // The sets of `target_reps` run this many times, each time a fresh
  // inflation, with the cuff down for `deflated_between_s` in between
  // (reperfusion): passive cycles, aerobic bouts whose rests deflate. One
  // session record and one trace hold them all; sets are numbered across.
  int inflations = 1;
  double deflated_between_s = 0;
  // The prescription's longest continuous restriction (seconds). Sent to
  // the device with ConfigureLimits while the cuff is still down, so that
  // its own supervisor ends any inflation there whatever the host does. A
  // device built with a tighter limit keeps its own (its refusal,
  // limit_loosened, is recorded as an event and the session goes on).
  std::optional<double> restriction_limit_s;
};

// Bounds of check_request for timed work (project choices): a set no longer
// than the supervisor's 20 min inflation limit (bfr-facts §1, AIS), at most
// 10 inflations (the passive template's limit) and an hour of reperfusion.
inline constexpr double kMaxTimedSetS = 20 * 60;
inline constexpr int kMaxInflations = 10;
inline constexpr double kMaxDeflatedBetweenS = 60 * 60;
// A restriction limit longer than the supervisor's 30 min session limit
// (core::SafetyLimits) could never be reached.
inline constexpr double kMaxRestrictionLimitS = 30 * 60;

struct ExerciseOutcome {
  SessionRecord session;
  std::vector<SetRecord> sets;
  std::vector<double> rest_durations_s;  // measured, between consecutive sets
};

class SessionRunner {
 public:
  SessionRunner(device::CuffDevice& device, Repository& repository, RunObserver& observer,
                Pacer pacer);

  // Measures LOP on `limb` and stores the outcome (with its trace), failed
  // or not. The cuff is deflated when it returns.
  // `measured_at` (ISO 8601 UTC) dates the record; empty: now.
  LopMeasurement measure_lop(const Limb& limb, Posture posture, double cuff_width_cm,
                             const std::string& measured_at = {});

  // Runs one exercise at a share of `lop`; throws std::invalid_argument
  // before anything is stored or inflated when the request is not valid.
  // `reporter` ends resistance sets; timed sets end on the runner's clock.
  // Only alarms that end the protocol (deflate or vent) become the stop
  // reason; warnings and holds are kept as events.
  ExerciseOutcome run_exercise(const Patient& patient, const Limb& limb, const LopMeasurement& lop,
                               const ExerciseRequest& request, device::SetReporter& reporter);

 private:
  device::Telemetry exchange(const core::Command& command, core::Duration& elapsed);

  device::CuffDevice& device_;
  Repository& repository_;
  RunObserver& observer_;
  Pacer pacer_;
};

// Checks an exercise request against a LOP; an empty string when valid.
std::string check_request(const ExerciseRequest& request, const LopMeasurement& lop);

}  // namespace bfr::clinic

#pragma once
// One piece of live work on a device, started from the web app: a LOP
// measurement or one exercise of today's plan. It runs in its own thread
// through runtime::HostSessionPool::run_one, the path `bfr demo` and `bfr
// session run --device` take, so it is stored exactly as they store it, and
// tells its watchers through a LiveFeed: telemetry decimated to about 25 per
// second (every phase or set change and every event go out at once) and the
// device's events.
//
// The clinician's commands reach it from the HTTP threads: end the set (with
// their own rep count, or the device's), acknowledge the alarms, give
// per-set feedback, and the emergency deflate, which goes to the device at
// once, whatever the run is doing (EmergencyStop: every valve open, the
// device's safe state).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "clinic/records.hpp"
#include "clinic/session_runner.hpp"
#include "server/live_device.hpp"
#include "server/live_feed.hpp"

namespace bfr::server {

enum class LiveKind { kLop, kExercise };

struct LiveRunPlan {
  std::int64_t id = 0;
  LiveKind kind = LiveKind::kLop;
  std::size_t slot = 0;  // index into the server's device slots
  std::string clinician;
  clinic::Patient patient;
  clinic::Limb limb;
  clinic::Posture posture = clinic::Posture::kSeated;
  double cuff_width_cm = 11.5;
  int year = 2025;  // for the simulated person's age
  // An exercise: the current LOP and the request as `bfr session run` makes it.
  std::optional<clinic::LopMeasurement> lop;
  std::optional<clinic::ExerciseRequest> exercise;
  std::string load_text;
};

// Feedback on one set, checked by the caller (ranges as `bfr session feedback`).
struct SetFeedbackEntry {
  int set_index = 0;  // from 0
  clinic::SetFeedback feedback;
};

class LiveRun {
 public:
  // `on_end` is called from the run's thread as its last act, once the
  // device has been let go.
  LiveRun(LiveRunPlan plan, DeviceSlotConfig slot, std::string database_url,
          std::function<void()> on_end);
  // Vents a device still running (EmergencyStop) and waits for the thread.
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  void start();

  const LiveRunPlan& plan() const { return plan_; }
  std::shared_ptr<const LiveFeed> feed() const { return feed_; }
  bool finished() const { return finished_.load(); }
  // State, plan and, once over, the stored result.
  nlohmann::json summary() const;

  // The emergency deflate. False when the run is over (nothing to deflate).
  bool emergency_stop(const std::string& who);
  // Ends the current set; `reps` is the clinician's count, else the
  // device's. False when no set is in progress.
  bool end_set(std::optional<int> reps, const std::string& who);
  // The alarms the clinician has seen (the banner and its sound stop); the
  // device's own alarm handling is not changed by it.
  nlohmann::json acknowledge_alarms(const std::string& who);
  // Kept and stored with the set once the run has stored it; a run already
  // over is the caller's to store directly.
  void add_feedback(const SetFeedbackEntry& entry,
                    const std::vector<clinic::SymptomRecord>& symptoms);
  // Sets the exercise has (all inflations); 0 for a LOP measurement.
  int total_sets() const;
  // The stored session, once the exercise has run.
  std::optional<std::int64_t> session_id() const;

 private:
  class Observer;
  class ClinicianSetReporter;

  void run();
  void publish_state();
  void store_feedback(std::int64_t session_id);

  LiveRunPlan plan_;
  DeviceSlotConfig slot_;
  std::string database_url_;
  std::function<void()> on_end_;
  std::shared_ptr<LiveFeed> feed_ = std::make_shared<LiveFeed>();
  std::unique_ptr<Observer> observer_;

  mutable std::mutex mutex_;  // guards everything below
  std::string state_ = "connecting";
  std::string error_;
  nlohmann::json result_;
  std::unique_ptr<LiveDevice> device_;
  bool stop_requested_ = false;
  std::string stopped_by_;
  std::optional<std::optional<int>> end_set_request_;  // set: requested, with the reps if given
  std::uint32_t acknowledged_alarms_ = 0;
  std::vector<SetFeedbackEntry> pending_feedback_;
  std::vector<clinic::SymptomRecord> pending_symptoms_;
  std::optional<std::int64_t> session_id_;

  std::atomic<bool> finished_{false};
  std::jthread thread_;
};

}  // namespace bfr::server

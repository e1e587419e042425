#pragma once
// The live work routes of the web app (docs/WEB.md, "Live work"): the
// server's device slots, LOP measurements and exercises started on them,
// the clinician's commands to a run and its stream. Every check runs
// before a device is touched: a request refused here inflates nothing.
// The handlers run under the server's store lock, except the emergency
// deflate, which takes only this object's and its run's own locks; runs go
// on in their own threads with their own store connections.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "clinic/repository.hpp"
#include "server/live_device.hpp"
#include "server/live_run.hpp"

namespace bfr::server {

class LiveWork {
 public:
  LiveWork(std::vector<DeviceSlotConfig> slots, std::string database_url);
  // Every run still going is vented (EmergencyStop) and waited for.
  ~LiveWork();
  LiveWork(const LiveWork&) = delete;
  LiveWork& operator=(const LiveWork&) = delete;

  // [{id, label, kind, speed, state, run}]
  nlohmann::json devices() const;
  // {limb, posture?, cuff_width_cm?, device?}: 202 with the run.
  nlohmann::json start_lop(clinic::Repository& repository, std::int64_t patient_id,
                           const nlohmann::json& body, const std::string& clinician,
                           std::chrono::sys_seconds now);
  // {exercise?, posture?, cuff_width_cm?, side?, device?}: today's plan,
  // its gates as `bfr session run`; 409 with the reasons when refused.
  nlohmann::json start_session(clinic::Repository& repository, std::int64_t patient_id,
                               const nlohmann::json& body, const std::string& clinician,
                               std::chrono::sys_seconds now);
  nlohmann::json run(std::int64_t run_id) const;
  nlohmann::json end_set(std::int64_t run_id, const nlohmann::json& body,
                         const std::string& clinician);
  nlohmann::json deflate(std::int64_t run_id, const std::string& clinician);
  nlohmann::json acknowledge_alarms(std::int64_t run_id, const std::string& clinician);
  // {rpe?, pain?, symptoms?: [{symptom, severity, note?}]} for set `set_number`
  // (from 1). `stored` says whether it went to the store now (the run is
  // over) or is kept until the run stores its sets.
  nlohmann::json feedback(clinic::Repository& repository, std::int64_t run_id, int set_number,
                          const nlohmann::json& body, int& status);
  std::shared_ptr<const LiveFeed> feed(std::int64_t run_id) const;

  // For tests and the load check.
  std::size_t running_count() const;

 private:
  std::shared_ptr<LiveRun> find(std::int64_t run_id) const;
  // A free slot (the one asked for, or the first free one); 409 when none.
  std::size_t take_slot(const nlohmann::json& body);
  std::shared_ptr<LiveRun> launch(LiveRunPlan plan);
  void run_ended(std::int64_t run_id, std::size_t slot);

  std::vector<DeviceSlotConfig> slots_;
  std::string database_url_;

  mutable std::mutex mutex_;
  std::vector<std::optional<std::int64_t>> busy_;      // the run on each slot
  std::vector<std::optional<std::int64_t>> last_run_;  // the slot's newest run
  std::map<std::int64_t, std::shared_ptr<LiveRun>> runs_;
  std::set<std::int64_t> ended_;  // runs whose thread has let its slot go
  std::int64_t next_id_ = 1;
};

}  // namespace bfr::server

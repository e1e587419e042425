#pragma once
// Runs sessions on several linked cuffs at once: one thread per cuff, each
// with its own clinic::SessionRunner and its own connection to the store, so
// that a slow write on one never holds another's frames. Every telemetry
// frame a cuff delivers goes into that session's trace; the link's losses
// and refusals are written into the records (HostSessionStore).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clinic/repository.hpp"
#include "clinic/session_runner.hpp"
#include "device/set_reporter.hpp"
#include "runtime/linked_device.hpp"

namespace bfr::runtime {

struct HostSessionJob {
  std::string name;                // in messages: "device 1 cuff 0"
  LinkedDevice* device = nullptr;  // not owned; one job per cuff
  clinic::Patient patient;
  clinic::Limb limb;
  // Measure LOP first (measure_lop) or use a stored measurement (lop).
  bool measure_lop = true;
  clinic::Posture posture = clinic::Posture::kSeated;
  double cuff_width_cm = 11.5;
  std::optional<clinic::LopMeasurement> lop;
  // The exercise after the measurement; none: measure only.
  std::optional<clinic::ExerciseRequest> exercise;
  // Who ends the sets; empty: the device's own count (CountedRepsSetReporter).
  std::function<std::unique_ptr<device::SetReporter>()> make_reporter;
  // Told about every frame; may be null. Called from the job's thread.
  clinic::RunObserver* observer = nullptr;
};

struct HostSessionResult {
  std::string name;
  std::optional<clinic::LopMeasurement> lop;
  std::optional<clinic::ExerciseOutcome> exercise;
  std::string error;  // what stopped the job early (a storage error, a refused request)
  std::uint64_t frames_delivered = 0;  // telemetry frames from the device, all recorded
  std::uint64_t frames_made_up = 0;    // closing or refusal frames the host added
  std::size_t trace_samples = 0;       // stored, LOP and exercise traces together
  std::optional<DeviceLoss> loss;
  // When the loss was in the store, for the watchdog figures.
  std::optional<std::chrono::steady_clock::time_point> loss_recorded_at;

  bool completed() const;
};

// One exercise on a linked cuff in the calling thread, through the given
// store (wrapped in a HostSessionStore) with the prescribed-cadence set
// reporter: `bfr session run --device`.
clinic::ExerciseOutcome run_linked_exercise(LinkedDevice& device, clinic::Repository& repository,
                                            clinic::RunObserver& observer,
                                            const clinic::Patient& patient,
                                            const clinic::Limb& limb,
                                            const clinic::LopMeasurement& lop,
                                            const clinic::ExerciseRequest& request);

class HostSessionPool {
 public:
  // Each job opens its own connection to the store at `repository_url`.
  explicit HostSessionPool(std::string repository_url) : url_(std::move(repository_url)) {}

  // Runs every job in its own thread and returns when all have ended, in
  // the jobs' order.
  std::vector<HostSessionResult> run(const std::vector<HostSessionJob>& jobs) const;

  // One job in the calling thread.
  HostSessionResult run_one(const HostSessionJob& job) const;

 private:
  std::string url_;
};

}  // namespace bfr::runtime

#include "runtime/host_session_pool.hpp"

#include <fmt/format.h>

#include <exception>
#include <thread>

#include "runtime/host_session_store.hpp"
#include "runtime/host_set_reporter.hpp"

namespace bfr::runtime {
namespace {

// Nothing to observe: the default when a job has no observer.
class QuietObserver : public clinic::RunObserver {};

}  // namespace

clinic::ExerciseOutcome run_linked_exercise(LinkedDevice& device, clinic::Repository& repository,
                                            clinic::RunObserver& observer,
                                            const clinic::Patient& patient,
                                            const clinic::Limb& limb,
                                            const clinic::LopMeasurement& lop,
                                            const clinic::ExerciseRequest& request) {
  HostSessionStore store(repository, device);
  clinic::SessionRunner runner(device, store, observer, clinic::Pacer{});
  CountedRepsSetReporter reporter(device);
  device.begin_recording();
  clinic::ExerciseOutcome run = runner.run_exercise(patient, limb, lop, request, reporter);
  run.sets = repository.sets_of(run.session.id);  // as stored (reps of sets the device ended)
  return run;
}

bool HostSessionResult::completed() const {
  return error.empty() && !loss && (!exercise || exercise->session.stop_reason == "completed");
}

HostSessionResult HostSessionPool::run_one(const HostSessionJob& job) const {
  HostSessionResult result;
  result.name = job.name;
  if (job.device == nullptr) {
    result.error = "no device";
    return result;
  }
  LinkedDevice& device = *job.device;
  try {
    auto repository = clinic::open_repository(url_);
    HostSessionStore store(*repository, device);
    QuietObserver quiet;
    clinic::RunObserver& observer = job.observer != nullptr ? *job.observer : quiet;
    // The device's own clock paces the frames: no pacer on the host.
    clinic::SessionRunner runner(device, store, observer, clinic::Pacer{});
    // Frames from before the job belong to no session.
    device.begin_recording();

    std::optional<clinic::LopMeasurement> lop = job.lop;
    if (job.measure_lop) {
      lop = runner.measure_lop(job.limb, job.posture, job.cuff_width_cm);
      // As stored: the store words a loss or refusal the runner could not.
      if (auto stored = repository->get_lop_measurement(lop->id)) lop = *stored;
      result.lop = lop;
      if (lop->trace_id) result.trace_samples += repository->load_trace(*lop->trace_id).size();
    }
    if (job.exercise && !device.loss()) {
      if (!lop || !lop->lop_mmhg) {
        result.error = fmt::format("no LOP to run '{}' at: {}", job.exercise->exercise,
                                   lop ? lop->abort_reason : std::string("none given"));
      } else {
        std::unique_ptr<device::SetReporter> reporter =
            job.make_reporter ? job.make_reporter()
                              : std::make_unique<CountedRepsSetReporter>(device);
        result.exercise =
            runner.run_exercise(job.patient, job.limb, *lop, *job.exercise, *reporter);
        if (result.exercise->session.trace_id) {
          result.trace_samples += repository->load_trace(*result.exercise->session.trace_id).size();
        }
      }
    }
    result.loss_recorded_at = store.loss_recorded_at();
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  result.frames_delivered = device.frames_delivered();
  result.frames_made_up = device.frames_made_up();
  result.loss = device.loss();
  return result;
}

std::vector<HostSessionResult> HostSessionPool::run(const std::vector<HostSessionJob>& jobs) const {
  std::vector<HostSessionResult> results(jobs.size());
  std::vector<std::thread> threads;
  threads.reserve(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    threads.emplace_back([this, &jobs, &results, i] { results[i] = run_one(jobs[i]); });
  }
  for (std::thread& t : threads) t.join();
  return results;
}

}  // namespace bfr::runtime

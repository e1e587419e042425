// A process killed in the middle of a session (SIGKILL: no destructor, no
// flush) loses at most the last second of trace and leaves the database
// consistent. A child process runs a session on the simulated device and
// reports the device time of every frame through a pipe before the frame is
// recorded; the parent kills it mid-set and then reads the database.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>

#include "clinic/repository.hpp"
#include "clinic/session_runner.hpp"
#include "clinic_test_support.hpp"
#include "device/set_reporter.hpp"
#include "device/virtual_device.hpp"
#include "sim/person.hpp"
#include "sim/pressure_sensor.hpp"
#include "test_store.hpp"

namespace bfr::clinic::testing {
namespace {

// Killed well inside the first set of 30 reps, while the cuff is up.
constexpr double kKillAfterDeviceS = 25;
// The recorder flushes every second of device time; one frame (10 ms) more
// for the frame reported just before it was recorded.
constexpr double kMaxLostS = 1.0 + 0.011;

// Writes the device time of every frame to the pipe.
class PipeReporter : public RunObserver {
 public:
  explicit PipeReporter(int fd) : fd_(fd) {}
  void on_frame(const device::Telemetry& t) override {
    if (!origin_) origin_ = t.at;
    const double seconds = static_cast<double>((t.at - *origin_).us()) * 1e-6;
    // A blocked pipe only slows the child down; a failed write ends it.
    if (write(fd_, &seconds, sizeof seconds) != static_cast<ssize_t>(sizeof seconds)) _exit(3);
  }

 private:
  int fd_;
  std::optional<core::TimePoint> origin_;
};

[[noreturn]] void run_session_in_child(const std::string& url, std::int64_t patient_id,
                                       std::int64_t lop_id, int fd) {
  try {
    const std::unique_ptr<Repository> repository = open_repository(url);
    const Patient patient = *repository->get_patient(patient_id);
    const LopMeasurement lop = *repository->get_lop_measurement(lop_id);
    const Limb limb = repository->limbs_of(patient_id).front();
    device::VirtualDevice device(sim::plant_for(sim::demo_person(), {sim::Segment::kThigh, 11.5},
                                                sim::mpx5050_profile(100), 1),
                                 core::ControllerConfig{});
    PipeReporter reporter(fd);
    SessionRunner runner(device, *repository, reporter, Pacer{});
    device::SimulatedLifterReporter lifter(device);
    runner.run_exercise(patient, limb, lop, ExerciseRequest{}, lifter);
  } catch (const std::exception&) {
    _exit(2);
  }
  _exit(0);  // finished before the kill: the parent reports it
}

// The shared support file instantiates the repository fixture, which this
// binary does not use.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RepositoryTest);

class CrashSafetyTest : public StoreTest {};

INSTANTIATE_TEST_SUITE_P(Backend, CrashSafetyTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

TEST_P(CrashSafetyTest, KilledSessionKeepsItsTraceToTheLastSecondAndStaysConsistent) {
  std::int64_t patient_id = 0;
  std::int64_t lop_id = 0;
  {
    const std::unique_ptr<Repository> repository = open_repository(store_->url());
    patient_id = repository->add_patient(sample_patient("Kim Killed"));
    Limb limb = sample_limb(patient_id);
    limb.side = LimbSide::kRight;
    const std::int64_t limb_id = repository->add_limb(limb);
    LopMeasurement lop = sample_lop_measurement(limb_id);
    lop.lop_mmhg = 200;
    lop_id = repository->add_lop_measurement(lop);
  }  // closed: the child opens its own connection

  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    run_session_in_child(store_->url(), patient_id, lop_id, fds[1]);
  }
  close(fds[1]);

  double last_reported = -1;
  double value = 0;
  bool killed = false;
  while (read(fds[0], &value, sizeof value) == static_cast<ssize_t>(sizeof value)) {
    last_reported = value;
    if (!killed && value >= kKillAfterDeviceS) {
      ASSERT_EQ(kill(child, SIGKILL), 0);
      killed = true;
    }
  }  // EOF: the child is gone and everything it reported has been read
  close(fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(killed) << "the child ended before reaching " << kKillAfterDeviceS << " s";
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the child exited on its own with status " << status;
  ASSERT_GE(last_reported, kKillAfterDeviceS);

  // The database opens as it is, and the session is there, still open.
  const std::unique_ptr<Repository> repository = open_existing_repository(store_->url());
  const std::vector<SessionRecord> sessions = repository->sessions_of(patient_id);
  ASSERT_EQ(sessions.size(), 1U);
  const SessionRecord& session = sessions.front();
  EXPECT_TRUE(session.ended_at.empty());
  EXPECT_TRUE(session.stop_reason.empty());
  EXPECT_EQ(session.lop_measurement_id, lop_id);
  // Sets are stored whole once the exercise ends: none yet, and none half-written.
  EXPECT_TRUE(repository->sets_of(session.id).empty());
  const std::vector<EventRecord> events = repository->events_of(session.id);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().kind, "phase_changed");
  for (const EventRecord& e : events) EXPECT_LE(e.t_s, last_reported);

  // The trace reaches to within a second of the last frame the child saw,
  // with no gap and nothing after it.
  ASSERT_TRUE(session.trace_id.has_value());
  const std::vector<TraceSample> trace = repository->load_trace(*session.trace_id);
  ASSERT_FALSE(trace.empty());
  EXPECT_GE(trace.back().t_s, last_reported - kMaxLostS)
      << "stored up to " << trace.back().t_s << " s, reported " << last_reported << " s";
  EXPECT_LE(trace.back().t_s, last_reported);
  for (std::size_t i = 1; i < trace.size(); ++i) {
    ASSERT_NEAR(trace[i].t_s - trace[i - 1].t_s, 0.01, 1e-6) << "gap before sample " << i;
  }
  EXPECT_THAT(trace.back().set_index, ::testing::Ge(0));  // killed during a set

  // Every reference resolves (SQLite enforces foreign keys per connection, so
  // this is checked, not assumed).
  for (const char* orphans :
       {"SELECT count(*) FROM trace_samples s LEFT JOIN traces t ON t.id = s.trace_id "
        "WHERE t.id IS NULL",
        "SELECT count(*) FROM sessions s LEFT JOIN traces t ON t.id = s.trace_id "
        "WHERE s.trace_id IS NOT NULL AND t.id IS NULL",
        "SELECT count(*) FROM session_events e LEFT JOIN sessions s ON s.id = e.session_id "
        "WHERE s.id IS NULL",
        "SELECT count(*) FROM sessions s LEFT JOIN lop_measurements m "
        "ON m.id = s.lop_measurement_id AND m.limb_id = s.limb_id "
        "WHERE s.lop_measurement_id IS NOT NULL AND m.id IS NULL"}) {
    EXPECT_EQ(store_->select(orphans).at(0).at(0), "0") << orphans;
  }
  if (GetParam().name == "sqlite") {
    EXPECT_EQ(store_->select("PRAGMA integrity_check").at(0).at(0), "ok");
    EXPECT_TRUE(store_->select("PRAGMA foreign_key_check").empty());
  }

  // And the store takes new writes: the session can be closed as crashed.
  SessionRecord closing = session;
  closing.stop_reason = "interrupted";
  repository->finish_session(closing);
  EXPECT_EQ(repository->get_session(session.id)->stop_reason, "interrupted");
}

}  // namespace
}  // namespace bfr::clinic::testing

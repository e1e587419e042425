// Kill the device mid-set: `bfr device sim` runs as a child process, the
// host drives a session across TCP, the test sends SIGKILL while the cuff is
// in a set. The host must raise the loss once the device has been silent for
// its timeout, record it in the session, and keep every frame it received.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/host_session_pool.hpp"
#include "tests/runtime/host_test_rig.hpp"

extern char** environ;

namespace bfr::runtime {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// `bfr device sim` as a child; killed and reaped on destruction whatever
// happened, so no test leaves a process behind.
class DeviceProcess {
 public:
  explicit DeviceProcess(const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> all = {OPENBFR_BFR_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, OPENBFR_BFR_BINARY, &actions, nullptr, argv.data(), environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    stdout_ = out[0];
  }
  ~DeviceProcess() {
    kill_now();
    if (stdout_ >= 0) close(stdout_);
  }

  // The first stdout line, waiting up to `timeout`: "listening ADDRESS".
  std::string first_line(std::chrono::milliseconds timeout) {
    std::string line;
    const auto give_up = Clock::now() + timeout;
    while (pid_ > 0 && Clock::now() < give_up) {
      pollfd p{stdout_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char c = 0;
      if (read(stdout_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }

  void kill_now() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  bool started() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  int stdout_ = -1;
};

// Kills the device on the first frame of the first set.
class KillInSet : public clinic::RunObserver {
 public:
  explicit KillInSet(DeviceProcess& device) : device_(device) {}
  void on_frame(const device::Telemetry& t) override {
    if (!killed_at_ && t.outputs.phase == core::Phase::kExercise) {
      device_.kill_now();
      killed_at_ = Clock::now();
    }
  }
  std::optional<Clock::time_point> killed_at_;

 private:
  DeviceProcess& device_;
};

double ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

TEST(DeviceKill, HostRaisesAndRecordsTheLossAndKeepsEveryFrame) {
  DeviceProcess device({"device", "sim", "--listen", "tcp://127.0.0.1:0", "--speed", "20"});
  ASSERT_TRUE(device.started());
  const std::string line = device.first_line(20s);
  ASSERT_EQ(line.rfind("listening tcp://", 0), 0u) << line;
  const std::string address = line.substr(std::string("listening ").size());

  testing::TempStore store;
  HostLinkOptions options;  // the default 3 s timeout
  HostConnection host(dial_address(address), address, options);
  LinkedDevice cuff(host, 0);
  KillInSet killer(device);
  HostSessionJob job;
  job.name = "killed";
  job.device = &cuff;
  job.patient = store.patient;
  job.limb = store.limb;
  clinic::ExerciseRequest request;
  request.exercise = "killed mid-set";
  request.target_reps = {10, 10};
  request.rest_s = 5;
  job.exercise = request;
  job.observer = &killer;
  const HostSessionResult r = HostSessionPool(store.url()).run_one(job);

  ASSERT_TRUE(killer.killed_at_) << "the set never started";
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_TRUE(r.loss);
  ASSERT_TRUE(r.loss_recorded_at);
  const double timeout_ms = ms(host.device_timeout());
  const double raised_ms = ms(r.loss->detected_at - *killer.killed_at_);
  const double recorded_ms = ms(*r.loss_recorded_at - *killer.killed_at_);
  std::printf(
      "device killed mid-set: loss raised %.0f ms and recorded %.0f ms after SIGKILL "
      "(timeout %.0f ms, silent %.0f ms when raised)\n",
      raised_ms, recorded_ms, timeout_ms, static_cast<double>(r.loss->silent_for.count()));
  // Raised on the watchdog's timeout, not before, and soon after it (the
  // bound is loose: the machine may be slow). The silence is reported in
  // whole milliseconds, rounded down: a loss raised 3000.4 ms into a 3 s
  // timeout reads 3000.
  EXPECT_GE(static_cast<double>(r.loss->silent_for.count()), timeout_ms);
  EXPECT_LT(raised_ms, timeout_ms + 2000);
  EXPECT_GE(recorded_ms, raised_ms);
  EXPECT_LT(recorded_ms, timeout_ms + 4000);

  ASSERT_TRUE(r.exercise);
  const clinic::SessionRecord& s = r.exercise->session;
  EXPECT_EQ(s.stop_reason.rfind("device lost: no frame from " + address, 0), 0u) << s.stop_reason;
  bool recorded = false;
  for (const clinic::EventRecord& e : store.repository().events_of(s.id)) {
    recorded = recorded || (e.kind == "device_lost" && e.detail == r.loss->text);
  }
  EXPECT_TRUE(recorded);

  // Every frame received before the kill is stored: the LOP and exercise
  // traces hold each delivered frame and the one closing frame.
  const LinkStats stats = host.stats();
  EXPECT_EQ(stats.cuffs[0].telemetry_received,
            stats.cuffs[0].telemetry_delivered + stats.cuffs[0].telemetry_discarded);
  EXPECT_EQ(r.frames_delivered, stats.cuffs[0].telemetry_delivered);
  EXPECT_EQ(r.frames_made_up, 1u);
  EXPECT_EQ(r.trace_samples, r.frames_delivered + r.frames_made_up);
  // No check on sequence gaps: a killed process's kernel may reset the
  // connection, and a reset discards frames still on their way; what the
  // host received is what it must keep, and that is checked above.
  const auto trace = store.repository().load_trace(*s.trace_id);
  ASSERT_GE(trace.size(), 2u);
  EXPECT_EQ(trace.back().phase, static_cast<int>(core::Phase::kSafeState));
  EXPECT_EQ(trace[trace.size() - 2].phase, static_cast<int>(core::Phase::kExercise));
}

}  // namespace
}  // namespace bfr::runtime

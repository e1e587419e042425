// `bfr device sim` as a user runs it: it prints the address it listens on
// first, serves a host, deflates on its own when that host is SIGKILLed
// mid-exercise (measured from its --trace), and on SIGTERM deflates and
// exits 0. A bad address is a clear error.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include "tests/runtime/child_process.hpp"
#include "tests/runtime/trace_rows.hpp"

namespace bfr::runtime {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kBfr = OPENBFR_BFR_PATH;
constexpr double kHostTimeoutS = 1.0;
constexpr double kDeflationBoundS = 10.0;

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("openbfr-" + name + "-" + std::to_string(getpid()) + ".csv"))
      .string();
}

// Waits until the trace shows `done` for cuff 0.
template <typename Pred>
bool wait_for_trace(const std::string& path, Pred done, std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    const auto rows = testing::read_trace(path);
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
      if (it->cuff != 0) continue;
      if (done(*it)) return true;
      break;  // only the latest row of cuff 0 counts
    }
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

TEST(DeviceSimCommand, DeflatesOnItsOwnWhenTheHostIsKilledAndExitsCleanly) {
  const std::string trace = temp_path("device-sim-kill");
  int out = -1;
  testing::ChildProcess device =
      testing::spawn({kBfr, "device", "sim", "--listen", "tcp://127.0.0.1:0", "--trace", trace,
                      "--host-timeout-ms", "1000"},
                     out);
  ASSERT_TRUE(device.running());
  const auto first = testing::read_line(out, 10000ms);
  ASSERT_TRUE(first.has_value()) << "no address printed";
  ASSERT_EQ(first->rfind("listening tcp://127.0.0.1:", 0), 0u) << *first;
  const std::string address = first->substr(std::string("listening ").size());

  // Hello asks for the device's default: the --host-timeout-ms above.
  testing::ChildProcess host = testing::fork_exercising_host(address, core::Duration{});
  ASSERT_TRUE(wait_for_trace(
      trace, [](const testing::TraceRow& r) { return r.phase == "exercise" && r.pressure > 80.0; },
      25s))
      << "the host never got the cuff up";
  host.kill_now();
  ASSERT_TRUE(wait_for_trace(
      trace, [](const testing::TraceRow& r) { return !r.host_connected && r.pressure < 20.0; },
      20s))
      << "the cuff stayed up after the host died";

  EXPECT_EQ(device.signal_and_wait(SIGTERM, 30000ms), std::optional<int>(0));
  ::close(out);
  const testing::HostLossMeasure m = testing::measure_host_loss(testing::read_trace(trace));
  std::filesystem::remove(trace);
  ASSERT_TRUE(m.found);
  std::printf(
      "bfr device sim: host killed with the cuff at %.1f mmHg, below 20 mmHg %.2f s after the "
      "host's last frame (host timeout %.1f s)\n",
      m.peak_after_host_mmhg, m.silent_to_below_20_s, kHostTimeoutS);
  RecordProperty("last_frame_to_below_20_mmhg_s", std::to_string(m.silent_to_below_20_s));
  EXPECT_GE(m.silent_to_below_20_s, kHostTimeoutS);
  EXPECT_LT(m.silent_to_below_20_s, kHostTimeoutS + kDeflationBoundS);
}

TEST(DeviceSimCommand, ListensOnAPtyAndStopsOnSigint) {
  int out = -1;
  testing::ChildProcess device =
      testing::spawn({kBfr, "device", "sim", "--listen", "pty", "--cuffs", "2"}, out);
  const auto first = testing::read_line(out, 10000ms);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->rfind("listening /dev/", 0), 0u) << *first;
  EXPECT_EQ(device.signal_and_wait(SIGINT, 30000ms), std::optional<int>(0));
  ::close(out);
}

TEST(DeviceSimCommand, ABadAddressIsAClearError) {
  int out = -1;
  testing::ChildProcess device =
      testing::spawn({kBfr, "device", "sim", "--listen", "udp://1.2.3.4:5"}, out);
  // It exits by itself; the signal only reaps it.
  std::this_thread::sleep_for(200ms);
  const auto code = device.signal_and_wait(0, 10000ms);
  EXPECT_EQ(code, std::optional<int>(2));
  ::close(out);
}

// The board's command on a machine without the board's parts: it names the
// missing part, never listens (no host could start a session on it) and
// exits 2.
TEST(DeviceServeCommand, MissingPartsAreAClearErrorBeforeListening) {
  int out = -1;
  testing::ChildProcess device =
      testing::spawn({kBfr, "device", "serve", "--listen", "tcp://127.0.0.1:0", "--gpiochip",
                      "/dev/openbfr-no-such-gpiochip", "--i2c", "/dev/openbfr-no-such-i2c"},
                     out);
  EXPECT_FALSE(testing::read_line(out, 5000ms).has_value());
  EXPECT_EQ(device.signal_and_wait(0, 10000ms), std::optional<int>(2));
  ::close(out);
}

}  // namespace
}  // namespace bfr::runtime

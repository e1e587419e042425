#include "runtime/link_load_bench.hpp"

#include <fmt/format.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <thread>

#include "clinic/repository.hpp"
#include "clinic/trace_recorder.hpp"
#include "link/stream_decoder.hpp"
#include "runtime/channel_endpoints.hpp"
#include "runtime/device_server.hpp"
#include "runtime/host_connection.hpp"
#include "runtime/linked_device.hpp"
#include "runtime/simulated_limb.hpp"
#include "sim/person.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::runtime {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Longer than the heartbeat period, shorter than any host timeout.
constexpr auto kQuietBeforeStop = 1500ms;

std::int64_t steady_ns(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// The device's channel, stamping each Telemetry frame by its sequence number
// just before it is written. The server writes one frame per write_all.
class StampingChannel : public ByteChannel {
 public:
  StampingChannel(std::unique_ptr<ByteChannel> inner,
                  std::vector<std::atomic<std::int64_t>>& stamps)
      : inner_(std::move(inner)), stamps_(stamps) {}

  ReadResult read_some(std::span<std::uint8_t> into, std::chrono::milliseconds timeout) override {
    return inner_->read_some(into, timeout);
  }
  bool write_all(std::span<const std::uint8_t> bytes) override {
    const std::int64_t now = steady_ns(Clock::now());
    for (std::uint8_t b : bytes) {
      const link::Message* m = decoder_.push(b);
      if (m != nullptr && std::holds_alternative<link::Telemetry>(m->body)) {
        stamps_[m->sequence].store(now, std::memory_order_release);
      }
    }
    return inner_->write_all(bytes);
  }
  bool is_open() const override { return inner_->is_open(); }
  void close() override { inner_->close(); }
  std::string describe() const override { return inner_->describe(); }

 private:
  std::unique_ptr<ByteChannel> inner_;
  std::vector<std::atomic<std::int64_t>>& stamps_;
  link::StreamDecoder decoder_;
};

// One virtual device: a simulated limb behind a DeviceServer, in a thread,
// serving the first host that connects to its TCP port.
struct BenchDevice {
  std::unique_ptr<SimulatedLimb> limb;
  std::unique_ptr<DeviceServer> server;
  std::unique_ptr<ChannelListener> listener;
  std::unique_ptr<StampingChannel> channel;
  std::vector<std::atomic<std::int64_t>> send_stamps =
      std::vector<std::atomic<std::int64_t>>(65536);
  std::jthread thread;
};

// What one recording thread gathered.
struct Recording {
  std::int64_t trace_id = 0;
  std::vector<double> latencies_ms;
  std::chrono::nanoseconds cpu{0};
  std::string error;
};

std::chrono::nanoseconds thread_cpu_time() {
  rusage usage{};
  if (getrusage(RUSAGE_THREAD, &usage) != 0) return std::chrono::nanoseconds(0);
  return std::chrono::seconds(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         std::chrono::microseconds(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

void record_frames(LinkedDevice& view, const std::string& url, BenchDevice& device,
                   Recording& out) {
  try {
    auto repository = clinic::open_repository(url);
    out.trace_id = repository->create_trace("bench", 1.0 / view.frame_period().seconds());
    clinic::TraceRecorder recorder(*repository, out.trace_id, view.frame_period());
    out.latencies_ms.reserve(1 << 16);
    while (true) {
      const device::Telemetry t = view.exchange({});
      if (view.loss()) break;  // the host closed: every frame received is in
      recorder.record(t);
      const std::int64_t sent =
          device.send_stamps[view.last_sequence()].load(std::memory_order_acquire);
      if (sent != 0) {
        out.latencies_ms.push_back(static_cast<double>(steady_ns(view.last_received_at()) - sent) *
                                   1e-6);
      }
    }
    recorder.flush();
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  out.cpu = thread_cpu_time();
}

}  // namespace

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(values.size()));
  const std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return values[std::min(index, values.size() - 1)];
}

bool LinkLoadBenchResult::lossless() const {
  return std::all_of(devices.begin(), devices.end(),
                     [](const DeviceLoadFigures& d) { return d.lossless() && d.sent > 0; });
}

std::uint64_t LinkLoadBenchResult::total_sent() const {
  std::uint64_t n = 0;
  for (const DeviceLoadFigures& d : devices) n += d.sent;
  return n;
}

std::uint64_t LinkLoadBenchResult::total_recorded() const {
  std::uint64_t n = 0;
  for (const DeviceLoadFigures& d : devices) n += d.recorded;
  return n;
}

LinkLoadBenchResult run_link_load_bench(const LinkLoadBenchOptions& options) {
  if (options.devices < 1 || options.devices > 64) {
    throw std::invalid_argument(fmt::format("--devices {} is outside 1-64", options.devices));
  }
  if (!(options.seconds >= 0.5 && options.seconds <= 3600)) {
    throw std::invalid_argument(fmt::format("--seconds {} is outside 0.5-3600", options.seconds));
  }
  LinkLoadBenchResult result;
  result.options = options;

  std::filesystem::path temp_dir;
  std::string url = options.store_url;
  if (url.empty()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "openbfr-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("cannot create a temporary folder");
    temp_dir = pattern;
    url = (temp_dir / "bench.db").string();
  }
  // Created once here so that the recording threads only open it.
  clinic::open_repository(url);

  const auto count = static_cast<std::size_t>(options.devices);
  std::vector<std::unique_ptr<BenchDevice>> devices;
  for (std::size_t i = 0; i < count; ++i) {
    auto d = std::make_unique<BenchDevice>();
    const sim::Person person = sim::demo_person();
    d->limb = std::make_unique<SimulatedLimb>(
        sim::plant_for(person, {sim::Segment::kThigh, 11.5}, sim::mpx5050_profile(100), i + 1),
        core::ControllerConfig{});
    d->server = std::make_unique<DeviceServer>(std::vector<device::LocalController*>{d->limb.get()},
                                               DeviceServerConfig{});
    std::string error;
    d->listener = listen_channel("tcp://127.0.0.1:0", error);
    if (!d->listener) throw std::runtime_error("cannot listen on the loopback: " + error);
    BenchDevice* raw = d.get();
    d->thread = std::jthread([raw](std::stop_token stop) {
      std::unique_ptr<ByteChannel> accepted;
      while (!accepted && !stop.stop_requested()) accepted = raw->listener->accept(100ms);
      if (!accepted) return;
      raw->listener->close();  // one host per device in the bench
      raw->channel = std::make_unique<StampingChannel>(std::move(accepted), raw->send_stamps);
      raw->server->serve(*raw->channel, stop);
    });
    devices.push_back(std::move(d));
  }

  HostLinkOptions link_options;
  link_options.reconnect_window = 0ms;  // the bench ends by stopping the devices
  std::vector<std::unique_ptr<HostConnection>> hosts;
  std::vector<std::unique_ptr<LinkedDevice>> views;
  for (const auto& d : devices) {
    const std::string address = d->listener->address();
    hosts.push_back(std::make_unique<HostConnection>(dial_address(address), address, link_options));
    views.push_back(std::make_unique<LinkedDevice>(*hosts.back(), 0));
  }
  result.telemetry_rate_hz = hosts.front()->capabilities().telemetry_rate_hz;

  const auto start = Clock::now();
  std::vector<Recording> recordings(count);
  std::vector<std::thread> recorders;
  for (std::size_t i = 0; i < count; ++i) {
    recorders.emplace_back([&, i] { record_frames(*views[i], url, *devices[i], recordings[i]); });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(options.seconds));

  // Devices first, so that the counts stop moving; then the host drains
  // what is on the way and the recorders catch up. The host falls quiet a
  // little before, so that each device has read all it was sent when it
  // closes (an orderly close, not a reset that would drop frames in flight).
  for (auto& h : hosts) h->stop_heartbeats();
  std::this_thread::sleep_for(kQuietBeforeStop);
  for (auto& d : devices) d->thread.request_stop();
  for (auto& d : devices) d->thread.join();
  const auto drain_deadline = Clock::now() + 30s;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t sent = devices[i]->server->status().telemetry_sent;
    while (Clock::now() < drain_deadline) {
      const LinkStats s = hosts[i]->stats();
      if (s.cuffs[0].telemetry_received >= sent &&
          s.cuffs[0].telemetry_delivered >= s.cuffs[0].telemetry_received) {
        break;
      }
      std::this_thread::sleep_for(5ms);
    }
  }
  const auto end = Clock::now();
  std::chrono::nanoseconds cpu{0};
  for (const auto& h : hosts) cpu += h->reader_cpu_time();
  std::vector<LinkStats> stats;
  for (auto& h : hosts) {
    stats.push_back(h->stats());
    h->close();  // the recorders see the end and stop
  }
  for (std::thread& t : recorders) t.join();

  result.wall_s = std::chrono::duration<double>(end - start).count();
  std::vector<double> latencies;
  auto repository = clinic::open_repository(url);
  for (std::size_t i = 0; i < count; ++i) {
    const Recording& r = recordings[i];
    if (!r.error.empty()) throw std::runtime_error("recording failed: " + r.error);
    cpu += r.cpu;
    DeviceLoadFigures f;
    f.address = devices[i]->listener->address();
    f.sent = devices[i]->server->status().telemetry_sent;
    f.received = stats[i].cuffs[0].telemetry_received;
    f.recorded = repository->load_trace(r.trace_id).size();
    f.sequence_gaps = stats[i].sequence_gaps;
    f.malformed = stats[i].malformed.total();
    result.devices.push_back(f);
    latencies.insert(latencies.end(), r.latencies_ms.begin(), r.latencies_ms.end());
  }
  result.host_cpu_s = std::chrono::duration<double>(cpu).count();
  result.host_cpu_percent = result.wall_s > 0 ? 100.0 * result.host_cpu_s / result.wall_s : 0;
  result.latency.samples = latencies.size();
  result.latency.p50_ms = percentile(latencies, 50);
  result.latency.p99_ms = percentile(latencies, 99);
  result.latency.max_ms =
      latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());

  repository.reset();
  if (!temp_dir.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(temp_dir, ignored);
  }
  return result;
}

}  // namespace bfr::runtime

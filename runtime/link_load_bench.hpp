#pragma once
// The link under load (`bfr device bench`): N virtual devices at 100 Hz,
// each a DeviceServer with a simulated limb in its own thread of this
// process, each reached over its own TCP connection on the loopback, feed
// one host side as a real installation runs it: a HostConnection per
// device and a recording thread per cuff that writes every telemetry frame
// into a SQLite trace. Reported: frames sent, received and recorded per
// device; the host's CPU (its reader and recording threads only, so the
// devices sharing the process are not counted); and the latency from the
// device's send (stamped as the frame is written) to the host's receipt
// (stamped as its bytes are read), both on the steady clock.

#include <cstdint>
#include <string>
#include <vector>

namespace bfr::runtime {

struct LinkLoadBenchOptions {
  int devices = 20;
  double seconds = 20;
  // Where the traces go; empty: a temporary SQLite file, removed afterwards.
  std::string store_url;
};

struct DeviceLoadFigures {
  std::string address;
  std::uint64_t sent = 0;      // Telemetry frames the device wrote
  std::uint64_t received = 0;  // Telemetry frames the host decoded
  std::uint64_t recorded = 0;  // trace samples in the store
  std::uint32_t sequence_gaps = 0;
  std::uint32_t malformed = 0;
  bool lossless() const { return sent == received && received == recorded && sequence_gaps == 0; }
};

struct LatencyFigures {
  std::uint64_t samples = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

struct LinkLoadBenchResult {
  LinkLoadBenchOptions options;
  double telemetry_rate_hz = 0;  // per device, as announced
  double wall_s = 0;             // the measured stretch
  std::vector<DeviceLoadFigures> devices;
  double host_cpu_s = 0;
  double host_cpu_percent = 0;  // of one core over the measured stretch
  LatencyFigures latency;

  bool lossless() const;
  std::uint64_t total_sent() const;
  std::uint64_t total_recorded() const;
};

// Throws std::invalid_argument for a device count outside 1-64 or a
// duration outside 0.5-3600 s, and std::runtime_error when a device cannot
// be started or reached.
LinkLoadBenchResult run_link_load_bench(const LinkLoadBenchOptions& options);

// The p-th percentile (0-100) of `values` by nearest rank; 0 when empty.
double percentile(std::vector<double> values, double p);

}  // namespace bfr::runtime

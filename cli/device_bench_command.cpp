#include "cli/device_bench_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <nlohmann/json.hpp>

#include "runtime/link_load_bench.hpp"

namespace bfr::cli {
namespace {

nlohmann::json result_json(const runtime::LinkLoadBenchResult& r) {
  nlohmann::json devices = nlohmann::json::array();
  for (const runtime::DeviceLoadFigures& d : r.devices) {
    devices.push_back({{"address", d.address},
                       {"sent", d.sent},
                       {"received", d.received},
                       {"recorded", d.recorded},
                       {"sequence_gaps", d.sequence_gaps},
                       {"malformed", d.malformed},
                       {"lossless", d.lossless()}});
  }
  return {{"devices", r.options.devices},
          {"seconds", r.options.seconds},
          {"telemetry_rate_hz", r.telemetry_rate_hz},
          {"wall_s", r.wall_s},
          {"frames_sent", r.total_sent()},
          {"frames_recorded", r.total_recorded()},
          {"lossless", r.lossless()},
          {"host_cpu_s", r.host_cpu_s},
          {"host_cpu_percent_of_one_core", r.host_cpu_percent},
          {"latency_ms",
           {{"samples", r.latency.samples},
            {"p50", r.latency.p50_ms},
            {"p99", r.latency.p99_ms},
            {"max", r.latency.max_ms}}},
          {"per_device", devices}};
}

void print_table(const runtime::LinkLoadBenchResult& r) {
  fmt::print("Link load: {} virtual devices at {:.0f} Hz into one host over TCP, {:.1f} s\n\n",
             r.options.devices, r.telemetry_rate_hz, r.wall_s);
  fmt::print("  {:>3}  {:<24} {:>8} {:>8} {:>8} {:>5} {:>9}\n", "#", "address", "sent", "received",
             "recorded", "gaps", "malformed");
  for (std::size_t i = 0; i < r.devices.size(); ++i) {
    const runtime::DeviceLoadFigures& d = r.devices[i];
    fmt::print("  {:>3}  {:<24} {:>8} {:>8} {:>8} {:>5} {:>9}{}\n", i + 1, d.address, d.sent,
               d.received, d.recorded, d.sequence_gaps, d.malformed, d.lossless() ? "" : "  LOSS");
  }
  fmt::print("\nFrames     {} sent, {} recorded: {}\n", r.total_sent(), r.total_recorded(),
             r.lossless() ? "every frame recorded" : "FRAMES MISSING");
  fmt::print("Host CPU   {:.2f} s = {:.1f} % of one core (reader and recording threads)\n",
             r.host_cpu_s, r.host_cpu_percent);
  fmt::print(
      "Latency    device send to host receipt: p50 {:.3f} ms, p99 {:.3f} ms, max {:.3f} ms "
      "({} frames)\n",
      r.latency.p50_ms, r.latency.p99_ms, r.latency.max_ms, r.latency.samples);
}

}  // namespace

CLI::App* add_device_bench_command(CLI::App& device, DeviceBenchOptions& o) {
  CLI::App* bench = device.add_subcommand(
      "bench",
      "Virtual devices at 100 Hz into one host over TCP: every frame recorded (sent, received, "
      "stored per device), host CPU and the latency from the device's send to the host's receipt; "
      "exits 1 when a frame is missing");
  bench->add_option("--devices", o.devices, "Virtual devices (default 20)")
      ->check(CLI::Range(1, 64));
  bench->add_option("--seconds", o.seconds, "How long they send (default 20)")
      ->check(CLI::Range(0.5, 3600.0));
  bench->add_option("--db", o.db, "Store the traces here (default: a temporary file)");
  bench->add_flag("--json", o.json, "Print as JSON");
  return bench;
}

int run_device_bench(const DeviceBenchOptions& o) {
  runtime::LinkLoadBenchOptions options;
  options.devices = o.devices;
  options.seconds = o.seconds;
  options.store_url = o.db;
  runtime::LinkLoadBenchResult result;
  try {
    result = runtime::run_link_load_bench(options);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  if (o.json) {
    fmt::print("{}\n", result_json(result).dump(2));
  } else {
    print_table(result);
  }
  return result.lossless() ? 0 : 1;
}

}  // namespace bfr::cli

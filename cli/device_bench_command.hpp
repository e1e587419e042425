#pragma once
// `bfr device bench`: virtual devices at 100 Hz into one host process over
// TCP (runtime/link_load_bench.hpp): frames sent, received and recorded per
// device, the host's CPU and the latency from the device's send to the
// host's receipt.

#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

struct DeviceBenchOptions {
  int devices = 20;
  double seconds = 20;
  std::string db;  // empty: a temporary store
  bool json = false;
};

// Adds `bench` under the `device` command.
CLI::App* add_device_bench_command(CLI::App& device, DeviceBenchOptions& options);

// Prints the table (or JSON); 0 when every frame was recorded, 1 when not,
// 2 when the bench could not run.
int run_device_bench(const DeviceBenchOptions& options);

}  // namespace bfr::cli

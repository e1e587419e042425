#pragma once
// `bfr serve bench`: the web app's load check (docs/WEB.md, "Load check").
// One server in this process with a virtual device per session, N sessions
// started through the API at once, and stream readers on each session's
// server-sent events: the telemetry latency from the host's receipt of a
// device frame to the reader, the server's CPU, and whether every stream
// arrived whole.

#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

struct ServeBenchOptions {
  int sessions = 20;
  int clients = 1;  // stream readers per session
  double seconds = 30;
  double speed = 1;  // the virtual devices' clock
  bool json = false;
};

// Adds `bench` under the `serve` command.
CLI::App* add_serve_bench_command(CLI::App& serve, ServeBenchOptions& options);

// Prints the table (or JSON); 0 when every stream arrived whole, 1 when a
// stream was lost or had a gap, 2 when the check could not run.
int run_serve_bench(const ServeBenchOptions& options);

}  // namespace bfr::cli

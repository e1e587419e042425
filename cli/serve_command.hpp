#pragma once
// `bfr serve`: the clinician web app (docs/WEB.md). Opens the clinic store and
// the server's account tables, creates an "admin" account with a random
// password on the first start (printed once), prints the address to open and
// serves until interrupted (Ctrl-C or SIGTERM).

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace bfr::cli {

struct ServeOptions {
  std::string database;
  std::string listen = "127.0.0.1:8080";
  std::string static_dir;
  std::string tls_cert;
  std::string tls_key;
  // Live work (docs/WEB.md): virtual devices, their clock speed, and cuff
  // devices across the link.
  int virtual_devices = 2;
  double device_speed = 1.0;
  std::vector<std::string> devices;
};

CLI::App* add_serve_command(CLI::App& app, ServeOptions& options);
int run_serve(const ServeOptions& options);

}  // namespace bfr::cli

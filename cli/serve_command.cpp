#include "cli/serve_command.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/clinic_cli_support.hpp"
#include "server/account_store.hpp"
#include "server/accounts.hpp"
#include "server/api_server.hpp"
#include "server/web_dir.hpp"

namespace bfr::cli {

namespace {

struct ListenAddress {
  std::string host;
  int port = 0;
};

// "HOST:PORT"; the port may be 0 for any free one.
ListenAddress parse_listen(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw UsageError(fmt::format("--listen '{}' must be HOST:PORT, e.g. 127.0.0.1:8080", text));
  }
  ListenAddress address{text.substr(0, colon), 0};
  const char* first = text.data() + colon + 1;
  const char* last = text.data() + text.size();
  const auto [end, error] = std::from_chars(first, last, address.port);
  if (error != std::errc{} || end != last || address.port < 0 || address.port > 65535) {
    throw UsageError(fmt::format("--listen '{}': the port must be 0 to 65535", text));
  }
  return address;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

CLI::App* add_serve_command(CLI::App& app, ServeOptions& o) {
  auto* serve = app.add_subcommand(
      "serve",
      "Serve the clinician web app: prints the address to open; on the first start creates an "
      "'admin' account and prints its password once");
  serve->add_option("--listen", o.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  add_database_option(*serve, o.database);
  serve->add_option("--static", o.static_dir,
                    "The built web app (default: web/dist of the source tree, or "
                    "../share/openbfr/web next to bfr)");
  serve->add_option("--tls-cert", o.tls_cert, "PEM certificate: serve HTTPS (with --tls-key)");
  serve->add_option("--tls-key", o.tls_key, "PEM private key of --tls-cert");
  serve
      ->add_option("--virtual-devices", o.virtual_devices,
                   "Virtual devices (simulated limbs) for live work")
      ->capture_default_str()
      ->check(CLI::Range(0, 64));
  serve
      ->add_option("--device-speed", o.device_speed,
                   "The virtual devices' clock against the wall clock (tests and demos run "
                   "faster; 1 is real time)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 200.0));
  serve->add_option("--device", o.devices,
                    "A cuff device across the link for live work (tcp://HOST:PORT or "
                    "serial:///dev/ttyUSB0, e.g. `bfr device sim`); repeat for more");
  return serve;
}

int run_serve(const ServeOptions& o) {
  return with_usage_errors([&] {
    const ListenAddress address = parse_listen(o.listen);
    if (o.tls_cert.empty() != o.tls_key.empty()) {
      throw UsageError("give both --tls-cert and --tls-key, or neither");
    }
    server::ServerConfig config;
    config.database_url = o.database.empty() ? clinic::default_database_path() : o.database;
    config.static_dir = o.static_dir.empty() ? server::default_web_dir() : o.static_dir;
    config.tls_cert_file = o.tls_cert;
    config.tls_key_file = o.tls_key;
    config.virtual_devices = o.virtual_devices;
    config.device_speed = o.device_speed;
    config.device_addresses = o.devices;

    // Signals go to this thread's sigwait only: the server's threads, started
    // after this, inherit the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    server::ApiServer api(config);
    const std::string password = server::create_first_admin(api.accounts(), unix_now());
    const int port = api.bind(address.host, address.port);
    fmt::print("Database: {}\n", api.repository().location());
    if (config.static_dir.empty()) {
      fmt::print(
          "The web app is not built: run `npm ci --prefix web && npm run build --prefix web`, "
          "or give --static. Serving the API only.\n");
    } else {
      fmt::print("Web app: {}\n", config.static_dir);
    }
    if (!password.empty()) {
      fmt::print(
          "Created the account 'admin' (role admin) with the password: {}\n"
          "It is shown only this once. The admin adds clinicians under Accounts.\n",
          password);
    }
    fmt::print("Devices: {} virtual{}{}\n", o.virtual_devices,
               o.device_speed != 1.0 ? fmt::format(" at {:g}x", o.device_speed) : std::string(),
               o.devices.empty() ? std::string() : fmt::format(", {}", fmt::join(o.devices, ", ")));
    fmt::print("Open {}://{}:{}/\n", api.tls() ? "https" : "http", address.host, port);
    std::fflush(stdout);

    std::thread serving([&api] { api.run(); });
    int received = 0;
    sigwait(&signals, &received);
    fmt::print("Stopping (signal {})\n", received);
    api.stop();
    serving.join();
    return 0;
  });
}

}  // namespace bfr::cli

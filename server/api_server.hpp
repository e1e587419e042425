#pragma once
// The clinician web app's HTTP server: the JSON API of route_table.hpp, the
// built front end as static files, accounts and sessions.
//
// Every API request goes through one gate, in this order: a signed-in
// session (else 401), the session's CSRF token in the X-CSRF-Token header on
// anything that changes state (else 403), the route's role (else 403), then
// the handler, which checks its input before writing (else 4xx, nothing
// changed). Requests are served one at a time against the stores (one
// connection each, not thread-safe); HTTP parsing and sending run in
// parallel.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "server/route_table.hpp"

namespace bfr::clinic {
class Repository;
}

namespace bfr::server {

class AccountStore;
class LiveWork;

struct ServerConfig {
  std::string database_url;  // as for every bfr command: a path, sqlite:// or postgresql://
  std::string static_dir;    // the built web/dist; empty serves the API only
  // TLS when both are given (PEM files); session cookies are then Secure.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Project choice: a session ends after 30 min without a request, and 12 h
  // after sign-in whatever happens (one clinic day).
  std::int64_t idle_timeout_s = 30 * 60;
  std::int64_t absolute_timeout_s = 12 * 60 * 60;
  // Seconds since the Unix epoch; the system clock unless a test sets one.
  std::function<std::int64_t()> clock;
  // Live work (docs/WEB.md, "Live work"): this many virtual devices, their
  // clock this many times the wall clock (tests and the load check run
  // faster), and cuff devices across the link (tcp://..., serial://...).
  int virtual_devices = 2;
  double device_speed = 1.0;
  std::vector<std::string> device_addresses;
  // HTTP worker threads: each live stream holds one while it is open.
  int http_threads = 64;
};

inline constexpr const char* kSessionCookie = "bfr_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

class ApiServer {
 public:
  // Opens (creating or migrating) the clinic store and the server's tables.
  explicit ApiServer(ServerConfig config);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // The routes this server answers, as registered.
  std::span<const RouteSpec> routes() const;

  AccountStore& accounts();
  clinic::Repository& repository();
  LiveWork& live();
  bool tls() const;

  // Binds to `host`:`port` (0 picks a free port) and returns the port.
  // Throws std::runtime_error when the address cannot be bound.
  int bind(const std::string& host, int port);
  // Serves until stop(); call after bind().
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3 document of the API (server/openapi.json, built in).
const std::string& openapi_document();

}  // namespace bfr::server

#pragma once
// A real server for the API tests: `bfr serve`'s ApiServer on 127.0.0.1, a
// free port, a fresh SQLite file in a temporary directory and a clock the
// test sets, with a clinician and an administrator account; and an HTTP
// client that keeps a session's cookie and CSRF token.

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/api_server.hpp"

namespace bfr::server::testing {

inline constexpr const char* kClinician = "nurse";
inline constexpr const char* kClinicianPassword = "correct horse battery";
inline constexpr const char* kAdmin = "boss";
inline constexpr const char* kAdminPassword = "staple of the clinic";

struct Reply {
  int status = 0;
  nlohmann::json body;  // parsed when the answer is JSON
  std::string raw;      // the body as it came (a report file)
  httplib::Headers headers;
  std::string header(const std::string& name) const;
};

// A signed-in (or signed-out) caller.
struct Caller {
  std::string cookie;  // "bfr_session=..."
  std::string csrf;
};

class TestServer {
 public:
  // Live work on `virtual_devices` virtual devices whose clocks run
  // `device_speed` times the wall clock, and one slot per address in
  // `device_addresses` (a device across the link, as `--device`).
  explicit TestServer(int virtual_devices = 2, double device_speed = 1.0,
                      std::vector<std::string> device_addresses = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  ApiServer& api() { return *api_; }
  std::atomic<std::int64_t>& now() { return *now_; }

  // Sends a request; `body` is sent as it is with `content_type`.
  Reply send(const std::string& method, const std::string& path, const Caller& caller,
             const std::optional<std::string>& body = std::nullopt,
             const std::string& content_type = "application/json", bool with_csrf = true);
  Reply send_json(const std::string& method, const std::string& path, const Caller& caller,
                  const nlohmann::json& body) {
    return send(method, path, caller, body.dump());
  }
  // Reads a server-sent event stream to its end (a fresh connection).
  Reply read_stream(const std::string& path, const Caller& caller, std::string& text);
  // Signs in; fails the test when that does not succeed.
  Caller sign_in(const std::string& name, const std::string& password);
  Reply try_sign_in(const std::string& name, const std::string& password);

  // What the store holds, for "nothing changed" checks.
  std::size_t patient_count();
  std::size_t audit_count();
  std::size_t account_count();

 private:
  std::filesystem::path directory_;
  std::shared_ptr<std::atomic<std::int64_t>> now_;
  std::unique_ptr<ApiServer> api_;
  std::thread serving_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

// A patient body the server accepts.
nlohmann::json valid_patient(const std::string& name);

}  // namespace bfr::server::testing

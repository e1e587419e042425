#include "test_server.hpp"

#include <gtest/gtest.h>

#include <random>

#include "clinic/repository.hpp"
#include "server/account_store.hpp"
#include "server/accounts.hpp"

namespace bfr::server::testing {

namespace {

std::filesystem::path fresh_directory() {
  std::random_device entropy;
  auto path = std::filesystem::temp_directory_path() /
              ("openbfr_server_test_" + std::to_string(entropy()) + std::to_string(entropy()));
  std::filesystem::create_directories(path);
  return path;
}

}  // namespace

std::string Reply::header(const std::string& name) const {
  const auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

TestServer::TestServer(int virtual_devices, double device_speed,
                       std::vector<std::string> device_addresses)
    : directory_(fresh_directory()),
      now_(std::make_shared<std::atomic<std::int64_t>>(1'750'000'000)) {
  ServerConfig config;
  config.database_url = (directory_ / "clinic.db").string();
  config.clock = [now = now_] { return now->load(); };
  config.virtual_devices = virtual_devices;
  config.device_speed = device_speed;
  config.device_addresses = std::move(device_addresses);
  api_ = std::make_unique<ApiServer>(config);
  create_account(api_->accounts(), kClinician, Role::kClinician, kClinicianPassword, now_->load());
  create_account(api_->accounts(), kAdmin, Role::kAdmin, kAdminPassword, now_->load());
  port_ = api_->bind("127.0.0.1", 0);
  serving_ = std::thread([this] { api_->run(); });
  client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  // A slow, shared machine: generous, so that no test depends on speed.
  client_->set_read_timeout(std::chrono::seconds(60));
  client_->set_connection_timeout(std::chrono::seconds(10));
}

TestServer::~TestServer() {
  api_->stop();
  serving_.join();
  api_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

Reply TestServer::send(const std::string& method, const std::string& path, const Caller& caller,
                       const std::optional<std::string>& body, const std::string& content_type,
                       bool with_csrf) {
  httplib::Request request;
  request.method = method;
  request.path = path;
  if (!caller.cookie.empty()) request.set_header("Cookie", caller.cookie);
  if (with_csrf && !caller.csrf.empty()) request.set_header(kCsrfHeader, caller.csrf);
  if (body) {
    request.body = *body;
    request.set_header("Content-Type", content_type);
  }
  const httplib::Result result = client_->send(request);
  if (!result) {
    ADD_FAILURE() << method << ' ' << path << ": no answer (" << httplib::to_string(result.error())
                  << ")";
    return {};
  }
  Reply reply{result->status, nullptr, result->body, result->headers};
  if (!result->body.empty()) {
    reply.body = nlohmann::json::parse(result->body, nullptr, false);
  }
  return reply;
}

Reply TestServer::read_stream(const std::string& path, const Caller& caller, std::string& text) {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(std::chrono::seconds(120));
  httplib::Headers headers;
  if (!caller.cookie.empty()) headers.emplace("Cookie", caller.cookie);
  const httplib::Result result = client.Get(path, headers, [&](const char* data, std::size_t size) {
    text.append(data, size);
    return true;
  });
  if (!result) {
    ADD_FAILURE() << "GET " << path << ": no answer (" << httplib::to_string(result.error()) << ")";
    return {};
  }
  Reply reply{result->status, nullptr, result->body, result->headers};
  if (result->status != 200) reply.body = nlohmann::json::parse(text, nullptr, false);
  return reply;
}

Reply TestServer::try_sign_in(const std::string& name, const std::string& password) {
  return send_json("POST", "/api/login", Caller{},
                   nlohmann::json{{"name", name}, {"password", password}});
}

Caller TestServer::sign_in(const std::string& name, const std::string& password) {
  const Reply reply = try_sign_in(name, password);
  EXPECT_EQ(reply.status, 200) << reply.body.dump();
  const std::string set_cookie = reply.header("Set-Cookie");
  return Caller{set_cookie.substr(0, set_cookie.find(';')),
                reply.body.value("csrf_token", std::string())};
}

std::size_t TestServer::patient_count() {
  return api_->repository().list_patients().size();
}
std::size_t TestServer::audit_count() {
  return api_->accounts().recent_audit(1000000).size();
}
std::size_t TestServer::account_count() {
  return static_cast<std::size_t>(api_->accounts().account_count());
}

nlohmann::json valid_patient(const std::string& name) {
  return {
      {"name", name},           {"birth_year", 1980},
      {"sex", "female"},        {"resting_sbp_mmhg", 120},
      {"resting_dbp_mmhg", 80}, {"resting_hr_bpm", 64},
      {"notes", "left knee"},   {"limbs", {{{"limb", "right_thigh"}, {"circumference_cm", 55}}}}};
}

}  // namespace bfr::server::testing

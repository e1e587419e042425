#include "server/api_server.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <chrono>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <stdexcept>
#include <vector>

#include "clinic/repository.hpp"
#include "report/report_loader.hpp"
#include "server/account_store.hpp"
#include "server/accounts.hpp"
#include "server/api_error.hpp"
#include "server/clinic_api.hpp"
#include "server/clinic_entries_api.hpp"
#include "server/history_api.hpp"
#include "server/json_input.hpp"
#include "server/live_api.hpp"
#include "server/login_throttle.hpp"
#include "server/password.hpp"
#include "server/report_api.hpp"
#include "server/tokens.hpp"

namespace bfr::server {

using nlohmann::json;

// Named rather than file-local: ApiServer::Impl holds routes, and a class
// with external linkage should not hold members of a file-local type.
namespace api_routing {

// What one request knows once past the gate.
struct Call {
  const httplib::Request& request;
  httplib::Response& response;
  std::optional<Account> account;
  std::optional<SessionRow> session;
  std::int64_t now = 0;
  int status = 200;
  // The handler wrote the response itself: a content provider (server-sent
  // events) or a file (a report), not JSON.
  bool streaming = false;
};

using Handler = std::function<json(Call&)>;

struct Route {
  RouteSpec spec;
  Handler handler;
};

}  // namespace api_routing

using api_routing::Call;
using api_routing::Handler;
using api_routing::Route;

namespace {

// "/api/patients/{id}" -> "/api/patients/(\d+)": ids are positive integers;
// anything else matches no route (404).
std::string path_pattern(std::string_view path) {
  return std::regex_replace(std::string(path), std::regex(R"(\{[a-z_]+\})"), R"((\d+))");
}

std::optional<std::string> cookie_value(const httplib::Request& request, std::string_view name) {
  const std::string header = request.get_header_value("Cookie");
  std::size_t start = 0;
  while (start < header.size()) {
    std::size_t end = header.find(';', start);
    if (end == std::string::npos) end = header.size();
    std::string_view pair = std::string_view(header).substr(start, end - start);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
    start = end + 1;
  }
  return std::nullopt;
}

// The path's n-th id (from 1), e.g. {run} and {n} of /api/live/{run}/sets/{n}/feedback.
std::int64_t path_id(const httplib::Request& request, std::size_t which = 1) {
  try {
    return std::stoll(request.matches[which].str());
  } catch (const std::out_of_range&) {
    throw ApiError(404, "no such record");
  }
}

// How often an open stream with nothing to say writes a comment, so that a
// client that went away is noticed and its thread freed.
constexpr auto kStreamKeepAlive = std::chrono::seconds(15);

std::int64_t system_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

json account_json(const Account& account) {
  return {{"id", account.id},
          {"name", account.name},
          {"role", role_name(account.role)},
          {"created_at", account.created_at}};
}

}  // namespace

struct ApiServer::Impl {
  ServerConfig config;
  std::unique_ptr<clinic::Repository> repository;
  std::unique_ptr<AccountStore> accounts;
  std::unique_ptr<httplib::Server> http;
  LoginThrottle throttle;
  // Each store holds one connection. The clinic store's lock is held for a
  // whole request (a report or a long trace can take a while); the account
  // store's only around each use of it, so that the emergency deflate,
  // which needs nothing of the clinic store, never waits behind another
  // request. Lock order: store, then accounts. Recursive: a handler that
  // holds it also writes the audit log.
  std::mutex store_mutex;
  std::recursive_mutex accounts_mutex;  // guards accounts and throttle
  std::vector<Route> routes;
  std::vector<RouteSpec> specs;
  // Declared last: destroyed first, venting any run still going while the
  // stores are open.
  std::unique_ptr<LiveWork> live;

  std::int64_t now() const { return config.clock ? config.clock() : system_seconds(); }
  bool secure() const { return !config.tls_cert_file.empty(); }

  void audit_as(const Call& call, std::string actor, std::string action, std::string target,
                std::string detail = {}) {
    const std::lock_guard lock(accounts_mutex);
    accounts->add_audit(AuditEntry{0, call.now, std::move(actor), call.request.remote_addr,
                                   std::move(action), std::move(target), std::move(detail)});
  }
  void audit(const Call& call, std::string action, std::string target, std::string detail = {}) {
    audit_as(call, call.account ? call.account->name : std::string(), std::move(action),
             std::move(target), std::move(detail));
  }

  std::string session_cookie(const std::string& value, std::int64_t max_age) const {
    return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie,
                       value, max_age, secure() ? "; Secure" : "");
  }

  // The signed-in session of the request, if it is live; refreshes its idle
  // clock.
  void authenticate(Call& call) {
    const auto token = cookie_value(call.request, kSessionCookie);
    if (!token || token->empty()) return;
    // A session lives for less than the timeouts: at exactly the limit it is over.
    accounts->remove_expired_sessions(call.now - config.idle_timeout_s + 1,
                                      call.now - config.absolute_timeout_s + 1);
    const std::string digest = token_digest(*token);
    auto session = accounts->find_session(digest);
    if (!session) return;
    auto account = accounts->get_account(session->account_id);
    if (!account) return;
    accounts->touch_session(digest, call.now);
    call.session = std::move(session);
    call.account = std::move(account);
  }

  void gate(Call& call, const RouteSpec& spec) {
    if (spec.access == Access::kPublic) return;
    authenticate(call);
    if (!call.account) throw ApiError(401, "sign in first");
    if (changes_state(spec.method) &&
        !same_secret(call.request.get_header_value(kCsrfHeader), call.session->csrf_token)) {
      throw ApiError(403, fmt::format("the {} header is missing or wrong", kCsrfHeader));
    }
    const bool allowed =
        spec.access == Access::kSignedIn ||
        (spec.access == Access::kAdmin && call.account->role == Role::kAdmin) ||
        (spec.access == Access::kClinician && call.account->role == Role::kClinician);
    if (!allowed) {
      throw ApiError(403, fmt::format("this needs the {} role", access_name(spec.access)));
    }
  }

  json body_of(const Call& call) {
    const std::string type = call.request.get_header_value("Content-Type");
    // A cross-site form cannot send application/json without a preflight:
    // one more wall in front of sign-in, which has no CSRF token yet.
    if (!type.starts_with("application/json")) {
      throw ApiError(415, "send the body as application/json");
    }
    return parse_body(call.request.body);
  }

  void serve(const Route& route, const httplib::Request& request, httplib::Response& response) {
    response.set_header("Cache-Control", "no-store");
    json answer;
    int status = 200;
    bool streaming = false;
    try {
      Call call{request, response, std::nullopt, std::nullopt, now()};
      {
        const std::lock_guard lock(accounts_mutex);
        gate(call, route.spec);
      }
      if (is_emergency_deflate(route.spec)) {
        answer = route.handler(call);
      } else {
        const std::lock_guard lock(store_mutex);
        answer = route.handler(call);
      }
      status = call.status;
      streaming = call.streaming;
    } catch (const ApiError& e) {
      status = e.status();
      answer = {{"error", e.what()}};
      if (e.retry_after_s() > 0) {
        response.set_header("Retry-After", std::to_string(e.retry_after_s()));
      }
    } catch (const AccountError& e) {
      status = 400;
      answer = {{"error", e.what()}};
    } catch (const std::exception& e) {
      std::cerr << "error: " << request.method << ' ' << request.path << ": " << e.what() << '\n';
      status = 500;
      answer = {{"error", "internal error; the server log has the details"}};
    }
    response.status = status;
    if (status == 204 || streaming) return;
    response.set_content(answer.dump(), "application/json");
  }

  // --- handlers -----------------------------------------------------------

  static bool is_emergency_deflate(const RouteSpec& spec) {
    return spec.method == "POST" && spec.path == "/api/live/{run}/deflate";
  }

  json login(Call& call) {
    const std::lock_guard lock(accounts_mutex);
    const json body = body_of(call);
    require_fields(body, {"name", "password"}, "a sign-in");
    const std::string name = required_string(body, "name");
    const std::string password = required_string(body, "password");
    const std::string& address = call.request.remote_addr;
    if (const std::int64_t wait = throttle.wait_seconds(name, address, call.now); wait > 0) {
      audit_as(call, name, "login_throttled", "user " + name);
      throw ApiError(429, fmt::format("too many failed sign-ins: try again in {} s", wait), wait);
    }
    const auto account = accounts->find_account(name);
    const bool valid = account ? verify_password(account->password_hash, password)
                               : (spend_verification_time(password), false);
    if (!valid) {
      throttle.record_failure(name, address, call.now);
      audit_as(call, name, "login_failed", "user " + name);
      throw ApiError(401, "wrong account name or password");
    }
    throttle.record_success(name);
    if (needs_rehash(account->password_hash)) {
      accounts->set_password_hash(account->id, hash_password(password));
    }
    const std::string token = random_hex(32);
    SessionRow session{token_digest(token), account->id, random_hex(32), call.now, call.now};
    accounts->add_session(session);
    call.response.set_header("Set-Cookie", session_cookie(token, config.absolute_timeout_s));
    call.account = account;
    audit(call, "login", "user " + name);
    return {{"name", account->name},
            {"role", role_name(account->role)},
            {"csrf_token", session.csrf_token}};
  }

  json logout(Call& call) {
    const std::lock_guard lock(accounts_mutex);
    accounts->remove_session(call.session->id_digest);
    call.response.set_header("Set-Cookie", session_cookie("", 0));
    audit(call, "logout", "user " + call.account->name);
    return json::object();
  }

  json me(Call& call) {
    return {{"name", call.account->name},
            {"role", role_name(call.account->role)},
            {"csrf_token", call.session->csrf_token},
            {"idle_timeout_s", config.idle_timeout_s}};
  }

  json add_patient(Call& call) {
    const json answer = clinic_api::add_patient(*repository, body_of(call));
    call.status = 201;
    audit(call, "patient_add", fmt::format("patient {}", answer["id"].get<std::int64_t>()),
          answer["name"].get<std::string>());
    return answer;
  }

  json edit_patient(Call& call) {
    const std::int64_t id = path_id(call.request);
    const json body = body_of(call);
    const json before = clinic_api::get_patient(*repository, id);
    json answer = clinic_api::edit_patient(*repository, id, body);
    // The fields whose values changed, not every field the form sent.
    std::vector<std::string> fields;
    for (const auto& [key, value] : before.items()) {
      if (answer[key] != value) fields.push_back(key);
    }
    audit(call, "patient_edit", fmt::format("patient {}", id),
          fields.empty() ? "no change" : fmt::format("changed: {}", fmt::join(fields, ", ")));
    return answer;
  }

  json add_screening(Call& call) {
    const std::int64_t id = path_id(call.request);
    json answer = clinic_api::add_screening(
        *repository, id, body_of(call), std::chrono::sys_seconds{std::chrono::seconds{call.now}});
    call.status = 201;
    std::vector<std::string> outcomes;
    for (const json& limb : answer["limbs"]) {
      outcomes.push_back(limb["limb"].get<std::string>() + ": " +
                         limb["outcome"].get<std::string>());
    }
    audit(call, "screening_add", fmt::format("patient {}", id),
          fmt::format("{}", fmt::join(outcomes, ", ")));
    return answer;
  }

  json add_override(Call& call) {
    const std::int64_t id = path_id(call.request);
    json answer = clinic_entries_api::add_override(*repository, id, body_of(call),
                                                   call.account->name, sys_now(call));
    call.status = 201;
    audit(call, "screening_override", fmt::format("patient {}", id),
          fmt::format("{} on screening {}: {}", answer["limb"].get<std::string>(),
                      answer["screening_id"].get<std::int64_t>(),
                      answer["reason"].get<std::string>()));
    return answer;
  }

  json assign_programme(Call& call) {
    const std::int64_t id = path_id(call.request);
    json answer =
        clinic_entries_api::assign_programme(*repository, id, body_of(call), sys_now(call));
    call.status = 201;
    audit(call, "programme_assign", fmt::format("patient {}", id),
          fmt::format("{}, phase {}, from {}", answer["programme_name"].get<std::string>(),
                      answer["phase"].get<int>(), answer["started_at"].get<std::string>()));
    return answer;
  }

  json change_phase(Call& call) {
    const std::int64_t id = path_id(call.request);
    json answer = clinic_entries_api::change_phase(*repository, id, body_of(call), sys_now(call));
    audit(call, "programme_phase", fmt::format("patient {}", id),
          fmt::format("{}, phase {}, from {}", answer["programme_name"].get<std::string>(),
                      answer["phase"].get<int>(), answer["phase_started_at"].get<std::string>()));
    return answer;
  }

  json add_one_rep_max(Call& call) {
    const std::int64_t id = path_id(call.request);
    json answer =
        clinic_entries_api::add_one_rep_max(*repository, id, body_of(call), sys_now(call));
    call.status = 201;
    audit(call, "one_rep_max_add", fmt::format("patient {}", id),
          fmt::format("{}: {:.1f} kg ({})", answer["exercise"].get<std::string>(),
                      answer["one_rep_max_kg"].get<double>(), answer["method"].get<std::string>()));
    return answer;
  }

  json estimate_lop(Call& call) {
    const std::int64_t id = path_id(call.request);
    json answer = clinic_entries_api::estimate_lop(*repository, id, body_of(call), sys_now(call));
    call.status = 201;
    audit(call, "lop_estimate", fmt::format("patient {}", id),
          fmt::format("{}: {:.0f} mmHg estimated", answer["limb"].get<std::string>(),
                      answer["lop_mmhg"].get<double>()));
    return answer;
  }

  json add_user(Call& call) {
    const std::lock_guard lock(accounts_mutex);
    const json body = body_of(call);
    require_fields(body, {"name", "role", "password"}, "an account");
    const auto role = parse_role(required_string(body, "role"));
    if (!role) throw ApiError(400, "'role' must be \"admin\" or \"clinician\"");
    const std::string name = required_string(body, "name");
    if (accounts->find_account(name)) {
      throw ApiError(409, fmt::format("an account named '{}' exists already", name));
    }
    const Account account =
        create_account(*accounts, name, *role, required_string(body, "password"), call.now);
    call.status = 201;
    audit(call, "user_add", "user " + account.name, std::string(role_name(account.role)));
    return account_json(account);
  }

  json audit_log(Call& call) {
    const std::lock_guard lock(accounts_mutex);
    int limit = 200;
    if (call.request.has_param("limit")) {
      try {
        limit = std::stoi(call.request.get_param_value("limit"));
      } catch (const std::exception&) {
        limit = 0;
      }
      if (limit < 1 || limit > 1000) throw ApiError(400, "'limit' must be 1 to 1000");
    }
    json list = json::array();
    for (const AuditEntry& e : accounts->recent_audit(limit)) {
      list.push_back({{"id", e.id},
                      {"at", e.at},
                      {"actor", e.actor},
                      {"address", e.address},
                      {"action", e.action},
                      {"target", e.target},
                      {"detail", e.detail}});
    }
    return list;
  }

  // --- live work ------------------------------------------------------------

  std::chrono::sys_seconds sys_now(const Call& call) const {
    return std::chrono::sys_seconds{std::chrono::seconds{call.now}};
  }

  json start_lop(Call& call) {
    const std::int64_t id = path_id(call.request);
    json answer =
        live->start_lop(*repository, id, body_of(call), call.account->name, sys_now(call));
    call.status = 202;
    audit(call, "lop_measure", fmt::format("patient {}", id),
          fmt::format("run {} on {}: {}", answer["id"].get<std::int64_t>(),
                      answer["device"].get<std::string>(), answer["limb"].get<std::string>()));
    return answer;
  }

  json start_session(Call& call) {
    const std::int64_t id = path_id(call.request);
    json answer =
        live->start_session(*repository, id, body_of(call), call.account->name, sys_now(call));
    call.status = 202;
    audit(call, "session_start", fmt::format("patient {}", id),
          fmt::format("run {} on {}: {}", answer["id"].get<std::int64_t>(),
                      answer["device"].get<std::string>(),
                      answer["exercise"]["name"].get<std::string>()));
    return answer;
  }

  json deflate(Call& call) {
    // The command goes out before anything else is done with the request,
    // and no body is read: nothing a page sends can hold an emergency up.
    const std::int64_t run = path_id(call.request);
    json answer = live->deflate(run, call.account->name);
    audit(call, "emergency_deflate", fmt::format("run {}", run),
          answer["sent"].get<bool>() ? "sent" : "the run was over");
    return answer;
  }

  json end_set(Call& call) {
    const std::int64_t run = path_id(call.request);
    const json body = body_of(call);
    json answer = live->end_set(run, body, call.account->name);
    audit(call, "end_set", fmt::format("run {}", run),
          body.contains("reps") ? fmt::format("{} reps", body["reps"].dump()) : "device count");
    return answer;
  }

  json acknowledge(Call& call) {
    const std::int64_t run = path_id(call.request);
    require_fields(body_of(call), std::initializer_list<std::string_view>{}, "an acknowledgement");
    json answer = live->acknowledge_alarms(run, call.account->name);
    std::vector<std::string> names;
    for (const json& a : answer["acknowledged"]) names.push_back(a["alarm"].get<std::string>());
    audit(call, "alarms_ack", fmt::format("run {}", run),
          names.empty() ? "none up" : fmt::format("{}", fmt::join(names, ", ")));
    return answer;
  }

  json feedback(Call& call) {
    const std::int64_t run = path_id(call.request);
    const std::int64_t set = path_id(call.request, 2);
    if (set > 1000) throw ApiError(404, fmt::format("run {} has no set {}", run, set));
    json answer =
        live->feedback(*repository, run, static_cast<int>(set), body_of(call), call.status);
    audit(call, "set_feedback", fmt::format("run {} set {}", run, set),
          answer["stored"].get<bool>() ? "stored" : "kept until the set is stored");
    return answer;
  }

  json stream(Call& call) {
    std::shared_ptr<const LiveFeed> feed = live->feed(path_id(call.request));
    // A reconnecting EventSource says where it was; a page may also ask
    // to start later (?after=N).
    std::uint64_t after = 0;
    std::string from = call.request.get_header_value("Last-Event-ID");
    if (from.empty() && call.request.has_param("after"))
      from = call.request.get_param_value("after");
    if (!from.empty()) {
      try {
        after = std::stoull(from);
      } catch (const std::exception&) {
        throw ApiError(400, "Last-Event-ID and 'after' must be a message number");
      }
    }
    call.streaming = true;
    call.response.set_header("X-Accel-Buffering", "no");
    auto last_write =
        std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
    call.response.set_chunked_content_provider(
        "text/event-stream",
        [feed, after, last_write](std::size_t, httplib::DataSink& sink) mutable {
          bool done = false;
          const std::vector<FeedMessage> messages =
              feed->read_after(after, std::chrono::milliseconds(1000), done);
          std::string text;
          for (const FeedMessage& m : messages) {
            text += sse_text(m);
            after = m.id;
          }
          const auto now = std::chrono::steady_clock::now();
          if (text.empty() && now - *last_write >= kStreamKeepAlive) text = ": keep-alive\n\n";
          if (!text.empty()) {
            if (!sink.write(text.data(), text.size())) return false;
            *last_write = now;
          }
          if (done) sink.done();
          return true;
        });
    return json::object();
  }

  // --- reports (docs/REPORTS.md), as files ---------------------------------

  static ::bfr::report::ReportFormat report_format_of(const Call& call) {
    const std::string name =
        call.request.has_param("format") ? call.request.get_param_value("format") : "pdf";
    const auto format = report_format_named(name);
    if (!format) throw ApiError(400, "format must be pdf or html");
    return *format;
  }

  static json send_report(Call& call, const ReportFile& file) {
    call.response.set_content(file.bytes, file.content_type);
    call.response.set_header("Content-Disposition",
                             fmt::format("inline; filename=\"{}\"", file.filename));
    call.streaming = true;
    return json::object();
  }

  // A record the report cannot be made from (a screening or programme it
  // names that is not stored) is the data's fault, not the server's.
  template <typename Make>
  static json report_or_422(Call& call, Make&& make) {
    try {
      return send_report(call, make());
    } catch (const ::bfr::report::ReportError& e) {
      throw ApiError(422, fmt::format("no report can be made: {}", e.what()));
    }
  }

  json session_report(Call& c) {
    const ::bfr::report::ReportFormat format = report_format_of(c);
    const std::int64_t id = path_id(c.request);
    if (!repository->get_session(id)) throw ApiError(404, "no such session");
    return report_or_422(c, [&] { return session_report_file(*repository, id, format); });
  }

  json progress_report(Call& c) {
    const ::bfr::report::ReportFormat format = report_format_of(c);
    const std::int64_t id = path_id(c.request);
    int weeks = kDefaultReportWeeks;
    if (c.request.has_param("weeks")) {
      const std::string text = c.request.get_param_value("weeks");
      const auto parsed = parse_weeks(text);
      if (!parsed) {
        throw ApiError(400,
                       fmt::format("weeks must be a whole number from 1 to {}", kMaxReportWeeks));
      }
      weeks = *parsed;
    }
    if (!repository->get_patient(id)) throw ApiError(404, "no such patient");
    return report_or_422(c, [&] { return progress_report_file(*repository, id, weeks, format); });
  }

  static std::optional<int> parse_weeks(const std::string& text) {
    if (text.empty() || text.size() > 3) return std::nullopt;
    int value = 0;
    for (const char ch : text) {
      if (ch < '0' || ch > '9') return std::nullopt;
      value = value * 10 + (ch - '0');
    }
    if (value < 1 || value > kMaxReportWeeks) return std::nullopt;
    return value;
  }

  Handler handler_for(const RouteSpec& spec) {
    const std::string key = fmt::format("{} {}", spec.method, spec.path);
    const auto clock_of = [](const Call& call) {
      return std::chrono::sys_seconds{std::chrono::seconds{call.now}};
    };
    if (key == "POST /api/login") return [this](Call& c) { return login(c); };
    if (key == "GET /api/openapi.json")
      return [](Call&) { return json::parse(openapi_document()); };
    if (key == "POST /api/logout") return [this](Call& c) { return logout(c); };
    if (key == "GET /api/me") return [this](Call& c) { return me(c); };
    if (key == "GET /api/screening/questions") {
      return [](Call&) { return clinic_api::screening_questions(); };
    }
    if (key == "GET /api/patients") {
      return [this](Call&) { return clinic_api::list_patients(*repository); };
    }
    if (key == "POST /api/patients") return [this](Call& c) { return add_patient(c); };
    if (key == "GET /api/patients/{id}") {
      return [this](Call& c) { return clinic_api::get_patient(*repository, path_id(c.request)); };
    }
    if (key == "PATCH /api/patients/{id}") return [this](Call& c) { return edit_patient(c); };
    if (key == "GET /api/patients/{id}/screenings") {
      return [this, clock_of](Call& c) {
        return clinic_api::latest_screening(*repository, path_id(c.request), clock_of(c));
      };
    }
    if (key == "POST /api/patients/{id}/screenings") {
      return [this](Call& c) { return add_screening(c); };
    }
    if (key == "POST /api/patients/{id}/screenings/overrides") {
      return [this](Call& c) { return add_override(c); };
    }
    if (key == "POST /api/patients/{id}/lop/estimate") {
      return [this](Call& c) { return estimate_lop(c); };
    }
    if (key == "GET /api/programs/templates") {
      return [](Call&) { return clinic_entries_api::programme_templates(); };
    }
    if (key == "GET /api/patients/{id}/programs") {
      return [this](Call& c) {
        return clinic_entries_api::current_programme(*repository, path_id(c.request));
      };
    }
    if (key == "POST /api/patients/{id}/programs") {
      return [this](Call& c) { return assign_programme(c); };
    }
    if (key == "POST /api/patients/{id}/programs/phase") {
      return [this](Call& c) { return change_phase(c); };
    }
    if (key == "GET /api/patients/{id}/one-rep-max") {
      return [this](Call& c) {
        return clinic_entries_api::one_rep_maxes(*repository, path_id(c.request));
      };
    }
    if (key == "POST /api/patients/{id}/one-rep-max") {
      return [this](Call& c) { return add_one_rep_max(c); };
    }
    if (key == "GET /api/patients/{id}/lop") {
      return
          [this](Call& c) { return clinic_api::lop_measurements(*repository, path_id(c.request)); };
    }
    if (key == "GET /api/devices") return [this](Call&) { return live->devices(); };
    if (key == "POST /api/patients/{id}/lop/measure") {
      return [this](Call& c) { return start_lop(c); };
    }
    if (key == "GET /api/patients/{id}/sessions") {
      return [this](Call& c) {
        return history_api::patient_sessions(*repository, path_id(c.request));
      };
    }
    if (key == "POST /api/patients/{id}/sessions") {
      return [this](Call& c) { return start_session(c); };
    }
    if (key == "GET /api/sessions/{id}") {
      return
          [this](Call& c) { return history_api::session_detail(*repository, path_id(c.request)); };
    }
    if (key == "GET /api/sessions/{id}/report") {
      return [this](Call& c) { return session_report(c); };
    }
    if (key == "GET /api/patients/{id}/report") {
      return [this](Call& c) { return progress_report(c); };
    }
    if (key == "GET /api/live/{run}") {
      return [this](Call& c) { return live->run(path_id(c.request)); };
    }
    if (key == "POST /api/live/{run}/end-set") return [this](Call& c) { return end_set(c); };
    if (key == "POST /api/live/{run}/deflate") return [this](Call& c) { return deflate(c); };
    if (key == "POST /api/live/{run}/alarms/ack") {
      return [this](Call& c) { return acknowledge(c); };
    }
    if (key == "POST /api/live/{run}/sets/{n}/feedback") {
      return [this](Call& c) { return feedback(c); };
    }
    if (key == "GET /api/live/{run}/stream") return [this](Call& c) { return stream(c); };
    if (key == "GET /api/users") {
      return [this](Call&) {
        const std::lock_guard lock(accounts_mutex);
        json list = json::array();
        for (const Account& a : accounts->list_accounts()) list.push_back(account_json(a));
        return list;
      };
    }
    if (key == "POST /api/users") return [this](Call& c) { return add_user(c); };
    if (key == "GET /api/audit") return [this](Call& c) { return audit_log(c); };
    throw std::logic_error("no handler for route " + key);
  }

  void register_routes() {
    for (const RouteSpec& spec : route_table()) {
      routes.push_back(Route{spec, handler_for(spec)});
      specs.push_back(spec);
    }
    for (const Route& route : routes) {
      const std::string pattern = path_pattern(route.spec.path);
      auto handler = [this, &route](const httplib::Request& request, httplib::Response& response) {
        serve(route, request, response);
      };
      if (route.spec.method == "GET") {
        http->Get(pattern, handler);
      } else if (route.spec.method == "POST") {
        http->Post(pattern, handler);
      } else if (route.spec.method == "PATCH") {
        http->Patch(pattern, handler);
      } else {
        throw std::logic_error("unsupported method in the route table");
      }
    }
  }

  void set_up_http() {
    if (secure()) {
      if (config.tls_key_file.empty())
        throw std::runtime_error("TLS needs both a certificate and a key");
      auto tls = std::make_unique<httplib::SSLServer>(config.tls_cert_file.c_str(),
                                                      config.tls_key_file.c_str());
      if (!tls->is_valid()) {
        throw std::runtime_error(fmt::format("cannot use the TLS certificate {} with key {}",
                                             config.tls_cert_file, config.tls_key_file));
      }
      http = std::move(tls);
    } else if (!config.tls_key_file.empty()) {
      throw std::runtime_error("TLS needs both a certificate and a key");
    } else {
      http = std::make_unique<httplib::Server>();
    }
    const int threads = std::max(config.http_threads, 4);
    http->new_task_queue = [threads] {
      return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };
    // Request bodies are small forms; 1 MiB is far above any of them.
    http->set_payload_max_length(1 << 20);
    if (!config.static_dir.empty() && !http->set_mount_point("/", config.static_dir)) {
      throw std::runtime_error(
          fmt::format("the web app folder {} does not exist", config.static_dir));
    }
    http->set_post_routing_handler([](const httplib::Request&, httplib::Response& response) {
      response.set_header("X-Content-Type-Options", "nosniff");
      response.set_header("X-Frame-Options", "DENY");
      response.set_header("Referrer-Policy", "no-referrer");
      response.set_header("Content-Security-Policy",
                          "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
    });
    // Called for every 4xx and 5xx, also those a handler answered: only a
    // request that matched no route has no body yet.
    http->set_error_handler([](const httplib::Request& request, httplib::Response& response) {
      if (request.path.starts_with("/api/") && response.body.empty()) {
        response.set_content(json{{"error", "no such route"}}.dump(), "application/json");
      }
    });
    register_routes();
  }
};

ApiServer::ApiServer(ServerConfig config) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->repository = clinic::open_repository(impl_->config.database_url);
  impl_->accounts = open_account_store(impl_->config.database_url, impl_->repository->location());
  const ServerConfig& c = impl_->config;
  if (c.virtual_devices < 0 || !(c.device_speed > 0)) {
    throw std::invalid_argument("the virtual device count must be 0 or more and the speed above 0");
  }
  impl_->live = std::make_unique<LiveWork>(
      device_slots(c.virtual_devices, c.device_speed, c.device_addresses), c.database_url);
  impl_->set_up_http();
}

ApiServer::~ApiServer() = default;

std::span<const RouteSpec> ApiServer::routes() const {
  return impl_->specs;
}
AccountStore& ApiServer::accounts() {
  return *impl_->accounts;
}
clinic::Repository& ApiServer::repository() {
  return *impl_->repository;
}
LiveWork& ApiServer::live() {
  return *impl_->live;
}
bool ApiServer::tls() const {
  return impl_->secure();
}

int ApiServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? impl_->http->bind_to_any_port(host)
                              : (impl_->http->bind_to_port(host, port) ? port : -1);
  if (bound < 0) throw std::runtime_error(fmt::format("cannot listen on {}:{}", host, port));
  return bound;
}

void ApiServer::run() {
  impl_->http->listen_after_bind();
}

void ApiServer::stop() {
  impl_->http->stop();
}

}  // namespace bfr::server

// Sign-in, sessions and their expiry, rate limiting, accounts and the audit
// log, against a real server with a clock the test moves.

#include <gtest/gtest.h>

#include <algorithm>

#include "server/account_store.hpp"
#include "test_server.hpp"

namespace bfr::server::testing {
namespace {

using nlohmann::json;

bool has_entry(TestServer& server, const std::string& actor, const std::string& action,
               const std::string& target) {
  const auto entries = server.api().accounts().recent_audit(1000);
  return std::any_of(entries.begin(), entries.end(), [&](const AuditEntry& e) {
    return e.actor == actor && e.action == action && e.target == target && e.address == "127.0.0.1";
  });
}

TEST(ApiSecurityTest, SignInSetsAStrictHttpOnlyCookieAndSignOutEndsTheSession) {
  TestServer server;
  const Reply reply = server.try_sign_in(kClinician, kClinicianPassword);
  ASSERT_EQ(reply.status, 200);
  const std::string cookie = reply.header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "no TLS here: " << cookie;
  EXPECT_EQ(reply.body["role"], "clinician");
  EXPECT_EQ(reply.body["csrf_token"].get<std::string>().size(), 64U);
  // The store keeps a digest of the session id, never the id itself.
  const std::string id = cookie.substr(cookie.find('=') + 1, 64);
  EXPECT_FALSE(server.api().accounts().find_session(id).has_value());

  const Caller caller{cookie.substr(0, cookie.find(';')), reply.body["csrf_token"]};
  const Reply me = server.send("GET", "/api/me", caller);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.body["name"], kClinician);
  EXPECT_EQ(me.body["csrf_token"], reply.body["csrf_token"]);

  EXPECT_EQ(server.send("POST", "/api/logout", caller).status, 200);
  EXPECT_EQ(server.send("GET", "/api/me", caller).status, 401);
  EXPECT_TRUE(has_entry(server, kClinician, "login", std::string("user ") + kClinician));
  EXPECT_TRUE(has_entry(server, kClinician, "logout", std::string("user ") + kClinician));
}

TEST(ApiSecurityTest, AWrongPasswordOrUnknownAccountIs401AndAudited) {
  TestServer server;
  EXPECT_EQ(server.try_sign_in(kClinician, "not the password").status, 401);
  EXPECT_EQ(server.try_sign_in("nobody", "not the password").status, 401);
  EXPECT_TRUE(has_entry(server, kClinician, "login_failed", std::string("user ") + kClinician));
  EXPECT_TRUE(has_entry(server, "nobody", "login_failed", "user nobody"));
  // The password itself is never written anywhere in the log.
  for (const AuditEntry& e : server.api().accounts().recent_audit(100)) {
    EXPECT_EQ(e.detail.find("not the password"), std::string::npos);
  }
}

TEST(ApiSecurityTest, FailedSignInsBackOffExponentiallyPerAccount) {
  TestServer server;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(server.try_sign_in(kClinician, "guess " + std::to_string(i)).status, 401);
  }
  // Now even the right password waits: the attempt is not looked at.
  const Reply held = server.try_sign_in(kClinician, kClinicianPassword);
  EXPECT_EQ(held.status, 429);
  EXPECT_EQ(held.header("Retry-After"), "1");
  EXPECT_TRUE(has_entry(server, kClinician, "login_throttled", std::string("user ") + kClinician));
  // Another account from the same address is not held (the address limit is higher).
  EXPECT_EQ(server.try_sign_in(kAdmin, kAdminPassword).status, 200);

  server.now() += 1;
  EXPECT_EQ(server.try_sign_in(kClinician, "guess 6").status, 401);
  const Reply longer = server.try_sign_in(kClinician, kClinicianPassword);
  EXPECT_EQ(longer.status, 429);
  EXPECT_EQ(longer.header("Retry-After"), "2");
  server.now() += 2;
  EXPECT_EQ(server.try_sign_in(kClinician, kClinicianPassword).status, 200);
  // Success clears the account's count.
  EXPECT_EQ(server.try_sign_in(kClinician, "guess 7").status, 401);
  EXPECT_EQ(server.try_sign_in(kClinician, kClinicianPassword).status, 200);
}

TEST(ApiSecurityTest, SessionsExpireWhenIdleAndAfterTheAbsoluteLimit) {
  TestServer server;
  const Caller idle = server.sign_in(kClinician, kClinicianPassword);
  server.now() += 29 * 60;
  EXPECT_EQ(server.send("GET", "/api/me", idle).status, 200);  // resets the idle clock
  server.now() += 29 * 60;
  EXPECT_EQ(server.send("GET", "/api/me", idle).status, 200);
  server.now() += 31 * 60;
  EXPECT_EQ(server.send("GET", "/api/me", idle).status, 401);

  const Caller busy = server.sign_in(kClinician, kClinicianPassword);
  for (int minutes = 20; minutes < 12 * 60; minutes += 20) {
    server.now() += 20 * 60;
    ASSERT_EQ(server.send("GET", "/api/me", busy).status, 200) << minutes;
  }
  server.now() += 20 * 60;
  EXPECT_EQ(server.send("GET", "/api/me", busy).status, 401);
}

TEST(ApiSecurityTest, AdminsAddAccountsThatCanSignIn) {
  TestServer server;
  const Caller admin = server.sign_in(kAdmin, kAdminPassword);
  const Reply added = server.send_json(
      "POST", "/api/users", admin,
      {{"name", "physio.2"}, {"role", "clinician"}, {"password", "a long new password"}});
  ASSERT_EQ(added.status, 201) << added.body.dump();
  EXPECT_EQ(added.body["role"], "clinician");
  EXPECT_FALSE(added.body.contains("password_hash"));
  EXPECT_EQ(server.try_sign_in("physio.2", "a long new password").status, 200);

  const std::size_t accounts = server.account_count();
  EXPECT_EQ(server
                .send_json(
                    "POST", "/api/users", admin,
                    {{"name", "physio.2"}, {"role", "clinician"}, {"password", "another long one"}})
                .status,
            409);
  EXPECT_EQ(server
                .send_json("POST", "/api/users", admin,
                           {{"name", "short"}, {"role", "clinician"}, {"password", "short"}})
                .status,
            400);
  EXPECT_EQ(
      server
          .send_json("POST", "/api/users", admin,
                     {{"name", "bad name!"}, {"role", "clinician"}, {"password", "long enough pw"}})
          .status,
      400);
  EXPECT_EQ(server
                .send_json("POST", "/api/users", admin,
                           {{"name", "x"}, {"role", "owner"}, {"password", "long enough pw"}})
                .status,
            400);
  EXPECT_EQ(server.account_count(), accounts);

  const Reply users = server.send("GET", "/api/users", admin);
  ASSERT_EQ(users.status, 200);
  EXPECT_EQ(users.body.size(), 3U);
  EXPECT_TRUE(has_entry(server, kAdmin, "user_add", "user physio.2"));
}

TEST(ApiSecurityTest, TheAuditLogRecordsWhoChangedWhat) {
  TestServer server;
  const Caller clinician = server.sign_in(kClinician, kClinicianPassword);
  const Reply added =
      server.send_json("POST", "/api/patients", clinician, valid_patient("Audited"));
  ASSERT_EQ(added.status, 201);
  const std::string target = "patient " + std::to_string(added.body["id"].get<int>());
  ASSERT_EQ(server
                .send_json("PATCH", "/api/patients/" + std::to_string(added.body["id"].get<int>()),
                           clinician, {{"notes", "changed"}, {"name", "Audited"}})
                .status,
            200);
  const Caller admin = server.sign_in(kAdmin, kAdminPassword);
  const Reply log = server.send("GET", "/api/audit?limit=50", admin);
  ASSERT_EQ(log.status, 200);
  std::vector<std::string> actions;
  for (const json& e : log.body) {
    if (e["target"] == target) {
      EXPECT_EQ(e["actor"], kClinician);
      actions.push_back(e["action"]);
      // Only what changed: the name was sent again unchanged.
      if (e["action"] == "patient_edit") {
        EXPECT_EQ(e["detail"], "changed: notes");
      }
    }
  }
  // Newest first.
  EXPECT_EQ(actions, (std::vector<std::string>{"patient_edit", "patient_add"}));
  EXPECT_EQ(server.send("GET", "/api/audit?limit=0", admin).status, 400);
  EXPECT_EQ(server.send("GET", "/api/audit?limit=x", admin).status, 400);
  EXPECT_EQ(server.send("GET", "/api/audit?limit=1", admin).body.size(), 1U);
}

TEST(ApiSecurityTest, ResponsesCarrySecurityHeaders) {
  TestServer server;
  const Reply reply = server.send("GET", "/api/openapi.json", Caller{});
  EXPECT_EQ(reply.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(reply.header("X-Frame-Options"), "DENY");
  EXPECT_NE(reply.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(reply.header("Cache-Control"), "no-store");
}

}  // namespace
}  // namespace bfr::server::testing

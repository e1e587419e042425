// Every route of the table, called signed out, with the wrong role and
// without the CSRF token: refused with the right status, and nothing changes.

#include <gtest/gtest.h>

#include <string>

#include "server/route_table.hpp"
#include "test_server.hpp"

namespace bfr::server::testing {
namespace {

class ApiAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clinician_ = server_.sign_in(kClinician, kClinicianPassword);
    admin_ = server_.sign_in(kAdmin, kAdminPassword);
    const Reply added = server_.send_json("POST", "/api/patients", clinician_, valid_patient("A"));
    ASSERT_EQ(added.status, 201) << added.body.dump();
    patient_path_id_ = std::to_string(added.body["id"].get<long long>());
  }

  // "/api/patients/{id}" with the id of a stored patient; live runs and
  // sets as run 1, set 1 (none is running: the gate must refuse first).
  std::string concrete(std::string_view path) const {
    std::string text(path);
    if (const auto at = text.find("{id}"); at != std::string::npos) {
      text.replace(at, 4, patient_path_id_);
    }
    for (const std::string_view name : {"{run}", "{n}"}) {
      if (const auto at = text.find(name); at != std::string::npos)
        text.replace(at, name.size(), "1");
    }
    return text;
  }

  // A body the route would accept, so that only the gate can refuse it.
  static std::optional<std::string> body_for(const RouteSpec& route) {
    if (!changes_state(route.method)) return std::nullopt;
    if (route.path == "/api/patients") return valid_patient("B").dump();
    if (route.path == "/api/users") {
      return R"({"name": "extra", "role": "clinician", "password": "long enough password"})";
    }
    return "{}";
  }

  struct Counts {
    std::size_t patients, accounts;
    bool operator==(const Counts&) const = default;
  };
  Counts counts() { return {server_.patient_count(), server_.account_count()}; }

  TestServer server_;
  Caller clinician_;
  Caller admin_;
  std::string patient_path_id_;
};

TEST_F(ApiAccessTest, TheServerAnswersExactlyTheRouteTable) {
  const auto served = server_.api().routes();
  const auto table = route_table();
  ASSERT_EQ(served.size(), table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(served[i].method, table[i].method);
    EXPECT_EQ(served[i].path, table[i].path);
  }
}

TEST_F(ApiAccessTest, EveryProtectedRouteAnswers401WhenSignedOut) {
  const Counts before = counts();
  int checked = 0;
  for (const RouteSpec& route : route_table()) {
    if (route.access == Access::kPublic) continue;
    const Reply reply =
        server_.send(std::string(route.method), concrete(route.path), Caller{}, body_for(route));
    EXPECT_EQ(reply.status, 401) << route.method << ' ' << route.path;
    EXPECT_TRUE(reply.body.contains("error")) << route.path;
    ++checked;
  }
  EXPECT_GE(checked, 12);
  EXPECT_EQ(counts(), before);
}

TEST_F(ApiAccessTest, AForgedOrStaleCookieIsNotASession) {
  const Reply forged = server_.send("GET", "/api/me", Caller{"bfr_session=00ff", ""});
  EXPECT_EQ(forged.status, 401);
}

TEST_F(ApiAccessTest, EveryRoleRestrictedRouteAnswers403ToTheOtherRole) {
  const Counts before = counts();
  int checked = 0;
  for (const RouteSpec& route : route_table()) {
    if (route.access != Access::kAdmin && route.access != Access::kClinician) continue;
    const Caller& wrong = route.access == Access::kAdmin ? clinician_ : admin_;
    const Reply reply =
        server_.send(std::string(route.method), concrete(route.path), wrong, body_for(route));
    EXPECT_EQ(reply.status, 403) << route.method << ' ' << route.path;
    ++checked;
  }
  EXPECT_GE(checked, 10);
  EXPECT_EQ(counts(), before);
}

TEST_F(ApiAccessTest, EveryStateChangingRouteNeedsTheCsrfToken) {
  const Counts before = counts();
  const std::size_t audit_before = server_.audit_count();
  for (const RouteSpec& route : route_table()) {
    if (!changes_state(route.method) || route.access == Access::kPublic) continue;
    const Caller& right = route.access == Access::kAdmin ? admin_ : clinician_;
    const Reply missing = server_.send(std::string(route.method), concrete(route.path), right,
                                       body_for(route), "application/json", false);
    EXPECT_EQ(missing.status, 403) << route.method << ' ' << route.path;
    const Caller other_token{right.cookie, std::string(right.csrf.size(), 'a')};
    const Reply wrong =
        server_.send(std::string(route.method), concrete(route.path), other_token, body_for(route));
    EXPECT_EQ(wrong.status, 403) << route.method << ' ' << route.path;
    // The other session's token is no good either.
    const Reply crossed = server_.send(
        std::string(route.method), concrete(route.path),
        Caller{right.cookie, (&right == &admin_ ? clinician_ : admin_).csrf}, body_for(route));
    EXPECT_EQ(crossed.status, 403) << route.method << ' ' << route.path;
  }
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(server_.audit_count(), audit_before);
  // The sessions are still live: the refusals ended nothing.
  EXPECT_EQ(server_.send("GET", "/api/me", clinician_).status, 200);
}

TEST_F(ApiAccessTest, EveryRouteWithABodyRefusesMalformedJsonAndChangesNothing) {
  const Counts before = counts();
  const auto patient_before = server_.send("GET", concrete("/api/patients/{id}"), clinician_).body;
  const std::size_t audit_before = server_.audit_count();
  for (const RouteSpec& route : route_table()) {
    // Sign-out and the emergency deflate read no body: a deflate must go
    // out whatever the page sends.
    if (!changes_state(route.method) || route.path == "/api/logout" ||
        route.path == "/api/live/{run}/deflate") {
      continue;
    }
    const Caller& right = route.access == Access::kAdmin ? admin_ : clinician_;
    for (const std::string bad : {"{not json", "[1, 2]", "\"text\"", ""}) {
      const Reply reply = server_.send(std::string(route.method), concrete(route.path), right, bad);
      EXPECT_EQ(reply.status, 400) << route.method << ' ' << route.path << " body " << bad;
      EXPECT_TRUE(reply.body.contains("error")) << route.path;
    }
    const Reply plain =
        server_.send(std::string(route.method), concrete(route.path), right, "{}", "text/plain");
    EXPECT_EQ(plain.status, 415) << route.path;
  }
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(server_.send("GET", concrete("/api/patients/{id}"), clinician_).body, patient_before);
  EXPECT_EQ(server_.audit_count(), audit_before);
}

TEST_F(ApiAccessTest, UnknownRoutesAndIdsAre404) {
  EXPECT_EQ(server_.send("GET", "/api/nothing", clinician_).status, 404);
  EXPECT_EQ(server_.send("GET", "/api/patients/abc", clinician_).status, 404);
  const Reply missing = server_.send("GET", "/api/patients/999999", clinician_);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body["error"], "no patient with id 999999");
  EXPECT_EQ(server_.send("GET", "/api/nothing", clinician_).body["error"], "no such route");
  EXPECT_EQ(server_.send("GET", "/api/patients/99999999999999999999999", clinician_).status, 404);
}

}  // namespace
}  // namespace bfr::server::testing

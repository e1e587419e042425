#pragma once
// Who may call each route of the API. The server registers exactly these
// routes (api_server.cpp builds its handlers from this list), the OpenAPI
// document must describe exactly these (checked by a test), and the tests
// call every one of them signed out, with the wrong role and without the
// CSRF header.

#include <span>
#include <string_view>

namespace bfr::server {

enum class Access {
  kPublic,     // anyone (sign-in, the API description)
  kSignedIn,   // any signed-in account
  kClinician,  // clinicians: patient records are care work
  kAdmin,      // administrators: accounts and the audit log
};

struct RouteSpec {
  std::string_view method;  // "GET", "POST", "PATCH"
  std::string_view path;    // OpenAPI form: "/api/patients/{id}"
  Access access;
};

std::span<const RouteSpec> route_table();

std::string_view access_name(Access access);

// Requests that change something: they need the session's CSRF token.
inline bool changes_state(std::string_view method) {
  return method != "GET";
}

}  // namespace bfr::server

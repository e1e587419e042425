#include "server/route_table.hpp"

#include <array>

namespace bfr::server {

namespace {

// Project choice: administrators manage accounts and read the audit log but
// do not see patient records (least privilege); clinicians do the care work
// and cannot create accounts.
constexpr std::array kRoutes{
    RouteSpec{"POST", "/api/login", Access::kPublic},
    RouteSpec{"GET", "/api/openapi.json", Access::kPublic},
    RouteSpec{"POST", "/api/logout", Access::kSignedIn},
    RouteSpec{"GET", "/api/me", Access::kSignedIn},
    RouteSpec{"GET", "/api/screening/questions", Access::kClinician},
    RouteSpec{"GET", "/api/patients", Access::kClinician},
    RouteSpec{"POST", "/api/patients", Access::kClinician},
    RouteSpec{"GET", "/api/patients/{id}", Access::kClinician},
    RouteSpec{"PATCH", "/api/patients/{id}", Access::kClinician},
    RouteSpec{"GET", "/api/patients/{id}/screenings", Access::kClinician},
    RouteSpec{"POST", "/api/patients/{id}/screenings", Access::kClinician},
    RouteSpec{"POST", "/api/patients/{id}/screenings/overrides", Access::kClinician},
    RouteSpec{"GET", "/api/patients/{id}/lop", Access::kClinician},
    RouteSpec{"POST", "/api/patients/{id}/lop/estimate", Access::kClinician},
    RouteSpec{"GET", "/api/programs/templates", Access::kClinician},
    RouteSpec{"GET", "/api/patients/{id}/programs", Access::kClinician},
    RouteSpec{"POST", "/api/patients/{id}/programs", Access::kClinician},
    RouteSpec{"POST", "/api/patients/{id}/programs/phase", Access::kClinician},
    RouteSpec{"GET", "/api/patients/{id}/one-rep-max", Access::kClinician},
    RouteSpec{"POST", "/api/patients/{id}/one-rep-max", Access::kClinician},
    // Live work: only a signed-in clinician can start anything that
    // inflates a cuff, or command a run.
    RouteSpec{"GET", "/api/devices", Access::kClinician},
    RouteSpec{"POST", "/api/patients/{id}/lop/measure", Access::kClinician},
    RouteSpec{"GET", "/api/patients/{id}/sessions", Access::kClinician},
    RouteSpec{"POST", "/api/patients/{id}/sessions", Access::kClinician},
    RouteSpec{"GET", "/api/sessions/{id}", Access::kClinician},
    RouteSpec{"GET", "/api/sessions/{id}/report", Access::kClinician},
    RouteSpec{"GET", "/api/patients/{id}/report", Access::kClinician},
    RouteSpec{"GET", "/api/live/{run}", Access::kClinician},
    RouteSpec{"POST", "/api/live/{run}/end-set", Access::kClinician},
    RouteSpec{"POST", "/api/live/{run}/deflate", Access::kClinician},
    RouteSpec{"POST", "/api/live/{run}/alarms/ack", Access::kClinician},
    RouteSpec{"POST", "/api/live/{run}/sets/{n}/feedback", Access::kClinician},
    RouteSpec{"GET", "/api/live/{run}/stream", Access::kClinician},
    RouteSpec{"GET", "/api/users", Access::kAdmin},
    RouteSpec{"POST", "/api/users", Access::kAdmin},
    RouteSpec{"GET", "/api/audit", Access::kAdmin},
};

}  // namespace

std::span<const RouteSpec> route_table() {
  return kRoutes;
}

std::string_view access_name(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kSignedIn:
      return "signed_in";
    case Access::kClinician:
      return "clinician";
    case Access::kAdmin:
      return "admin";
  }
  return "unknown";
}

}  // namespace bfr::server

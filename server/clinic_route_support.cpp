#include "server/clinic_route_support.hpp"

#include <fmt/format.h>

namespace bfr::server {

clinic::Patient require_patient(clinic::Repository& repository, std::int64_t id) {
  auto patient = repository.get_patient(id);
  if (!patient) throw ApiError(404, fmt::format("no patient with id {}", id));
  return *patient;
}

}  // namespace bfr::server

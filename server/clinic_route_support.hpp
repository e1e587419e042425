#pragma once
// What the clinic routes share: finding the patient a path names (404 when
// there is none) and turning the store's refusal of bad input into a 400.

#include <cstdint>

#include "clinic/repository.hpp"
#include "server/api_error.hpp"

namespace bfr::server {

clinic::Patient require_patient(clinic::Repository& repository, std::int64_t id);

// Storage checks on input are the client's mistakes: 400 with the store's
// message.
template <typename Action>
auto as_bad_request(Action action) {
  try {
    return action();
  } catch (const clinic::StorageError& e) {
    throw ApiError(400, e.what());
  }
}

}  // namespace bfr::server

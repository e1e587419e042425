#include "server/sodium_init.hpp"

#include <sodium.h>

#include <stdexcept>

namespace bfr::server {

void ensure_sodium() {
  // sodium_init() is thread-safe and returns 1 once it has run before.
  static const int result = sodium_init();
  if (result < 0) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace bfr::server

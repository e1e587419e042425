#pragma once
// libsodium must be initialised once before any other call (its random
// generator and the choice of implementations); every caller goes through here.

namespace bfr::server {

// Throws std::runtime_error when libsodium cannot start.
void ensure_sodium();

}  // namespace bfr::server

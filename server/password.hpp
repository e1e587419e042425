#pragma once
// Account passwords, hashed with argon2id through libsodium's crypto_pwhash_str
// at its "interactive" limits: the hash string carries its own salt and
// parameters, so a stored hash stays verifiable when the limits change, and
// needs_rehash() says when a stored hash is weaker than today's limits.

#include <string>
#include <string_view>

namespace bfr::server {

// Length limits of a new password, in bytes. Project choice: 10 characters
// is the shortest passphrase we accept; 128 keeps hashing time bounded.
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 128;

// Empty when the password may be used, else why not.
std::string password_problem(std::string_view password);

// The argon2id hash string ("$argon2id$v=19$m=...").
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);
// True when `hash` was made with other limits than today's.
bool needs_rehash(const std::string& hash);

// Runs a verification against a fixed hash, so that a login for an unknown
// account costs about as long as one for a known account.
void spend_verification_time(std::string_view password);

}  // namespace bfr::server

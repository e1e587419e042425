#pragma once
// Random secrets of the server: session ids, CSRF tokens and first-start
// passwords, from libsodium's randombytes (the system's CSPRNG).

#include <cstddef>
#include <string>
#include <string_view>

namespace bfr::server {

// `bytes` random bytes as lowercase hex (2 * bytes characters).
std::string random_hex(std::size_t bytes);

// A password of `length` characters from letters and digits without the
// look-alikes (0/O, 1/l/I), for printing once and typing in.
std::string random_password(std::size_t length);

// BLAKE2b-256 of `token` as hex. The store keeps only this of a session id,
// so a leaked database does not hand out live sessions.
std::string token_digest(std::string_view token);

// Constant-time equality, for secrets compared with what a client sent.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace bfr::server

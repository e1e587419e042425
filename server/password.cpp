#include "server/password.hpp"

#include <sodium.h>

#include <stdexcept>

#include "server/sodium_init.hpp"

namespace bfr::server {

std::string password_problem(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return "the password must have at least " + std::to_string(kMinPasswordLength) + " characters";
  }
  if (password.size() > kMaxPasswordLength) {
    return "the password must have at most " + std::to_string(kMaxPasswordLength) + " characters";
  }
  return {};
}

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return hash;
}

bool verify_password(const std::string& hash, std::string_view password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(const std::string& hash) {
  ensure_sodium();
  return crypto_pwhash_str_needs_rehash(hash.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

void spend_verification_time(std::string_view password) {
  static const std::string dummy = hash_password("not any account's password");
  (void)verify_password(dummy, password);
}

}  // namespace bfr::server

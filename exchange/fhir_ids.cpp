#include "exchange/fhir_ids.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <array>
#include <stdexcept>

namespace bfr::exchange {

std::string deterministic_uuid(std::string_view kind, std::string_view key) {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
  const std::string name = fmt::format("openbfr/{}/{}", kind, key);
  std::array<unsigned char, 16> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(name.data()),
                     name.size(), nullptr, 0);
  hash[6] = static_cast<unsigned char>((hash[6] & 0x0F) | 0x80);  // version 8
  hash[8] = static_cast<unsigned char>((hash[8] & 0x3F) | 0x80);  // RFC 9562 variant
  std::string text;
  for (std::size_t i = 0; i < hash.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += fmt::format("{:02x}", hash[i]);
  }
  return text;
}

std::string urn_uuid(std::string_view uuid) {
  return fmt::format("urn:uuid:{}", uuid);
}

}  // namespace bfr::exchange

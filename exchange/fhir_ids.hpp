#pragma once
// Deterministic resource ids for FHIR Bundles: the same record always gets the
// same UUID, so exports are reproducible and a receiver sees a re-export as
// an update of the same resources. The UUID is a version 8 (RFC 9562, custom)
// UUID made of the first 128 bits of a BLAKE2b hash of "openbfr/<kind>/<key>",
// with the version and variant bits set.

#include <string>
#include <string_view>

namespace bfr::exchange {

// "c0a8...-....-8...-[89ab]...-............"
std::string deterministic_uuid(std::string_view kind, std::string_view key);

// "urn:uuid:<uuid>", the fullUrl and reference of a Bundle entry.
std::string urn_uuid(std::string_view uuid);

}  // namespace bfr::exchange

#pragma once
// The readable names the store uses for record enums ("left", "upper_arm",
// ...). Parsing returns nullopt for unknown text so that callers choose how to
// report it (a user typo, or a damaged database).

#include <optional>
#include <string_view>

#include "clinic/records.hpp"

namespace bfr::clinic {

std::string_view to_text(Sex sex);
std::string_view to_text(LimbSide side);
std::string_view to_text(LimbSegment segment);
std::string_view to_text(Posture posture);
std::string_view to_text(LopMethod method);

std::optional<Sex> parse_sex(std::string_view text);
std::optional<LimbSide> parse_limb_side(std::string_view text);
std::optional<LimbSegment> parse_limb_segment(std::string_view text);
std::optional<Posture> parse_posture(std::string_view text);
std::optional<LopMethod> parse_lop_method(std::string_view text);

}  // namespace bfr::clinic

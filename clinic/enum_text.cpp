#include "clinic/enum_text.hpp"

#include <array>
#include <cstddef>
#include <utility>

namespace bfr::clinic {

namespace {

// One table per enum keeps both directions in agreement.
template <typename Enum, std::size_t kSize>
using NameTable = std::array<std::pair<Enum, std::string_view>, kSize>;

constexpr NameTable<Sex, 2> kSexNames{{{Sex::kMale, "male"}, {Sex::kFemale, "female"}}};
constexpr NameTable<LimbSide, 2> kSideNames{
    {{LimbSide::kLeft, "left"}, {LimbSide::kRight, "right"}}};
constexpr NameTable<LimbSegment, 2> kSegmentNames{
    {{LimbSegment::kThigh, "thigh"}, {LimbSegment::kUpperArm, "upper_arm"}}};
constexpr NameTable<Posture, 3> kPostureNames{
    {{Posture::kSupine, "supine"}, {Posture::kSeated, "seated"}, {Posture::kStanding, "standing"}}};
constexpr NameTable<LopMethod, 2> kMethodNames{
    {{LopMethod::kMeasured, "measured"}, {LopMethod::kEstimated, "estimated"}}};

template <typename Enum, std::size_t kSize>
std::string_view name_of(const NameTable<Enum, kSize>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t kSize>
std::optional<Enum> value_of(const NameTable<Enum, kSize>& table, std::string_view text) {
  for (const auto& [value, name] : table) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_text(Sex sex) {
  return name_of(kSexNames, sex);
}
std::string_view to_text(LimbSide side) {
  return name_of(kSideNames, side);
}
std::string_view to_text(LimbSegment segment) {
  return name_of(kSegmentNames, segment);
}
std::string_view to_text(Posture posture) {
  return name_of(kPostureNames, posture);
}
std::string_view to_text(LopMethod method) {
  return name_of(kMethodNames, method);
}

std::optional<Sex> parse_sex(std::string_view text) {
  return value_of(kSexNames, text);
}
std::optional<LimbSide> parse_limb_side(std::string_view text) {
  return value_of(kSideNames, text);
}
std::optional<LimbSegment> parse_limb_segment(std::string_view text) {
  return value_of(kSegmentNames, text);
}
std::optional<Posture> parse_posture(std::string_view text) {
  return value_of(kPostureNames, text);
}
std::optional<LopMethod> parse_lop_method(std::string_view text) {
  return value_of(kMethodNames, text);
}

}  // namespace bfr::clinic

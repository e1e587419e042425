#include "clinic/programme_catalogue.hpp"

#include <fmt/format.h>

#include "clinic/programme_templates.hpp"

namespace bfr::clinic {

std::vector<ProgrammeTemplate> programme_catalogue() {
  return {{"achilles", achilles_rupture_programme()},
          {"acl", acl_reconstruction_programme()},
          {"knee-oa", knee_osteoarthritis_programme()},
          {"hypertrophy", general_hypertrophy_programme()},
          {"walking", aerobic_walking_programme()},
          {"cycling", aerobic_cycling_programme()},
          {"passive-thigh", passive_immobilisation_programme(LimbSegment::kThigh)},
          {"passive-arm", passive_immobilisation_programme(LimbSegment::kUpperArm)}};
}

std::optional<Programme> find_programme_template(std::string_view name) {
  for (ProgrammeTemplate& entry : programme_catalogue()) {
    if (entry.key == name || entry.programme.name == name) return std::move(entry.programme);
  }
  return std::nullopt;
}

std::string programme_template_keys() {
  std::vector<std::string> keys;
  for (const ProgrammeTemplate& entry : programme_catalogue()) keys.push_back(entry.key);
  return fmt::format("{}", fmt::join(keys, ", "));
}

}  // namespace bfr::clinic

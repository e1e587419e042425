#pragma once
// The programme templates by their short keys ("knee-oa", "acl"), the names
// `bfr program` and the web app's programme form both offer. One list, so
// that a key typed at the shell and one chosen in the browser mean the same
// programme.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/programme.hpp"

namespace bfr::clinic {

struct ProgrammeTemplate {
  std::string key;
  Programme programme;
};

// Every template, in the order they are listed to a clinician.
std::vector<ProgrammeTemplate> programme_catalogue();

// The template whose key or full name is `name`, if any.
std::optional<Programme> find_programme_template(std::string_view name);

// "achilles, acl, ...": for a message naming the choices.
std::string programme_template_keys();

}  // namespace bfr::clinic

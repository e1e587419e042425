#pragma once
// Reads bfr-facts.md (../shared/reference, found through OPENBFR_SHARED_DIR)
// so that format tests compare against the reference text itself rather than
// a copy of it.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace bfr::testing {

inline std::string facts_text() {
  const char* shared = std::getenv("OPENBFR_SHARED_DIR");
  if (shared == nullptr) {
    ADD_FAILURE() << "OPENBFR_SHARED_DIR is not set";
    return {};
  }
  std::ifstream in(std::string(shared) + "/reference/bfr-facts.md");
  if (!in) ADD_FAILURE() << "cannot read bfr-facts.md under " << shared;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first `code span` on the first line of the facts containing `marker`.
inline std::string facts_code_span(const std::string& marker) {
  std::istringstream lines(facts_text());
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find(marker) == std::string::npos) continue;
    const auto open = line.find('`');
    const auto close = line.find('`', open + 1);
    if (open != std::string::npos && close != std::string::npos) {
      return line.substr(open + 1, close - open - 1);
    }
  }
  ADD_FAILURE() << "no code span with '" << marker << "' in bfr-facts.md";
  return {};
}

}  // namespace bfr::testing

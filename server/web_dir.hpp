#pragma once
// Where `bfr serve` finds the built front end when --static is not given.

#include <string>

namespace bfr::server {

// The first that holds an index.html: web/dist in the source tree this
// program was built from, then ../share/openbfr/web next to the executable
// (an installed layout). Empty when neither does.
std::string default_web_dir();

}  // namespace bfr::server

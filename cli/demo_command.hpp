#pragma once
// `bfr demo`: the whole path once on the embedded defaults. A simulated
// right thigh is measured for LOP through the cuff, then one exercise
// (seated calf raise, 30-15-15-15 at 80 % LOP, 30 s rests) runs with the
// cuff regulated through contractions, and everything is stored.

#include <cstdint>
#include <string>

namespace bfr::cli {

struct DemoOptions {
  std::string database;  // path or sqlite:// URL; empty = default location
  bool realtime = false;
  std::uint64_t seed = 1;
  bool json = false;
};

// Returns the process exit code.
int run_demo(const DemoOptions& options);

}  // namespace bfr::cli

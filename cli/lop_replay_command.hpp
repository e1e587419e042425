#pragma once
// `bfr lop replay FILE`: the LOP detector over a recorded sweep.

#include <filesystem>
#include <string>

#include "core/recorded_lop_analysis.hpp"

namespace bfr::cli {

struct LopReplayOptions {
  std::string file;
  bool json = false;
};

// Runs the detector (the floor-corrected estimate and, for comparison, the
// fixed-ratio rule) over a recording.
core::RecordedLopResult analyse_recording(const std::filesystem::path& file);

// Prints the result; 0 with a value, 3 when the recording gives none (the
// reason is printed), 2 for a file that is not a usable recording.
int run_lop_replay(const LopReplayOptions& options);

}  // namespace bfr::cli

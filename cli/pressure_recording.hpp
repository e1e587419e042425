#pragma once
// A recorded cuff pressure trace, `time_s,cuff_pressure_mmhg` CSV, as in
// ../shared/data/recordings and as `bfr session show --trace-csv` and
// `bfr sim run` write it (extra columns are ignored).

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace bfr::cli {

struct PressureRecording {
  std::vector<double> time_s;
  std::vector<double> cuff_mmhg;
  double sample_rate_hz = 0;  // from the median sample interval
};

class RecordingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads and checks a recording: header with both columns, numbers only,
// strictly increasing time, at least 50 samples per second, at least 5 s.
PressureRecording read_pressure_recording(const std::filesystem::path& path);

// Averages blocks of samples so that the rate is at most `max_rate_hz`
// (the pulse filters are designed for 50-250 Hz; block averaging is the
// anti-alias filter).
PressureRecording decimate(const PressureRecording& in, double max_rate_hz);

}  // namespace bfr::cli

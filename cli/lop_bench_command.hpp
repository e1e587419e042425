#pragma once
// `bfr lop bench`: the LOP method's accuracy on real recordings against
// their reference systolic pressures (the ISO 81060-2 criterion), beside the
// classic fixed-ratio rule on the same data.

#include <string>
#include <vector>

namespace bfr::cli {

struct LopBenchOptions {
  std::string recordings;  // folder with recNN.csv and references.csv
  bool json = false;
};

struct RecordingRow {
  std::string file;
  double reference_sbp = 0;
  bool ok = false;
  std::string reason;  // when not ok
  double estimate = 0;
  bool fixed_ok = false;
  double fixed = 0;
};

struct MethodSummary {
  int analysed = 0;
  double mean_error = 0;
  double sd_error = 0;
  bool iso_pass = false;  // mean within +-5 mmHg, SD <= 8 mmHg
};

std::vector<RecordingRow> bench_recordings(const std::string& folder);
MethodSummary summarise_method(const std::vector<RecordingRow>& rows, bool fixed_ratio);

// Prints the table; 0 when the method meets the criterion, 1 otherwise,
// 2 for a missing or malformed folder.
int run_lop_bench(const LopBenchOptions& options);

}  // namespace bfr::cli

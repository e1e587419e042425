#include "cli/lop_bench_command.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/lop_replay_command.hpp"
#include "cli/pressure_recording.hpp"

namespace bfr::cli {
namespace {

// ISO 81060-2 criterion 1: mean error within +-5 mmHg, SD at most 8 mmHg.
constexpr double kIsoMeanMmhg = 5;
constexpr double kIsoSdMmhg = 8;

std::string default_recordings_folder() {
  if (const char* env = std::getenv("OPENBFR_SHARED_DIR")) {
    return (std::filesystem::path(env) / "data" / "recordings").string();
  }
  return "../shared/data/recordings";
}

}  // namespace

std::vector<RecordingRow> bench_recordings(const std::string& folder) {
  const std::filesystem::path dir(folder);
  std::ifstream refs(dir / "references.csv");
  if (!refs) {
    throw RecordingError(
        fmt::format("{}: no references.csv (file,reference_sbp_mmhg,...)", folder));
  }
  std::vector<RecordingRow> rows;
  std::string line;
  std::getline(refs, line);  // header
  while (std::getline(refs, line)) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    RecordingRow row;
    std::string sbp;
    std::getline(ss, row.file, ',');
    std::getline(ss, sbp, ',');
    try {
      row.reference_sbp = std::stod(sbp);
    } catch (const std::exception&) {
      throw RecordingError(fmt::format("{}: bad reference line '{}'", folder, line));
    }
    try {
      const core::RecordedLopResult r = analyse_recording(dir / row.file);
      row.ok = r.ok;
      if (r.ok) {
        row.estimate = r.estimate.occlusion.mmhg();
        row.fixed_ok = r.estimate.fixed_ratio_ok;
        row.fixed = r.estimate.fixed_ratio.mmhg();
      } else {
        row.reason = core::to_string(r.failure);
      }
    } catch (const RecordingError& e) {
      row.reason = e.what();
    }
    rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end(),
            [](const RecordingRow& a, const RecordingRow& b) { return a.file < b.file; });
  return rows;
}

MethodSummary summarise_method(const std::vector<RecordingRow>& rows, bool fixed_ratio) {
  MethodSummary s;
  double sum = 0, sq = 0;
  for (const auto& r : rows) {
    if (!r.ok || (fixed_ratio && !r.fixed_ok)) continue;
    const double e = (fixed_ratio ? r.fixed : r.estimate) - r.reference_sbp;
    ++s.analysed;
    sum += e;
    sq += e * e;
  }
  if (s.analysed == 0) return s;
  const double n = s.analysed;
  s.mean_error = sum / n;
  s.sd_error = s.analysed > 1
                   ? std::sqrt(std::max(0.0, (sq - n * s.mean_error * s.mean_error) / (n - 1)))
                   : 0;
  s.iso_pass =
      s.analysed >= 2 && std::abs(s.mean_error) <= kIsoMeanMmhg && s.sd_error <= kIsoSdMmhg;
  return s;
}

int run_lop_bench(const LopBenchOptions& options) {
  const std::string folder =
      options.recordings.empty() ? default_recordings_folder() : options.recordings;
  std::vector<RecordingRow> rows;
  try {
    rows = bench_recordings(folder);
  } catch (const RecordingError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  const MethodSummary ours = summarise_method(rows, false);
  const MethodSummary fixed = summarise_method(rows, true);
  if (options.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : rows) {
      j.push_back(
          {{"file", r.file},
           {"reference_sbp_mmhg", r.reference_sbp},
           {"ok", r.ok},
           {"estimate_mmhg", r.ok ? nlohmann::json(r.estimate) : nlohmann::json(nullptr)},
           {"fixed_ratio_mmhg", r.fixed_ok ? nlohmann::json(r.fixed) : nlohmann::json(nullptr)},
           {"reason", r.reason}});
    }
    const auto summary = [](const MethodSummary& m) {
      return nlohmann::json{{"analysed", m.analysed},
                            {"mean_error_mmhg", m.mean_error},
                            {"sd_error_mmhg", m.sd_error},
                            {"iso_81060_2_pass", m.iso_pass}};
    };
    fmt::print("{}\n", nlohmann::json{{"recordings", j},
                                      {"floor_corrected", summary(ours)},
                                      {"fixed_ratio", summary(fixed)}}
                           .dump(2));
    return ours.iso_pass ? 0 : 1;
  }
  fmt::print("LOP on real recordings ({}), against the reference systolic pressure\n\n", folder);
  fmt::print("{:<12} {:>9} {:>16} {:>7} {:>12} {:>7}  {}\n", "file", "ref SBP", "floor-corrected",
             "error", "fixed 0.59", "error", "");
  for (const auto& r : rows) {
    if (!r.ok) {
      fmt::print("{:<12} {:>9.0f} {:>16} {:>7} {:>12} {:>7}  refused: {}\n", r.file,
                 r.reference_sbp, "-", "-", "-", "-", r.reason);
      continue;
    }
    fmt::print("{:<12} {:>9.0f} {:>16.1f} {:>+7.1f} {:>12} {:>7}\n", r.file, r.reference_sbp,
               r.estimate, r.estimate - r.reference_sbp,
               r.fixed_ok ? fmt::format("{:.1f}", r.fixed) : "-",
               r.fixed_ok ? fmt::format("{:+.1f}", r.fixed - r.reference_sbp) : "-");
  }
  const auto line = [](const char* name, const MethodSummary& m) {
    fmt::print("{:<34} analysed {:>2}  mean error {:+6.1f}  SD {:5.1f}  ISO 81060-2 {}\n", name,
               m.analysed, m.mean_error, m.sd_error, m.iso_pass ? "pass" : "FAIL");
  };
  fmt::print("\n");
  line("floor-corrected envelope (OpenBFR)", ours);
  line("fixed-ratio 0.59 (classic)", fixed);
  fmt::print("ISO 81060-2: mean error within +-{:.0f} mmHg and SD at most {:.0f} mmHg.\n",
             kIsoMeanMmhg, kIsoSdMmhg);
  return ours.iso_pass ? 0 : 1;
}

}  // namespace bfr::cli

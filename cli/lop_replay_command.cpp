#include "cli/lop_replay_command.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/pressure_recording.hpp"

namespace bfr::cli {
namespace {
// The pulse band filters are designed for the 50-250 Hz that oscillometric
// studies and cuff controllers sample at (facts section 4).
constexpr double kAnalysisRateHz = 250;
}  // namespace

core::RecordedLopResult analyse_recording(const std::filesystem::path& file) {
  const PressureRecording rec = decimate(read_pressure_recording(file), kAnalysisRateHz);
  core::RecordedLopAnalysis analysis(core::Frequency::hz(static_cast<float>(rec.sample_rate_hz)));
  for (std::size_t i = 0; i < rec.time_s.size(); ++i) {
    analysis.add(core::TimePoint::from_us(static_cast<std::int64_t>(rec.time_s[i] * 1e6)),
                 core::Pressure::mmhg(static_cast<float>(rec.cuff_mmhg[i])));
  }
  return analysis.finish();
}

int run_lop_replay(const LopReplayOptions& options) {
  core::RecordedLopResult r;
  try {
    r = analyse_recording(options.file);
  } catch (const RecordingError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  const auto& e = r.estimate;
  if (options.json) {
    nlohmann::json j{{"file", options.file},
                     {"ok", r.ok},
                     {"beats", r.beats},
                     {"artefacts", r.artefacts},
                     {"heart_rate_bpm", r.heart_rate.hz() * 60.0f}};
    if (r.ok) {
      j["occlusion_mmhg"] = e.occlusion.mmhg();
      j["quality"] = e.quality.value();
      j["envelope_peak_mmhg"] = e.peak_cuff.mmhg();
      j["envelope_peak_amplitude_mmhg"] = e.peak_amplitude.mmhg();
      j["envelope_floor_amplitude_mmhg"] = e.floor_amplitude.mmhg();
      j["fixed_ratio_mmhg"] =
          e.fixed_ratio_ok ? nlohmann::json(e.fixed_ratio.mmhg()) : nlohmann::json(nullptr);
    } else {
      j["reason"] = core::to_string(r.failure);
    }
    fmt::print("{}\n", j.dump(2));
    return r.ok ? 0 : 3;
  }
  if (!r.ok) {
    fmt::print("{}: no value: {} ({} beats, {} artefacts)\n", options.file,
               core::to_string(r.failure), r.beats, r.artefacts);
    return 3;
  }
  fmt::print("{}\n", options.file);
  fmt::print("  arterial pulsation stops at {:.1f} mmHg (occlusion / systolic estimate)\n",
             e.occlusion.mmhg());
  fmt::print("  heart rate {:.0f} bpm, quality {:.2f}, {} beats ({} artefacts dropped)\n",
             r.heart_rate.hz() * 60.0f, e.quality.value(), r.beats, r.artefacts);
  fmt::print("  envelope peak {:.2f} mmHg at {:.1f} mmHg; residual floor {:.2f} mmHg\n",
             e.peak_amplitude.mmhg(), e.peak_cuff.mmhg(), e.floor_amplitude.mmhg());
  if (e.fixed_ratio_ok) {
    fmt::print("  fixed-ratio rule (0.59 of peak), for comparison: {:.1f} mmHg\n",
               e.fixed_ratio.mmhg());
  }
  return 0;
}

}  // namespace bfr::cli

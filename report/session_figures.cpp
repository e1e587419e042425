#include "report/session_figures.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace bfr::report {
namespace {

// Enough points for a page-wide line without a 100 Hz trace's bulk.
constexpr std::size_t kTraceBuckets = 1200;
constexpr std::size_t kBandPoints = 2000;

}  // namespace

std::optional<double> overall_time_in_band(const std::vector<clinic::TraceSample>& trace,
                                           const std::vector<SessionSet>& sets) {
  long in_set = 0;
  long in_band = 0;
  for (const auto& s : trace) {
    if (s.set_index < 0 || !(s.target_mmhg > 0)) continue;
    ++in_set;
    if (std::fabs(s.cuff_mmhg - s.target_mmhg) <= kBandShare * s.target_mmhg) ++in_band;
  }
  if (in_set > 0) return static_cast<double>(in_band) / static_cast<double>(in_set);
  double weighted = 0;
  double duration = 0;
  for (const auto& set : sets) {
    weighted += set.record.time_in_band_fraction * set.record.duration_s;
    duration += set.record.duration_s;
  }
  if (duration > 0) return weighted / duration;
  return std::nullopt;
}

PlotSpec pressure_trace_plot(const SessionReportData& data) {
  PlotSpec plot;
  plot.title = "Cuff pressure";
  plot.x_label = "time since the session started (s)";
  plot.y_label = "pressure (mmHg)";
  plot.empty_message = "pressure trace not recorded";
  const auto& trace = data.trace;
  if (trace.empty()) return plot;

  std::vector<double> t, cuff;
  t.reserve(trace.size());
  cuff.reserve(trace.size());
  for (const auto& s : trace) {
    t.push_back(s.t_s);
    cuff.push_back(s.cuff_mmhg);
  }

  BandSeries band;
  band.label = "target \u00b110 %";
  LineSeries target;
  target.label = "target";
  target.colour = palette::kTarget;
  target.width_pt = 0.7;
  const std::size_t stride = std::max<std::size_t>(1, trace.size() / kBandPoints);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < trace.size(); ++i) {
    // Every stride-th sample, and both sides of any change of target, so
    // that the band's edges stay where the target changed.
    const bool changes = i > 0 && trace[i].target_mmhg != trace[i - 1].target_mmhg;
    const bool next_changes =
        i + 1 < trace.size() && trace[i + 1].target_mmhg != trace[i].target_mmhg;
    if (i % stride != 0 && !changes && !next_changes && i + 1 != trace.size()) continue;
    const double goal = trace[i].target_mmhg;
    band.x.push_back(trace[i].t_s);
    target.x.push_back(trace[i].t_s);
    if (goal > 0) {
      band.lower.push_back(goal * (1 - kBandShare));
      band.upper.push_back(goal * (1 + kBandShare));
      target.y.push_back(goal);
    } else {
      band.lower.push_back(nan);
      band.upper.push_back(nan);
      target.y.push_back(nan);
    }
  }
  plot.bands.push_back(std::move(band));
  plot.lines.push_back(std::move(target));

  LineSeries measured;
  measured.label = "cuff";
  measured.colour = palette::kTrace;
  measured.width_pt = 1.3;
  decimate_min_max(t, cuff, kTraceBuckets, measured.x, measured.y);
  plot.lines.push_back(std::move(measured));

  for (const auto& set : data.sets) {
    plot.spans.push_back({set.record.started_s, set.record.started_s + set.record.duration_s,
                          fmt::format("set {}", set.record.set_index + 1)});
  }
  plot.x_min = t.front();
  plot.x_max = t.back();
  plot.y_min = 0;
  return plot;
}

}  // namespace bfr::report

#include "report/progress_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <limits>

#include "clinic/timestamp.hpp"
#include "report/report_text.hpp"

namespace bfr::report {
namespace {

constexpr double kSecondsPerWeek = 7 * 24 * 3600.0;

// Weeks from the period start to `at` (fractional); NaN when unreadable.
double weeks_since_start(const ProgressReportData& d, const std::string& at) {
  const auto start = parse_timestamp(d.period_start);
  const auto when = parse_timestamp(at);
  if (!start || !when) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>((*when - *start).count()) / kSecondsPerWeek;
}

// Points with markers, joined by a line or not.
LineSeries points(Colour colour, std::string label, bool joined) {
  LineSeries s;
  s.colour = colour;
  s.label = std::move(label);
  s.line = joined;
  s.markers = true;
  return s;
}

PlotSpec weekly_axis(const ProgressReportData& d, std::string title, std::string y_label) {
  PlotSpec p;
  p.title = std::move(title);
  p.y_label = std::move(y_label);
  p.x_label = fmt::format("weeks since {}", d.period_start.substr(0, 10));
  p.x_min = 0;
  p.x_max = d.weeks;
  p.x_ticks_wanted = std::min(d.weeks, 8);  // whole weeks
  return p;
}

PlotSpec lop_plot(const ProgressReportData& d) {
  PlotSpec p = weekly_axis(d, "Limb occlusion pressure", "LOP (mmHg)");
  p.empty_message = "no LOP in this period";
  LineSeries measured = points(palette::kMeasured, "measured", true);
  LineSeries estimated = points(palette::kEstimated, "estimated", false);
  estimated.hollow_markers = true;
  for (const auto& l : d.lops) {
    auto& series = l.measurement.method == clinic::LopMethod::kEstimated ? estimated : measured;
    series.x.push_back(weeks_since_start(d, l.measured_at));
    series.y.push_back(*l.measurement.lop_mmhg);
  }
  if (!measured.x.empty()) p.lines.push_back(std::move(measured));
  if (!estimated.x.empty()) p.lines.push_back(std::move(estimated));
  return p;
}

PlotSpec load_plot(const ProgressReportData& d) {
  PlotSpec p = weekly_axis(d, "Load per session (heaviest set)", "load (kg)");
  p.empty_message = "load not recorded";
  LineSeries load = points(palette::kBar, "", true);
  for (const auto& s : d.sessions) {
    if (!s.load_kg) continue;
    load.x.push_back(weeks_since_start(d, s.started_at));
    load.y.push_back(*s.load_kg);
  }
  if (!load.x.empty()) p.lines.push_back(std::move(load));
  p.y_min = 0;
  return p;
}

PlotSpec reps_plot(const ProgressReportData& d) {
  PlotSpec p = weekly_axis(d, "Repetitions per session", "reps");
  p.empty_message = "no sessions in this period";
  LineSeries actual = points(palette::kTrace, "actual", true);
  LineSeries target = points(palette::kTarget, "target", false);
  target.hollow_markers = true;
  for (const auto& s : d.sessions) {
    const double x = weeks_since_start(d, s.started_at);
    actual.x.push_back(x);
    actual.y.push_back(s.actual_reps);
    target.x.push_back(x);
    target.y.push_back(s.target_reps);
  }
  if (!actual.x.empty()) {
    p.lines.push_back(std::move(target));
    p.lines.push_back(std::move(actual));
  }
  p.y_min = 0;
  return p;
}

PlotSpec restriction_plot(const ProgressReportData& d) {
  PlotSpec p = weekly_axis(d, "Restriction time per session", "minutes");
  p.empty_message = "no sessions in this period";
  BarSeries bars;
  bars.bar_width = 0.08;
  for (const auto& s : d.sessions) {
    bars.x.push_back(weeks_since_start(d, s.started_at));
    bars.y.push_back(s.restriction_s / 60);
  }
  if (!bars.x.empty()) p.bars.push_back(std::move(bars));
  return p;
}

PlotSpec adherence_plot(const ProgressReportData& d, const std::vector<int>& per_week) {
  PlotSpec p = weekly_axis(d, "Adherence: sessions per week", "sessions");
  BarSeries bars;
  bars.bar_width = 0.7;
  bars.label = "done";
  for (std::size_t w = 0; w < per_week.size(); ++w) {
    bars.x.push_back(static_cast<double>(w) + 0.5);
    bars.y.push_back(per_week[w]);
  }
  p.bars.push_back(std::move(bars));
  if (d.planned_sessions_per_week) {
    p.references.push_back(
        {static_cast<double>(*d.planned_sessions_per_week), palette::kPlanned, "planned"});
  }
  p.y_min = 0;
  return p;
}

}  // namespace

std::vector<int> sessions_per_week(const ProgressReportData& data) {
  std::vector<int> per_week(static_cast<std::size_t>(std::max(0, data.weeks)), 0);
  for (const auto& s : data.sessions) {
    const double w = weeks_since_start(data, s.started_at);
    if (!(w >= 0) || w >= data.weeks) continue;
    ++per_week[static_cast<std::size_t>(w)];
  }
  return per_week;
}

ReportDocument progress_report(const ProgressReportData& data, const std::string& generated_at) {
  const auto& p = data.patient;
  ReportDocument doc;
  doc.title = "OpenBFR progress report";
  doc.subtitle =
      fmt::format("{} (patient {}), {} weeks from {} to {}", p.display_name, p.id, data.weeks,
                  data.period_start.substr(0, 10), data.period_end.substr(0, 10));
  doc.footer =
      fmt::format("OpenBFR progress report - not a certified medical device - generated {}",
                  readable_timestamp(generated_at));

  const auto per_week = sessions_per_week(data);
  std::string limbs;
  for (const auto& l : data.limbs) limbs += (limbs.empty() ? "" : ", ") + limb_label(l);
  doc.blocks.push_back(Heading{"Patient"});
  doc.blocks.push_back(Fields{{
      {"Name", p.display_name},
      {"Patient id", std::to_string(p.id)},
      {"Limbs", limbs.empty() ? std::string(kNotRecorded) : limbs},
      {"Sessions in period", std::to_string(data.sessions.size())},
      {"Mean sessions per week",
       fmt::format("{:.1f}", static_cast<double>(data.sessions.size()) / std::max(1, data.weeks))},
      {"Planned sessions per week", data.planned_sessions_per_week
                                        ? std::to_string(*data.planned_sessions_per_week)
                                        : std::string(kNotRecorded)},
  }});

  doc.blocks.push_back(Heading{"Charts"});
  doc.blocks.push_back(Figure{lop_plot(data), 150});
  doc.blocks.push_back(Figure{adherence_plot(data, per_week), 150});
  doc.blocks.push_back(Figure{reps_plot(data), 150});
  doc.blocks.push_back(Figure{restriction_plot(data), 150});
  doc.blocks.push_back(Figure{load_plot(data), 150});

  doc.blocks.push_back(Heading{"Limb occlusion pressure"});
  Table lops;
  lops.header = {"Taken", "Limb", "LOP mmHg", "Method", "Posture", "Cuff cm", "Quality"};
  lops.empty_text = "no LOP in this period";
  for (const auto& l : data.lops) {
    const auto& m = l.measurement;
    const bool estimated = m.method == clinic::LopMethod::kEstimated;
    lops.rows.push_back({readable_timestamp(l.measured_at), l.limb,
                         fmt::format("{:.1f}", *m.lop_mmhg), estimated ? "estimated" : "measured",
                         posture_label(m.posture), fmt::format("{:.1f}", m.cuff_width_cm),
                         estimated ? "-" : fmt::format("{:.2f}", m.quality)});
  }
  doc.blocks.push_back(std::move(lops));

  doc.blocks.push_back(Heading{"Sessions"});
  Table sessions;
  sessions.header = {"Started",     "Session",     "Exercise", "Limb", "Reps actual/target",
                     "Restriction", "Target mmHg", "Load kg",  "Ended"};
  sessions.empty_text = "no sessions in this period";
  for (const auto& s : data.sessions) {
    sessions.rows.push_back({readable_timestamp(s.started_at), std::to_string(s.session_id),
                             s.exercise, s.limb, fmt::format("{}/{}", s.actual_reps, s.target_reps),
                             seconds_as_minutes(s.restriction_s),
                             fmt::format("{:.1f}", s.target_mmhg),
                             s.load_kg ? fmt::format("{:.1f}", *s.load_kg) : std::string("-"),
                             s.stop_reason.empty() ? std::string("not finished") : s.stop_reason});
  }
  doc.blocks.push_back(std::move(sessions));

  doc.blocks.push_back(Heading{"Adherence"});
  Table weeks;
  weeks.header = {"Week", "From", "Sessions", "Planned"};
  const auto start = parse_timestamp(data.period_start);
  for (std::size_t w = 0; w < per_week.size(); ++w) {
    std::string from = "-";
    if (start) {
      from = clinic::format_utc_timestamp(*start + std::chrono::days{7 * static_cast<int>(w)})
                 .substr(0, 10);
    }
    weeks.rows.push_back({std::to_string(w + 1), from, std::to_string(per_week[w]),
                          data.planned_sessions_per_week
                              ? std::to_string(*data.planned_sessions_per_week)
                              : std::string(kNotRecorded)});
  }
  doc.blocks.push_back(std::move(weeks));
  return doc;
}

}  // namespace bfr::report

#include "report/plot.hpp"

#include "report/cairo_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bfr::report {
namespace {

constexpr double kTitleSize = 9.5;
constexpr double kLabelSize = 7.5;
constexpr double kMarginLeft = 46;
constexpr double kMarginRight = 8;
constexpr double kMarginTop = 18;
constexpr double kMarginBottom = 28;

void set_colour(cairo_t* cr, Colour c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return lo > hi; }
};

void data_ranges(const PlotSpec& spec, Range& xr, Range& yr) {
  for (const auto& s : spec.spans) {
    xr.add(s.x0);
    xr.add(s.x1);
  }
  for (const auto& b : spec.bands) {
    for (double v : b.x) xr.add(v);
    for (double v : b.lower) yr.add(v);
    for (double v : b.upper) yr.add(v);
  }
  for (const auto& b : spec.bars) {
    for (double v : b.x) {
      xr.add(v - b.bar_width / 2);
      xr.add(v + b.bar_width / 2);
    }
    for (double v : b.y) yr.add(v);
    if (!b.y.empty()) yr.add(0);
  }
  for (const auto& l : spec.lines) {
    for (double v : l.x) xr.add(v);
    for (double v : l.y) yr.add(v);
  }
  for (const auto& r : spec.references) yr.add(r.y);
}

std::string tick_text(double value, double step) {
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  if (std::fabs(value) < step * 1e-6) value = 0;  // no "-0"
  return fmt::format("{:.{}f}", value, decimals);
}

double tick_step(const std::vector<double>& ticks) {
  return ticks.size() >= 2 ? ticks[1] - ticks[0] : 1.0;
}

void draw_legend(cairo_t* cr, const PlotSpec& spec, const Rect& box) {
  struct Entry {
    Colour colour;
    std::string label;
    enum class Swatch { kBox, kLine, kMarker } swatch;
  };
  std::vector<Entry> entries;
  for (const auto& b : spec.bands)
    if (!b.label.empty()) entries.push_back({b.colour, b.label, Entry::Swatch::kBox});
  for (const auto& b : spec.bars)
    if (!b.label.empty()) entries.push_back({b.colour, b.label, Entry::Swatch::kBox});
  for (const auto& l : spec.lines)
    if (!l.label.empty()) {
      entries.push_back(
          {l.colour, l.label, l.line ? Entry::Swatch::kLine : Entry::Swatch::kMarker});
    }
  for (const auto& r : spec.references)
    if (!r.label.empty()) entries.push_back({r.colour, r.label, Entry::Swatch::kLine});
  set_font(cr, kLabelSize);
  double x = box.x + box.width - kMarginRight;
  const double y = box.y + 11;
  // Right to left, so that the last entry ends at the right edge.
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    x -= text_width(cr, it->label);
    set_colour(cr, palette::kAxis);
    text_at(cr, it->label, x, y, 0);
    x -= 14;
    set_colour(cr, it->colour);
    if (it->swatch == Entry::Swatch::kBox) {
      cairo_rectangle(cr, x, y - 6, 10, 6);
      cairo_fill(cr);
    } else if (it->swatch == Entry::Swatch::kMarker) {
      cairo_set_line_width(cr, 1.2);
      cairo_new_sub_path(cr);
      cairo_arc(cr, x + 5, y - 3, 2.6, 0, 2 * M_PI);
      cairo_stroke(cr);
    } else {
      cairo_set_line_width(cr, 1.5);
      cairo_move_to(cr, x, y - 3);
      cairo_line_to(cr, x + 10, y - 3);
      cairo_stroke(cr);
    }
    x -= 10;
  }
}

void draw_band(cairo_t* cr, const PlotFrame& f, const BandSeries& band) {
  const std::size_t n = std::min({band.x.size(), band.lower.size(), band.upper.size()});
  std::size_t i = 0;
  set_colour(cr, band.colour);
  while (i < n) {
    while (i < n && !(std::isfinite(band.lower[i]) && std::isfinite(band.upper[i]))) ++i;
    std::size_t end = i;
    while (end < n && std::isfinite(band.lower[end]) && std::isfinite(band.upper[end])) ++end;
    if (end - i >= 2) {
      cairo_move_to(cr, f.to_x(band.x[i]), f.to_y(band.upper[i]));
      for (std::size_t k = i + 1; k < end; ++k)
        cairo_line_to(cr, f.to_x(band.x[k]), f.to_y(band.upper[k]));
      for (std::size_t k = end; k-- > i;)
        cairo_line_to(cr, f.to_x(band.x[k]), f.to_y(band.lower[k]));
      cairo_close_path(cr);
      cairo_fill(cr);
    }
    i = end;
  }
}

void draw_line(cairo_t* cr, const PlotFrame& f, const LineSeries& line) {
  const std::size_t n = std::min(line.x.size(), line.y.size());
  set_colour(cr, line.colour);
  cairo_set_line_width(cr, line.width_pt);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  if (line.line) {
    bool pen_down = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(line.y[i])) {
        pen_down = false;
        continue;
      }
      if (pen_down) {
        cairo_line_to(cr, f.to_x(line.x[i]), f.to_y(line.y[i]));
      } else {
        cairo_move_to(cr, f.to_x(line.x[i]), f.to_y(line.y[i]));
        pen_down = true;
      }
    }
    cairo_stroke(cr);
  }
  if (line.markers) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(line.y[i])) continue;
      cairo_new_sub_path(cr);
      cairo_arc(cr, f.to_x(line.x[i]), f.to_y(line.y[i]), 2.6, 0, 2 * M_PI);
      if (line.hollow_markers) {
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        set_colour(cr, line.colour);
        cairo_set_line_width(cr, 1.2);
        cairo_stroke(cr);
      } else {
        cairo_fill(cr);
      }
    }
  }
}

}  // namespace

double PlotFrame::to_x(double data_x) const {
  return area.x + (data_x - x_min) / (x_max - x_min) * area.width;
}

double PlotFrame::to_y(double data_y) const {
  return area.y + area.height - (data_y - y_min) / (y_max - y_min) * area.height;
}

bool has_data(const PlotSpec& spec) {
  Range xr, yr;
  data_ranges(spec, xr, yr);
  return !xr.empty() && !yr.empty();
}

std::vector<double> nice_ticks(double lo, double hi, int wanted) {
  if (!(hi > lo) || wanted < 1) return {lo};
  const double raw = (hi - lo) / wanted;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push_back(t);
  }
  return ticks;
}

void decimate_min_max(const std::vector<double>& x, const std::vector<double>& y,
                      std::size_t buckets, std::vector<double>& out_x, std::vector<double>& out_y) {
  out_x.clear();
  out_y.clear();
  const std::size_t n = std::min(x.size(), y.size());
  if (n <= 3 * buckets || buckets == 0) {
    out_x.assign(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n));
    out_y.assign(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(n));
    return;
  }
  std::size_t start = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::size_t end = (b + 1) * n / buckets;
    if (end <= start) continue;
    std::size_t lo = start, hi = start;
    for (std::size_t i = start; i < end; ++i) {
      if (y[i] < y[lo]) lo = i;
      if (y[i] > y[hi]) hi = i;
    }
    std::vector<std::size_t> keep{start, lo, hi};
    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    for (std::size_t i : keep) {
      out_x.push_back(x[i]);
      out_y.push_back(y[i]);
    }
    start = end;
  }
  out_x.push_back(x[n - 1]);
  out_y.push_back(y[n - 1]);
}

PlotFrame draw_plot(cairo_t* cr, const PlotSpec& spec, const Rect& box) {
  cairo_save(cr);
  PlotFrame f;
  f.area = {box.x + kMarginLeft, box.y + kMarginTop, box.width - kMarginLeft - kMarginRight,
            box.height - kMarginTop - kMarginBottom};

  set_colour(cr, palette::kAxis);
  set_font(cr, kTitleSize, true);
  text_at(cr, spec.title, box.x, box.y + 11, 0);

  Range xr, yr;
  data_ranges(spec, xr, yr);
  f.has_data = !xr.empty() && !yr.empty();
  if (!f.has_data) {
    cairo_set_line_width(cr, 0.6);
    cairo_rectangle(cr, f.area.x, f.area.y, f.area.width, f.area.height);
    cairo_stroke(cr);
    set_font(cr, kLabelSize + 1);
    text_at(cr, spec.empty_message, f.area.x + f.area.width / 2, f.area.y + f.area.height / 2, 0.5);
    cairo_restore(cr);
    return f;
  }

  f.x_min = spec.x_min.value_or(xr.lo);
  f.x_max = spec.x_max.value_or(xr.hi);
  if (!(f.x_max > f.x_min)) {
    f.x_min -= 1;
    f.x_max += 1;
  }
  double y_lo = spec.y_min.value_or(yr.lo);
  double y_hi = spec.y_max.value_or(yr.hi);
  if (!(y_hi > y_lo)) {
    y_lo -= 1;
    y_hi += 1;
  }
  // Headroom, so that a point or reference line at the maximum does not sit
  // on the frame.
  if (!spec.y_max) y_hi += 0.04 * (y_hi - y_lo);
  const auto y_ticks_raw = nice_ticks(y_lo, y_hi, 5);
  const double y_step = tick_step(y_ticks_raw);
  // Round open limits out to whole ticks so the frame starts and ends on one.
  f.y_min = spec.y_min ? y_lo : std::floor(y_lo / y_step + 1e-9) * y_step;
  f.y_max = spec.y_max ? y_hi : std::ceil(y_hi / y_step - 1e-9) * y_step;
  if (!(f.y_max > f.y_min)) f.y_max = f.y_min + y_step;
  const auto y_ticks = nice_ticks(f.y_min, f.y_max, 5);
  const auto x_ticks = nice_ticks(f.x_min, f.x_max, spec.x_ticks_wanted);

  // Plot background and grid.
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, f.area.x, f.area.y, f.area.width, f.area.height);
  cairo_fill(cr);
  set_colour(cr, palette::kGrid);
  cairo_set_line_width(cr, 0.4);
  for (double t : y_ticks) {
    cairo_move_to(cr, f.area.x, f.to_y(t));
    cairo_line_to(cr, f.area.x + f.area.width, f.to_y(t));
  }
  cairo_stroke(cr);

  // Data, clipped to the data area.
  cairo_save(cr);
  cairo_rectangle(cr, f.area.x, f.area.y, f.area.width, f.area.height);
  cairo_clip(cr);
  for (const auto& s : spec.spans) {
    set_colour(cr, palette::kSpan);
    cairo_rectangle(cr, f.to_x(s.x0), f.area.y, f.to_x(s.x1) - f.to_x(s.x0), f.area.height);
    cairo_fill(cr);
  }
  for (const auto& b : spec.bands) draw_band(cr, f, b);
  for (const auto& s : spec.spans) {
    set_colour(cr, palette::kAxis);
    set_font(cr, kLabelSize - 0.5);
    text_at(cr, s.label, (f.to_x(s.x0) + f.to_x(s.x1)) / 2, f.area.y + 8, 0.5);
  }
  for (const auto& bars : spec.bars) {
    set_colour(cr, bars.colour);
    for (std::size_t i = 0; i < std::min(bars.x.size(), bars.y.size()); ++i) {
      if (!std::isfinite(bars.y[i])) continue;
      const double x0 = f.to_x(bars.x[i] - bars.bar_width / 2);
      const double x1 = f.to_x(bars.x[i] + bars.bar_width / 2);
      const double y0 = f.to_y(std::max(0.0, f.y_min));
      cairo_rectangle(cr, x0, f.to_y(bars.y[i]), x1 - x0, y0 - f.to_y(bars.y[i]));
    }
    cairo_fill(cr);
  }
  for (const auto& l : spec.lines) draw_line(cr, f, l);
  for (const auto& r : spec.references) {
    set_colour(cr, r.colour);
    cairo_set_line_width(cr, 1.2);
    const double dashes[] = {4.0, 3.0};
    cairo_set_dash(cr, dashes, 2, 0);
    cairo_move_to(cr, f.area.x, f.to_y(r.y));
    cairo_line_to(cr, f.area.x + f.area.width, f.to_y(r.y));
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
  }
  cairo_restore(cr);

  // Frame, ticks and their labels.
  set_colour(cr, palette::kAxis);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, f.area.x, f.area.y, f.area.width, f.area.height);
  cairo_stroke(cr);
  set_font(cr, kLabelSize);
  const double bottom = f.area.y + f.area.height;
  for (double t : x_ticks) {
    cairo_move_to(cr, f.to_x(t), bottom);
    cairo_line_to(cr, f.to_x(t), bottom + 3);
    cairo_stroke(cr);
    text_at(cr, tick_text(t, tick_step(x_ticks)), f.to_x(t), bottom + 11, 0.5);
  }
  for (double t : y_ticks) {
    cairo_move_to(cr, f.area.x - 3, f.to_y(t));
    cairo_line_to(cr, f.area.x, f.to_y(t));
    cairo_stroke(cr);
    text_at(cr, tick_text(t, tick_step(y_ticks)), f.area.x - 5, f.to_y(t) + 2.5, 1);
  }
  text_at(cr, spec.x_label, f.area.x + f.area.width / 2, bottom + 23, 0.5);
  cairo_save(cr);
  cairo_translate(cr, box.x + 9, f.area.y + f.area.height / 2);
  cairo_rotate(cr, -M_PI / 2);
  text_at(cr, spec.y_label, 0, 0, 0.5);
  cairo_restore(cr);

  draw_legend(cr, spec, box);
  cairo_restore(cr);
  return f;
}

}  // namespace bfr::report

#pragma once
// A small chart helper on top of cairo: one plot is described as data
// (PlotSpec) and drawn into a rectangle of any cairo surface, so the PDF page
// and the SVG of the HTML report show the same picture. Axes with "nice"
// ticks, lines with optional markers, bars, shaded bands between two curves,
// vertical spans and horizontal reference lines.

#include <cairo.h>

#include <optional>
#include <string>
#include <vector>

namespace bfr::report {

struct Colour {
  double r = 0;
  double g = 0;
  double b = 0;
};

// The report's palette. Tests look for these colours in rendered pages, so
// they are named here once.
namespace palette {
inline constexpr Colour kTrace{0.05, 0.25, 0.85};      // measured cuff pressure
inline constexpr Colour kBand{0.72, 0.90, 0.72};       // target band +-10 %
inline constexpr Colour kTarget{0.10, 0.50, 0.10};     // target line
inline constexpr Colour kSpan{0.93, 0.93, 0.93};       // set spans
inline constexpr Colour kMeasured{0.05, 0.25, 0.85};   // measured LOP points
inline constexpr Colour kEstimated{0.90, 0.45, 0.05};  // estimated LOP points
inline constexpr Colour kBar{0.35, 0.55, 0.80};
inline constexpr Colour kPlanned{0.80, 0.10, 0.10};
inline constexpr Colour kAxis{0.15, 0.15, 0.15};
inline constexpr Colour kGrid{0.85, 0.85, 0.85};
}  // namespace palette

struct LineSeries {
  std::vector<double> x;
  std::vector<double> y;
  Colour colour = palette::kTrace;
  std::string label;  // for the legend; empty = not listed
  double width_pt = 1.2;
  bool line = true;
  bool markers = false;
  bool hollow_markers = false;
};

// The area between `lower` and `upper` is filled; a NaN in either ends one
// piece of the band and starts the next, so the band can have gaps.
struct BandSeries {
  std::vector<double> x;
  std::vector<double> lower;
  std::vector<double> upper;
  Colour colour = palette::kBand;
  std::string label;
};

struct BarSeries {
  std::vector<double> x;  // bar centres
  std::vector<double> y;
  double bar_width = 0.6;  // in x units
  Colour colour = palette::kBar;
  std::string label;
};

// A vertical shaded strip from x0 to x1 with a short label at its top.
struct Span {
  double x0 = 0;
  double x1 = 0;
  std::string label;
};

struct ReferenceLine {
  double y = 0;
  Colour colour = palette::kPlanned;
  std::string label;
};

struct PlotSpec {
  std::string title;
  std::string x_label;
  std::string y_label;
  // Axis limits; derived from the data when empty.
  std::optional<double> x_min, x_max, y_min, y_max;
  int x_ticks_wanted = 8;  // about this many ticks on the x axis
  std::vector<Span> spans;
  std::vector<BandSeries> bands;
  std::vector<BarSeries> bars;
  std::vector<LineSeries> lines;
  std::vector<ReferenceLine> references;
  // Shown in the plot area when there is nothing to draw.
  std::string empty_message = "not recorded";
};

struct Rect {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

// Where a drawn plot's data area lies and which data range it shows, so
// that a caller (or a test) can map data to page coordinates.
struct PlotFrame {
  Rect area;  // the data area inside the axes, in the surface's units
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  bool has_data = false;

  double to_x(double data_x) const;
  double to_y(double data_y) const;
};

bool has_data(const PlotSpec& spec);

// Draws `spec` into `box` of `cr` (units: points). Leaves the cairo state as
// it found it.
PlotFrame draw_plot(cairo_t* cr, const PlotSpec& spec, const Rect& box);

// Ticks at 1, 2 or 5 times a power of ten covering [lo, hi], about `wanted`
// of them.
std::vector<double> nice_ticks(double lo, double hi, int wanted);

// Keeps the shape of a long series for drawing: for each of `buckets`
// equal slices of x, the first, lowest and highest points (in x order).
void decimate_min_max(const std::vector<double>& x, const std::vector<double>& y,
                      std::size_t buckets, std::vector<double>& out_x, std::vector<double>& out_y);

}  // namespace bfr::report

#pragma once
// Lays a ReportDocument out on A4 pages with cairo's PDF surface: real text
// (cairo's text API, DejaVu Sans), tables that continue on the next page with
// their header repeated, and the plots drawn by plot.hpp.

#include <string>
#include <vector>

#include "report/plot.hpp"
#include "report/report_document.hpp"

namespace bfr::report {

// A4 in points (1/72 inch).
inline constexpr double kA4WidthPt = 595.276;
inline constexpr double kA4HeightPt = 841.890;

// Where a figure landed, so that its pixels can be found in a rendering.
struct PlacedFigure {
  int page = 0;  // from 0
  std::string title;
  PlotFrame frame;  // in points from the page's top left corner
};

struct RenderedPdf {
  std::string bytes;
  int pages = 0;
  std::vector<PlacedFigure> figures;
};

// Throws std::runtime_error when cairo reports an error.
RenderedPdf render_pdf(const ReportDocument& doc);

}  // namespace bfr::report

#pragma once
// The same ReportDocument as one self-contained HTML file: inline CSS, tables
// as <table>, and each plot as inline SVG drawn by cairo's SVG surface with
// the same plot code as the PDF.

#include <string>

#include "report/plot.hpp"
#include "report/report_document.hpp"

namespace bfr::report {

// One plot as an <svg> element (no XML declaration). Element ids get
// `id_prefix` so that several plots can share one HTML document.
std::string plot_svg(const PlotSpec& spec, double width_pt, double height_pt,
                     const std::string& id_prefix);

std::string render_html(const ReportDocument& doc);

// Escapes &, <, >, " and ' for HTML text and attributes.
std::string html_escape(const std::string& text);

}  // namespace bfr::report

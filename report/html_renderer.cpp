#include "report/html_renderer.hpp"

#include <cairo-svg.h>
#include <fmt/format.h>

#include <memory>
#include <stdexcept>
#include <variant>

#include "report/cairo_text.hpp"
#include "report/pdf_renderer.hpp"

namespace bfr::report {
namespace {

// Plots are drawn at the PDF's width so that text and lines keep the same
// proportions in both formats.
constexpr double kPlotWidthPt = kA4WidthPt - 2 * 42;

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 13px; color: #111;
       max-width: 820px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 22px; margin-bottom: 0.2em; }
.subtitle { color: #333; margin-top: 0; border-bottom: 1px solid #999; padding-bottom: 0.5em; }
h2 { font-size: 16px; color: #0d2659; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0 0.8em; }
th { background: #dbe3f0; text-align: left; }
th, td { padding: 2px 6px; }
table.data tr:nth-child(even) td { background: #f5f5f5; }
table.fields td:first-child { color: #555; width: 35%; }
figure { margin: 0.5em 0 1em; }
figure svg { width: 100%; height: auto; }
footer { color: #555; font-size: 11px; border-top: 1px solid #999; margin-top: 2em; padding-top: 0.4em; }
)";

class HtmlWriter {
 public:
  void operator()(const Heading& h) { out_ += fmt::format("<h2>{}</h2>\n", html_escape(h.text)); }
  void operator()(const Paragraph& p) { out_ += fmt::format("<p>{}</p>\n", html_escape(p.text)); }
  void operator()(const Fields& f) {
    out_ += "<table class=\"fields\">\n";
    for (const auto& [label, value] : f.rows) {
      out_ +=
          fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", html_escape(label), html_escape(value));
    }
    out_ += "</table>\n";
  }
  void operator()(const Table& t) {
    if (t.rows.empty()) {
      (*this)(Paragraph{t.empty_text});
      return;
    }
    out_ += "<table class=\"data\">\n<thead><tr>";
    for (const auto& h : t.header) out_ += fmt::format("<th>{}</th>", html_escape(h));
    out_ += "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) {
      out_ += "<tr>";
      for (const auto& cell : row) out_ += fmt::format("<td>{}</td>", html_escape(cell));
      out_ += "</tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }
  void operator()(const Figure& f) {
    const std::string prefix = fmt::format("plot{}-", ++figures_);
    out_ += fmt::format("<figure aria-label=\"{}\">\n{}</figure>\n", html_escape(f.plot.title),
                        plot_svg(f.plot, kPlotWidthPt, f.height_pt, prefix));
  }
  std::string& text() { return out_; }

 private:
  std::string out_;
  int figures_ = 0;
};

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string plot_svg(const PlotSpec& spec, double width_pt, double height_pt,
                     const std::string& id_prefix) {
  std::string svg;
  {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_svg_surface_create_for_stream(append_to_string, &svg, width_pt, height_pt),
        cairo_surface_destroy);
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                          cairo_destroy);
    draw_plot(cr.get(), spec, {0, 0, width_pt, height_pt});
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      throw std::runtime_error(fmt::format("cannot draw the plot '{}': {}", spec.title,
                                           cairo_status_to_string(cairo_status(cr.get()))));
    }
    cairo_surface_finish(surface.get());
  }
  // Inline SVG shares the page's id space: cairo names glyphs and clip paths
  // the same way in every plot, so each plot's ids get their own prefix.
  const auto start = svg.find("<svg");
  if (start == std::string::npos) throw std::runtime_error("cairo wrote no SVG element");
  svg.erase(0, start);
  replace_all(svg, "id=\"", "id=\"" + id_prefix);
  replace_all(svg, "href=\"#", "href=\"#" + id_prefix);
  replace_all(svg, "url(#", "url(#" + id_prefix);
  return svg;
}

std::string render_html(const ReportDocument& doc) {
  HtmlWriter writer;
  for (const auto& block : doc.blocks) std::visit(writer, block);
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>{0}</title>\n<style>{1}</style>\n</head>\n<body>\n<h1>{0}</h1>\n"
      "<p class=\"subtitle\">{2}</p>\n{3}<footer>{4}</footer>\n</body>\n</html>\n",
      html_escape(doc.title), kStyle, html_escape(doc.subtitle), writer.text(),
      html_escape(doc.footer));
}

}  // namespace bfr::report

#include "report/pdf_renderer.hpp"

#include <cairo-pdf.h>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "report/cairo_text.hpp"

namespace bfr::report {
namespace {

constexpr double kMargin = 42;
constexpr double kContentWidth = kA4WidthPt - 2 * kMargin;
constexpr double kFooterY = kA4HeightPt - 24;
constexpr double kBottom = kA4HeightPt - 44;  // content ends above the footer
constexpr double kBodySize = 8.5;
constexpr double kLineHeight = 11.5;
constexpr double kHeadingSize = 11.5;
constexpr double kFieldLabelWidth = 190;
constexpr double kTableSize = 8;
constexpr double kMinTableSize = 5.5;
constexpr double kCellPadding = 6;

void check(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(fmt::format("{}: {}", what, cairo_status_to_string(status)));
  }
}

class PageWriter {
 public:
  PageWriter(cairo_t* cr, const ReportDocument& doc) : cr_(cr), doc_(doc) {}

  void begin() {
    y_ = kMargin;
    cairo_set_source_rgb(cr_, 0, 0, 0);
    set_font(cr_, 16, true);
    text_at(cr_, doc_.title, kMargin, y_ + 14);
    y_ += 22;
    set_font(cr_, 9.5);
    for (const auto& line : wrap_text(cr_, doc_.subtitle, kContentWidth)) {
      text_at(cr_, line, kMargin, y_ + 10);
      y_ += 13;
    }
    rule(y_ + 3);
    y_ += 10;
  }

  void finish() {
    footer();
    cairo_show_page(cr_);
  }

  void write(const Heading& h) {
    // Keep a heading with at least a few lines of what follows.
    need(kHeadingSize + 14 + 3 * kLineHeight);
    y_ += 8;
    cairo_set_source_rgb(cr_, 0.05, 0.15, 0.35);
    set_font(cr_, kHeadingSize, true);
    text_at(cr_, h.text, kMargin, y_ + kHeadingSize);
    y_ += kHeadingSize + 5;
  }

  void write(const Paragraph& p) {
    set_font(cr_, kBodySize);
    for (const auto& line : wrap_text(cr_, p.text, kContentWidth)) {
      need(kLineHeight);
      cairo_set_source_rgb(cr_, 0, 0, 0);
      text_at(cr_, line, kMargin, y_ + kBodySize);
      y_ += kLineHeight;
    }
    y_ += 3;
  }

  void write(const Fields& f) {
    for (const auto& [label, value] : f.rows) {
      set_font(cr_, kBodySize);
      const auto lines = wrap_text(cr_, value, kContentWidth - kFieldLabelWidth);
      need(kLineHeight * static_cast<double>(lines.size()));
      cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
      text_at(cr_, label, kMargin, y_ + kBodySize);
      cairo_set_source_rgb(cr_, 0, 0, 0);
      for (const auto& line : lines) {
        text_at(cr_, line, kMargin + kFieldLabelWidth, y_ + kBodySize);
        y_ += kLineHeight;
      }
    }
    y_ += 3;
  }

  void write(const Table& t) {
    if (t.rows.empty()) {
      write(Paragraph{t.empty_text});
      return;
    }
    // Columns as wide as their widest cell; a smaller font when the table
    // would not fit the page width.
    double size = kTableSize;
    std::vector<double> widths;
    for (;;) {
      widths = column_widths(t, size);
      double total = 0;
      for (double w : widths) total += w;
      if (total <= kContentWidth || size <= kMinTableSize) {
        // Columns stay compact; the last one takes what is left of the line.
        widths.back() += std::max(0.0, kContentWidth - total);
        break;
      }
      size -= 0.5;
    }
    const double row_height = size + 5;
    need(2 * row_height);
    table_row(t.header, widths, size, row_height, true);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      if (y_ + row_height > kBottom) {
        new_page();
        table_row(t.header, widths, size, row_height, true);
      }
      if (r % 2 == 1) {
        cairo_set_source_rgb(cr_, 0.96, 0.96, 0.96);
        cairo_rectangle(cr_, kMargin, y_, kContentWidth, row_height);
        cairo_fill(cr_);
      }
      table_row(t.rows[r], widths, size, row_height, false);
    }
    y_ += 5;
  }

  void write(const Figure& f) {
    need(f.height_pt);
    const Rect box{kMargin, y_, kContentWidth, f.height_pt};
    const PlotFrame frame = draw_plot(cr_, f.plot, box);
    figures_.push_back({page_, f.plot.title, frame});
    y_ += f.height_pt + 6;
  }

  int pages() const { return page_ + 1; }
  std::vector<PlacedFigure> figures() const { return figures_; }

 private:
  std::vector<double> column_widths(const Table& t, double size) {
    std::vector<double> widths(t.header.size(), 0);
    set_font(cr_, size, true);
    for (std::size_t c = 0; c < t.header.size(); ++c) {
      widths[c] = text_width(cr_, t.header[c]) + kCellPadding;
    }
    set_font(cr_, size);
    for (const auto& row : t.rows) {
      for (std::size_t c = 0; c < std::min(row.size(), widths.size()); ++c) {
        widths[c] = std::max(widths[c], text_width(cr_, row[c]) + kCellPadding);
      }
    }
    return widths;
  }

  void table_row(const std::vector<std::string>& cells, const std::vector<double>& widths,
                 double size, double row_height, bool header) {
    if (header) {
      cairo_set_source_rgb(cr_, 0.86, 0.89, 0.94);
      cairo_rectangle(cr_, kMargin, y_, kContentWidth, row_height);
      cairo_fill(cr_);
    }
    cairo_set_source_rgb(cr_, 0, 0, 0);
    set_font(cr_, size, header);
    double x = kMargin;
    for (std::size_t c = 0; c < std::min(cells.size(), widths.size()); ++c) {
      text_at(cr_, cells[c], x + kCellPadding / 2, y_ + size + 1);
      x += widths[c];
    }
    y_ += row_height;
  }

  void need(double height) {
    if (y_ + height > kBottom) new_page();
  }

  void new_page() {
    finish();
    ++page_;
    y_ = kMargin;
  }

  void rule(double y) {
    cairo_set_source_rgb(cr_, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, kMargin, y);
    cairo_line_to(cr_, kA4WidthPt - kMargin, y);
    cairo_stroke(cr_);
  }

  void footer() {
    rule(kFooterY - 10);
    cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
    set_font(cr_, 7);
    text_at(cr_, doc_.footer, kMargin, kFooterY);
    text_at(cr_, fmt::format("page {}", page_ + 1), kA4WidthPt - kMargin, kFooterY, 1);
  }

  cairo_t* cr_;
  const ReportDocument& doc_;
  double y_ = kMargin;
  int page_ = 0;
  std::vector<PlacedFigure> figures_;
};

}  // namespace

RenderedPdf render_pdf(const ReportDocument& doc) {
  RenderedPdf out;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(append_to_string, &out.bytes, kA4WidthPt, kA4HeightPt),
      cairo_surface_destroy);
  check(cairo_surface_status(surface.get()), "cannot create the PDF surface");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "OpenBFR");
  {
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                          cairo_destroy);
    PageWriter writer(cr.get(), doc);
    writer.begin();
    for (const auto& block : doc.blocks) {
      std::visit([&](const auto& b) { writer.write(b); }, block);
    }
    writer.finish();
    check(cairo_status(cr.get()), "cannot draw the PDF");
    out.pages = writer.pages();
    out.figures = writer.figures();
  }
  cairo_surface_finish(surface.get());
  check(cairo_surface_status(surface.get()), "cannot write the PDF");
  return out;
}

}  // namespace bfr::report

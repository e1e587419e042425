#pragma once
// Text on a cairo surface with cairo's own text API and the DejaVu fonts
// (fonts-dejavu-core), shared by the plots and the PDF page layout.

#include <cairo.h>

#include <string>
#include <vector>

namespace bfr::report {

inline constexpr const char* kFontFamily = "DejaVu Sans";

void set_font(cairo_t* cr, double size_pt, bool bold = false);
double text_width(cairo_t* cr, const std::string& text);
// Draws `text` with its baseline at `y`; `align` 0 = left edge at x,
// 0.5 = centred on x, 1 = right edge at x.
void text_at(cairo_t* cr, const std::string& text, double x, double y, double align = 0);
// Splits at spaces into lines no wider than `width` in the current font; a
// single word wider than that gets a line of its own.
std::vector<std::string> wrap_text(cairo_t* cr, const std::string& text, double width);

// A cairo write callback for the *_create_for_stream surfaces: appends the
// bytes to the std::string that `closure` points to.
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length);

}  // namespace bfr::report

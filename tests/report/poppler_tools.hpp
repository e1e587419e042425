#pragma once
// pdftotext and pdftoppm (poppler-utils) for reading rendered reports back,
// and PNG pages loaded through cairo for pixel checks. A missing tool is a
// test failure with a message saying what to install, never a skip.

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "report/plot.hpp"

namespace bfr::testing {

// Pages are rendered back at this resolution for pixel checks; `px` turns a
// length on the page in points into pixels at it.
inline constexpr int kDpi = 50;
inline constexpr double kPixelsPerPoint = kDpi / 72.0;
inline int px(double points) {
  return static_cast<int>(std::lround(points * kPixelsPerPoint));
}

// True when some line of `text` has a match for the regular expression.
bool has_line_matching(const std::string& text, const std::string& pattern);

// Empty when `tool` is on PATH, else the message to fail with.
std::string missing_tool_message(const std::string& tool);

// The PDF's text with its layout kept (pdftotext -layout).
std::string pdf_text(const std::filesystem::path& pdf);

// Pages as PNG files at `dpi` (pdftoppm -png -r dpi), first page first.
std::vector<std::filesystem::path> pdf_pages_png(const std::filesystem::path& pdf, int dpi,
                                                 const std::filesystem::path& out_prefix);

struct Rgb {
  int r = 0, g = 0, b = 0;
};

class PngImage {
 public:
  explicit PngImage(const std::filesystem::path& png);
  int width() const { return width_; }
  int height() const { return height_; }
  Rgb at(int x, int y) const;
  // Pixels in the rectangle [x0, x1) x [y0, y1) (clamped to the image) within
  // `tolerance` of `colour` on every channel.
  int count_near(report::Colour colour, int tolerance, int x0, int y0, int x1, int y1) const;
  // Pixels in the whole image that are not (near) white.
  int count_non_white() const;

 private:
  int width_ = 0;
  int height_ = 0;
  std::vector<Rgb> pixels_;
};

}  // namespace bfr::testing

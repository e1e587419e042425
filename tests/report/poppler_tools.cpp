#include "tests/report/poppler_tools.hpp"

#include <cairo.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace bfr::testing {
namespace {

std::string quoted_for_shell(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

void run(const std::string& command) {
  const int status = std::system(command.c_str());
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("command failed: " + command);
  }
}

int channel(double v) {
  return static_cast<int>(std::lround(v * 255));
}

}  // namespace

std::string missing_tool_message(const std::string& tool) {
  const std::string probe = "command -v " + quoted_for_shell(tool) + " >/dev/null 2>&1";
  if (std::system(probe.c_str()) == 0) return {};
  return tool +
         " is not installed: the report tests need poppler-utils "
         "(apt-get install poppler-utils)";
}

std::string pdf_text(const std::filesystem::path& pdf) {
  const auto txt = std::filesystem::path(pdf).replace_extension(".txt");
  run("pdftotext -layout " + quoted_for_shell(pdf.string()) + " " + quoted_for_shell(txt.string()));
  std::ifstream in(txt);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::filesystem::path> pdf_pages_png(const std::filesystem::path& pdf, int dpi,
                                                 const std::filesystem::path& out_prefix) {
  run("pdftoppm -png -r " + std::to_string(dpi) + " " + quoted_for_shell(pdf.string()) + " " +
      quoted_for_shell(out_prefix.string()));
  // pdftoppm numbers pages prefix-1.png (or -01 with more than 9 pages).
  std::vector<std::filesystem::path> pages;
  const std::string stem = out_prefix.filename().string() + "-";
  for (const auto& entry : std::filesystem::directory_iterator(out_prefix.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(stem, 0) == 0 && entry.path().extension() == ".png" &&
        name.find_first_not_of("0123456789", stem.size()) == name.size() - 4) {
      pages.push_back(entry.path());
    }
  }
  std::sort(pages.begin(), pages.end(), [](const auto& a, const auto& b) {
    return a.string().size() != b.string().size() ? a.string().size() < b.string().size() : a < b;
  });
  return pages;
}

PngImage::PngImage(const std::filesystem::path& png) {
  cairo_surface_t* surface = cairo_image_surface_create_from_png(png.c_str());
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    throw std::runtime_error("cannot read " + png.string());
  }
  cairo_surface_t* rgb =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, cairo_image_surface_get_width(surface),
                                 cairo_image_surface_get_height(surface));
  cairo_t* cr = cairo_create(rgb);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_surface(cr, surface, 0, 0);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_flush(rgb);
  width_ = cairo_image_surface_get_width(rgb);
  height_ = cairo_image_surface_get_height(rgb);
  const int stride = cairo_image_surface_get_stride(rgb);
  const unsigned char* data = cairo_image_surface_get_data(rgb);
  pixels_.reserve(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_));
  for (int y = 0; y < height_; ++y) {
    for (int x = 0; x < width_; ++x) {
      // RGB24 is a native-endian 32-bit word 0x00RRGGBB.
      std::uint32_t word = 0;
      std::memcpy(&word, data + static_cast<std::ptrdiff_t>(y) * stride + 4 * x, 4);
      pixels_.push_back({static_cast<int>((word >> 16) & 0xff),
                         static_cast<int>((word >> 8) & 0xff), static_cast<int>(word & 0xff)});
    }
  }
  cairo_surface_destroy(rgb);
  cairo_surface_destroy(surface);
}

Rgb PngImage::at(int x, int y) const {
  return pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                 static_cast<std::size_t>(x)];
}

int PngImage::count_near(report::Colour colour, int tolerance, int x0, int y0, int x1,
                         int y1) const {
  const Rgb want{channel(colour.r), channel(colour.g), channel(colour.b)};
  int n = 0;
  for (int y = std::max(0, y0); y < std::min(height_, y1); ++y) {
    for (int x = std::max(0, x0); x < std::min(width_, x1); ++x) {
      const Rgb p = at(x, y);
      if (std::abs(p.r - want.r) <= tolerance && std::abs(p.g - want.g) <= tolerance &&
          std::abs(p.b - want.b) <= tolerance) {
        ++n;
      }
    }
  }
  return n;
}

int PngImage::count_non_white() const {
  return static_cast<int>(std::count_if(pixels_.begin(), pixels_.end(), [](const Rgb& p) {
    return p.r < 240 || p.g < 240 || p.b < 240;
  }));
}

bool has_line_matching(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_search(line, re)) return true;
  }
  return false;
}

}  // namespace bfr::testing

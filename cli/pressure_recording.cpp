#include "cli/pressure_recording.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace bfr::cli {
namespace {

constexpr double kMinRateHz = 50;
constexpr double kMinDurationS = 5;

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  for (std::string f; std::getline(ss, f, ',');) {
    while (!f.empty() && (f.back() == '\r' || f.back() == ' ')) f.pop_back();
    while (!f.empty() && f.front() == ' ') f.erase(f.begin());
    out.push_back(f);
  }
  return out;
}

bool parse_number(const std::string& text, double& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

}  // namespace

PressureRecording read_pressure_recording(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw RecordingError(fmt::format("{}: cannot open the file", path.string()));
  const std::string name = path.filename().string();
  std::string line;
  std::size_t line_no = 0;
  int time_col = -1, cuff_col = -1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const auto header = split(line);
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == "time_s") time_col = static_cast<int>(i);
      if (header[i] == "cuff_pressure_mmhg" || header[i] == "sensor_mmhg") {
        if (cuff_col < 0) cuff_col = static_cast<int>(i);
      }
    }
    break;
  }
  if (time_col < 0 || cuff_col < 0) {
    throw RecordingError(
        fmt::format("{}: the header must name the columns time_s and cuff_pressure_mmhg", name));
  }
  PressureRecording rec;
  const auto need = static_cast<std::size_t>(std::max(time_col, cuff_col));
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r" || line[0] == '#') continue;
    const auto f = split(line);
    double t = 0, p = 0;
    if (f.size() <= need || !parse_number(f[static_cast<std::size_t>(time_col)], t) ||
        !parse_number(f[static_cast<std::size_t>(cuff_col)], p)) {
      throw RecordingError(fmt::format("{}: line {}: expected two numbers, got '{}'", name, line_no,
                                       line.substr(0, 60)));
    }
    if (!rec.time_s.empty() && t <= rec.time_s.back()) {
      throw RecordingError(
          fmt::format("{}: line {}: time {} s does not increase", name, line_no, t));
    }
    rec.time_s.push_back(t);
    rec.cuff_mmhg.push_back(p);
  }
  if (rec.time_s.size() < 2) throw RecordingError(fmt::format("{}: no samples", name));
  std::vector<double> dt;
  dt.reserve(rec.time_s.size() - 1);
  for (std::size_t i = 1; i < rec.time_s.size(); ++i)
    dt.push_back(rec.time_s[i] - rec.time_s[i - 1]);
  std::nth_element(dt.begin(), dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2), dt.end());
  rec.sample_rate_hz = 1.0 / dt[dt.size() / 2];
  if (rec.sample_rate_hz < kMinRateHz - 1e-6) {
    throw RecordingError(fmt::format(
        "{}: sampled at {:.1f} Hz; the pulse detector needs at least {:.0f} samples per second",
        name, rec.sample_rate_hz, kMinRateHz));
  }
  if (rec.time_s.back() - rec.time_s.front() < kMinDurationS) {
    throw RecordingError(fmt::format("{}: only {:.1f} s long; a sweep needs at least {:.0f} s",
                                     name, rec.time_s.back() - rec.time_s.front(), kMinDurationS));
  }
  return rec;
}

PressureRecording decimate(const PressureRecording& in, double max_rate_hz) {
  const auto factor = static_cast<std::size_t>(std::ceil(in.sample_rate_hz / max_rate_hz - 1e-9));
  if (factor <= 1) return in;
  PressureRecording out;
  out.sample_rate_hz = in.sample_rate_hz / static_cast<double>(factor);
  for (std::size_t i = 0; i + factor <= in.time_s.size(); i += factor) {
    double sum = 0;
    for (std::size_t k = 0; k < factor; ++k) sum += in.cuff_mmhg[i + k];
    out.time_s.push_back(in.time_s[i + factor - 1]);
    out.cuff_mmhg.push_back(sum / static_cast<double>(factor));
  }
  return out;
}

}  // namespace bfr::cli

#include "tests/runtime/trace_rows.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace bfr::runtime::testing {

std::vector<TraceRow> read_trace(const std::string& path) {
  std::vector<TraceRow> rows;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) f.push_back(field);
    if (f.size() < 8) continue;  // a row still being written
    TraceRow r;
    r.wall_s = std::stod(f[0]);
    r.cuff = std::stoi(f[2]);
    r.pressure = std::stod(f[3]);
    r.phase = f[5];
    r.host_connected = f[7] == "1";
    if (f.size() > 8 && !f[8].empty()) r.host_silent_s = std::stod(f[8]);
    rows.push_back(r);
  }
  return rows;
}

HostLossMeasure measure_host_loss(const std::vector<TraceRow>& rows) {
  HostLossMeasure m;
  std::size_t last_connected = rows.size();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].host_connected) last_connected = i;
  }
  if (last_connected == rows.size()) return m;
  for (std::size_t i = last_connected; i < rows.size(); ++i) {
    m.peak_after_host_mmhg = std::max(m.peak_after_host_mmhg, rows[i].pressure);
    if (rows[i].cuff == 0 && rows[i].pressure < 20.0 && rows[i].host_silent_s) {
      m.found = true;
      m.silent_to_below_20_s = *rows[i].host_silent_s;
      return m;
    }
  }
  return m;
}

}  // namespace bfr::runtime::testing

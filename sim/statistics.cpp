#include "sim/statistics.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::sim {

Summary summarise(std::vector<double> values) {
  Summary s;
  s.n = values.size();
  if (values.empty()) return s;
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  double sq = 0;
  for (double v : values) sq += (v - s.mean) * (v - s.mean);
  s.sd = s.n > 1 ? std::sqrt(sq / static_cast<double>(s.n - 1)) : 0;
  std::sort(values.begin(), values.end());
  const std::size_t mid = s.n / 2;
  s.median = s.n % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
  return s;
}

}  // namespace bfr::sim

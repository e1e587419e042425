#pragma once
// Summary statistics for simulator validation and population reports.

#include <vector>

namespace bfr::sim {

struct Summary {
  double mean = 0;
  double sd = 0;  // sample SD (n - 1)
  double median = 0;
  std::size_t n = 0;
};

Summary summarise(std::vector<double> values);

}  // namespace bfr::sim

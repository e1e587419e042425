#pragma once
// `bfr lop estimate`: LOP predicted from a published equation
// (core/lop_prediction.hpp) for when it cannot be measured through the cuff.
// The output always says it is an estimate, names the equation, and gives
// its standard error and 95 % interval.

#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

struct LopEstimateOptions {
  std::string segment;  // "thigh" or "upper_arm"
  double cuff_width_cm = 0;
  double circumference_cm = 0;
  double systolic_mmhg = 0;
  double age_years = 0;
  std::string sex;  // "female" or "male"
  bool json = false;
};

// Adds `estimate` under `lop` with its options and checks (positive numbers,
// a known segment and sex), so that a bad value is a usage error (exit 2).
CLI::App* add_lop_estimate_command(CLI::App& lop, LopEstimateOptions& options);

// Prints the estimate; 0 with an estimate, 3 when no equation applies (the
// reason is printed).
int run_lop_estimate(const LopEstimateOptions& options);

}  // namespace bfr::cli

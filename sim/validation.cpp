#include "sim/validation.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace bfr::sim {
namespace {
constexpr double kMeanToleranceSds = 0.5;
constexpr double kSdTolerance = 0.35;
}  // namespace

bool ValidationReport::all_pass() const {
  return std::all_of(rows.begin(), rows.end(), [](const ValidationRow& r) { return r.pass(); });
}

ValidationRow mean_row(std::string check, std::string source, std::string unit, double model,
                       double published_mean, double published_sd, int published_n) {
  double tolerance = kMeanToleranceSds * published_sd;
  if (published_n > 0) {
    tolerance = std::max(tolerance, 3 * published_sd / std::sqrt(static_cast<double>(published_n)));
  }
  return {std::move(check), std::move(source),          std::move(unit),           model,
          published_mean,   published_mean - tolerance, published_mean + tolerance};
}

ValidationRow sd_row(std::string check, std::string source, std::string unit, double model,
                     double published_sd) {
  return {std::move(check),
          std::move(source),
          std::move(unit),
          model,
          published_sd,
          published_sd * (1 - kSdTolerance),
          published_sd * (1 + kSdTolerance)};
}

ValidationReport run_validation(const ValidationOptions& options) {
  ValidationReport report;
  for (auto part : {validate_lop_cohorts, validate_posture, validate_arm_envelopes,
                    validate_unregulated_swing}) {
    std::vector<ValidationRow> rows = part(options);
    report.rows.insert(report.rows.end(), rows.begin(), rows.end());
  }
  return report;
}

}  // namespace bfr::sim

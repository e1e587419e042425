#pragma once
// An LOP estimated from a published prediction equation (core/lop_prediction,
// docs/LOP.md "Estimation fallback") for a patient's limb, for when it cannot
// be measured through the cuff. Stored as a LopMeasurement whose method is
// "estimated", never as a measured value; the equation's published error
// goes with it wherever it is shown. `bfr lop record --estimate` and the web
// app both make it here.

#include <optional>
#include <string>

#include "clinic/records.hpp"
#include "clinic/rule_result.hpp"

namespace bfr::clinic {

// What the equation says about its own error.
struct LopEstimateError {
  std::string equation;
  std::string citation;
  double standard_error_mmhg = 0;  // the regression's SEE
  double r_squared = 0;
  int n = 0;  // people the equation was derived from
};

struct LopEstimateEntry {
  LopMeasurement record;  // method kEstimated, quality = the equation's R^2
  LopEstimateError error;
  double lower_95_mmhg = 0;
  double upper_95_mmhg = 0;
};

// Refused, with the equation's reason, when no equation applies to this
// limb, cuff and patient (nothing is extrapolated).
Result<LopEstimateEntry> estimate_lop(const Patient& patient, const Limb& limb,
                                      double cuff_width_cm, Posture posture, int year,
                                      const std::string& measured_at);

// The published error of the equation a stored estimate on `segment` with
// `cuff_width_cm` came from (the equation is chosen by segment and width).
std::optional<LopEstimateError> estimate_error_for(LimbSegment segment, double cuff_width_cm);

}  // namespace bfr::clinic

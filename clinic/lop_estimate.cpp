#include "clinic/lop_estimate.hpp"

#include <fmt/format.h>

#include "core/lop_prediction.hpp"

namespace bfr::clinic {

namespace {

LopEstimateError error_of(const core::PredictionEquation& eq) {
  return {eq.name, eq.citation, eq.standard_error.mmhg(), eq.r_squared, eq.n};
}

}  // namespace

Result<LopEstimateEntry> estimate_lop(const Patient& patient, const Limb& limb,
                                      double cuff_width_cm, Posture posture, int year,
                                      const std::string& measured_at) {
  using R = Result<LopEstimateEntry>;
  core::PredictionInputs in;
  in.segment = core_segment(limb.segment);
  in.cuff_width = core::Length::cm(static_cast<float>(cuff_width_cm));
  in.circumference = core::Length::cm(static_cast<float>(limb.circumference_cm));
  in.systolic = core::Pressure::mmhg(static_cast<float>(patient.resting_sbp_mmhg));
  in.age_years = static_cast<float>(year - patient.birth_year);
  in.sex = patient.sex == Sex::kMale ? core::Sex::kMale : core::Sex::kFemale;
  const core::LopPrediction p = core::predict_lop(in);
  if (!p.available) {
    return R::failure(fmt::format(
        "no LOP estimate for this limb and cuff: {}{}", core::to_string(p.reason),
        p.equation != nullptr ? fmt::format(" (equation {})", p.equation->name) : std::string()));
  }
  LopEstimateEntry entry;
  entry.record.limb_id = limb.id;
  entry.record.method = LopMethod::kEstimated;
  entry.record.lop_mmhg = p.estimate.lop.mmhg();
  entry.record.quality = p.equation->r_squared;
  entry.record.posture = posture;
  entry.record.cuff_width_cm = cuff_width_cm;
  entry.record.measured_at = measured_at;
  entry.error = error_of(*p.equation);
  entry.lower_95_mmhg = p.estimate.lower_95.mmhg();
  entry.upper_95_mmhg = p.estimate.upper_95.mmhg();
  return R::success(std::move(entry));
}

std::optional<LopEstimateError> estimate_error_for(LimbSegment segment, double cuff_width_cm) {
  const core::Length width = core::Length::cm(static_cast<float>(cuff_width_cm));
  for (const core::PredictionEquation& eq : core::lop_prediction_equations()) {
    if (eq.segment == core_segment(segment) && eq.cuff_width.contains(width)) return error_of(eq);
  }
  return std::nullopt;
}

}  // namespace bfr::clinic

#include "cli/lop_estimate_command.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include "core/lop_prediction.hpp"

namespace bfr::cli {
namespace {

core::PredictionInputs to_inputs(const LopEstimateOptions& o) {
  core::PredictionInputs in;
  in.segment = o.segment == "upper_arm" ? core::LimbSegment::kUpperArm : core::LimbSegment::kThigh;
  in.cuff_width = core::Length::cm(static_cast<float>(o.cuff_width_cm));
  in.circumference = core::Length::cm(static_cast<float>(o.circumference_cm));
  in.systolic = core::Pressure::mmhg(static_cast<float>(o.systolic_mmhg));
  in.age_years = static_cast<float>(o.age_years);
  in.sex = o.sex == "male" ? core::Sex::kMale : core::Sex::kFemale;
  return in;
}

// For an input out of range: the value given and the range the equation is
// applied over, so the user sees what missed by how much.
std::string range_detail(const core::LopPrediction& p, const LopEstimateOptions& o) {
  if (p.equation == nullptr) return {};
  const core::PredictionEquation& eq = *p.equation;
  switch (p.reason) {
    case core::PredictionRefusal::kCircumferenceOutOfRange:
      return fmt::format("{:g} cm given; applied over {:g}-{:g} cm", o.circumference_cm,
                         eq.circumference.min.cm(), eq.circumference.max.cm());
    case core::PredictionRefusal::kSystolicOutOfRange:
      return fmt::format("{:g} mmHg given; applied over {:g}-{:g} mmHg", o.systolic_mmhg,
                         eq.systolic.min.mmhg(), eq.systolic.max.mmhg());
    case core::PredictionRefusal::kAgeOutOfRange:
      return fmt::format("{:g} y given; applied over {:g}-{:g} y", o.age_years, eq.age_years.min,
                         eq.age_years.max);
    default:
      return {};
  }
}

nlohmann::json inputs_json(const LopEstimateOptions& o) {
  return {{"segment", o.segment},
          {"cuff_width_cm", o.cuff_width_cm},
          {"circumference_cm", o.circumference_cm},
          {"systolic_mmhg", o.systolic_mmhg},
          {"age_years", o.age_years},
          {"sex", o.sex}};
}

}  // namespace

CLI::App* add_lop_estimate_command(CLI::App& lop, LopEstimateOptions& options) {
  auto* cmd = lop.add_subcommand(
      "estimate",
      "ESTIMATE LOP (not a measurement) from a published prediction equation, for when it cannot "
      "be measured through the cuff: the equation, its standard error and 95 % interval, or why "
      "no equation applies");
  cmd->add_option("--segment", options.segment, "Limb segment the cuff is on")
      ->required()
      ->check(CLI::IsMember({"thigh", "upper_arm"}));
  cmd->add_option("--cuff-width-cm", options.cuff_width_cm, "Cuff bladder width (cm)")
      ->required()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--circumference-cm", options.circumference_cm,
                  "Limb circumference where the cuff goes (cm)")
      ->required()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--sbp", options.systolic_mmhg, "Resting systolic blood pressure (mmHg)")
      ->required()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--age", options.age_years, "Age (years)")
      ->required()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--sex", options.sex, "female or male")
      ->required()
      ->check(CLI::IsMember({"female", "male"}));
  cmd->add_flag("--json", options.json, "Print as JSON");
  return cmd;
}

int run_lop_estimate(const LopEstimateOptions& options) {
  const core::LopPrediction p = core::predict_lop(to_inputs(options));
  const std::string detail = range_detail(p, options);

  if (options.json) {
    // The value's key says "estimate", and `measured` is false, so that no
    // consumer can read it as a measured LOP.
    nlohmann::json j{{"kind", "estimate"},
                     {"measured", false},
                     {"available", p.available},
                     {"inputs", inputs_json(options)}};
    if (p.available) {
      const core::LopEstimate& e = p.estimate;
      j["lop_estimate_mmhg"] = e.lop.mmhg();
      j["standard_error_mmhg"] = e.standard_error.mmhg();
      j["interval_95_mmhg"] = {e.lower_95.mmhg(), e.upper_95.mmhg()};
      j["equation"] = e.equation;
      j["citation"] = e.citation;
      j["r_squared"] = p.equation->r_squared;
      j["n"] = p.equation->n;
    } else {
      j["reason"] = core::to_string(p.reason);
      if (!detail.empty()) j["detail"] = detail;
      if (p.equation != nullptr) j["equation"] = p.equation->name;
    }
    fmt::print("{}\n", j.dump(2));
    return p.available ? 0 : 3;
  }

  if (!p.available) {
    fmt::print("no LOP estimate: {}", core::to_string(p.reason));
    if (p.equation != nullptr) {
      fmt::print(" ({}; equation {}, {})", detail, p.equation->name, p.equation->citation);
    }
    fmt::print("\n");
    return 3;
  }
  const core::LopEstimate& e = p.estimate;
  const core::PredictionEquation& eq = *p.equation;
  fmt::print("LOP ESTIMATE (not measured): {:.0f} mmHg\n", e.lop.mmhg());
  fmt::print("  95 % interval {:.0f}-{:.0f} mmHg (+-{:g} x SEE {:.1f} mmHg)\n", e.lower_95.mmhg(),
             e.upper_95.mmhg(), core::kZ95, e.standard_error.mmhg());
  fmt::print("  equation: {}, {}; R^2 {:.2f}\n", e.equation, e.citation, eq.r_squared);
  fmt::print("  inputs: {}, {:g} cm cuff, circumference {:g} cm, SBP {:g} mmHg, age {:g} y, {}\n",
             options.segment, options.cuff_width_cm, options.circumference_cm,
             options.systolic_mmhg, options.age_years, options.sex);
  fmt::print(
      "  A population prediction, not a measurement of this limb: measure LOP through the cuff "
      "whenever it can be done, and do not mix the two.\n");
  // The facts do not give the study's posture, and LOP moves with posture by
  // tens of mmHg (Hughes 2018): an error the interval does not contain.
  fmt::print("  The equation's posture is not known; LOP changes with posture (docs/LOP.md).\n");
  return 0;
}

}  // namespace bfr::cli

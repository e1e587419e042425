#include "device/recorded_sweep_study.hpp"

#include <cmath>
#include <cstdio>

#include "core/recorded_lop_analysis.hpp"
#include "sim/oscillometry.hpp"
#include "sim/parallel.hpp"
#include "sim/population.hpp"
#include "sim/statistics.hpp"

namespace bfr::device {
namespace {
constexpr double kSensorHz = 100;
constexpr double kRateMmhgPerS = 3;
}  // namespace

std::vector<SweepStudyRow> run_sweep_study(int people_per_condition, std::uint64_t seed,
                                           unsigned threads) {
  std::vector<SweepStudyRow> rows;
  const auto n = static_cast<std::size_t>(people_per_condition);
  for (const sim::Segment segment : {sim::Segment::kUpperArm, sim::Segment::kThigh}) {
    const double width = segment == sim::Segment::kThigh ? 11.5 : 13.0;
    for (const double over : {40.0, 70.0}) {
      for (const bool deflating : {true, false}) {
        std::vector<double> ours(n, NAN), classic(n, NAN);
        sim::parallel_for(n, threads, [&](std::size_t i) {
          const sim::Person person = sim::draw_person(sim::general_adult_cohort(), seed, i);
          const auto config =
              sim::plant_for(person, {segment, width}, sim::mpx5050_profile(kSensorHz), seed + i,
                             sim::Posture::kSupine);
          const double lop = sim::Limb(config.limb, config.heart, 1).true_lop_mmhg();
          const sim::SweepSpec sweep = deflating ? sim::SweepSpec{lop + over, 30, kRateMmhgPerS}
                                                 : sim::SweepSpec{30, lop + over, kRateMmhgPerS};
          core::RecordedLopAnalysis analysis(core::Frequency::hz(static_cast<float>(kSensorHz)));
          for (const auto& s : sim::record_sweep(config, sweep)) {
            analysis.add(core::TimePoint::from_us(static_cast<std::int64_t>(s.time_s * 1e6)),
                         core::Pressure::mmhg(static_cast<float>(s.mmhg)));
          }
          const core::RecordedLopResult r = analysis.finish();
          if (!r.ok) return;
          ours[i] = r.estimate.occlusion.mmhg() - lop;
          if (r.estimate.fixed_ratio_ok) classic[i] = r.estimate.fixed_ratio.mmhg() - lop;
        });
        const auto valid = [](const std::vector<double>& v) {
          std::vector<double> out;
          for (double x : v) {
            if (!std::isnan(x)) out.push_back(x);
          }
          return out;
        };
        const sim::Summary a = sim::summarise(valid(ours));
        const sim::Summary b = sim::summarise(valid(classic));
        char condition[64];
        std::snprintf(condition, sizeof condition, "%s %.1f cm, %s, from LOP+%.0f",
                      segment == sim::Segment::kThigh ? "thigh" : "arm", width,
                      deflating ? "deflating" : "inflating", over);
        rows.push_back(
            {condition, people_per_condition, static_cast<int>(a.n), a.mean, a.sd, b.mean, b.sd});
      }
    }
  }
  return rows;
}

}  // namespace bfr::device

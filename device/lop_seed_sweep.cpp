#include "device/lop_seed_sweep.hpp"

#include <cmath>
#include <utility>

namespace bfr::device {

SeedRow seed_row(const PopulationRun& run) {
  const PopulationSummary& s = run.summary;
  SeedRow row;
  row.seed = s.design.seed;
  row.median_time_s = s.median_time_s;
  row.p95_time_s = s.p95_time_s;
  row.accuracy_pass = true;
  for (const SegmentAccuracy& a : s.segments) {
    (a.segment == sim::Segment::kThigh ? row.thigh : row.arm) = a.ours;
    row.accuracy_pass = row.accuracy_pass && a.bias_pass && a.sd_pass;
  }
  row.success_pass = !s.postures.empty();
  bool first = true;
  for (const SuccessRow& p : s.postures) {
    row.success_pass = row.success_pass && p.pass;
    if (first || p.rate < row.worst_success) {
      row.worst_posture = p.name;
      row.worst_success = p.rate;
      first = false;
    }
  }
  for (const LopRunOutcome& o : run.outcomes) {
    if (o.ok && std::abs(o.measured_mmhg - o.true_lop_mmhg) >= kGrossMisreadMmhg) {
      ++row.gross_misreads;
    }
  }
  row.median_pass = s.median_pass;
  row.p95_pass = s.p95_pass;
  row.bounds_pass = s.over_cap == 0 && s.over_time == 0 && s.not_deflated == 0;
  row.pass = s.pass;
  row.missed = s.missed;
  return row;
}

SeedSweep summarise_seeds(const PopulationDesign& first, std::vector<SeedRow> rows) {
  SeedSweep sweep;
  sweep.design = first;
  sweep.rows = std::move(rows);
  for (const SeedRow& r : sweep.rows) {
    sweep.accuracy_held += r.accuracy_pass ? 1 : 0;
    sweep.success_held += r.success_pass ? 1 : 0;
    sweep.median_held += r.median_pass ? 1 : 0;
    sweep.p95_held += r.p95_pass ? 1 : 0;
    sweep.bounds_held += r.bounds_pass ? 1 : 0;
    sweep.every_target_held += r.pass ? 1 : 0;
  }
  return sweep;
}

SeedSweep run_seed_sweep(const PopulationDesign& design, std::size_t seeds, unsigned threads,
                         const PopulationTargets& targets) {
  std::vector<SeedRow> rows;
  rows.reserve(seeds);
  for (std::size_t i = 0; i < seeds; ++i) {
    PopulationDesign d = design;
    d.seed = design.seed + i;
    rows.push_back(seed_row(run_population_bench(d, threads, targets)));
  }
  return summarise_seeds(design, std::move(rows));
}

}  // namespace bfr::device

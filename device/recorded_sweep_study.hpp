#pragma once
// The recorded-sweep LOP analysis on a virtual population, where the true
// LOP is known: simulated oscillometric sweeps (deflating and inflating, arm
// and thigh, two sweep ranges) recorded by the 100 Hz sensor and analysed
// by core::RecordedLopAnalysis. This is how the occlusion threshold was set
// (docs/LOP.md); `bfr lop bench --sweeps` reprints it.

#include <cstdint>
#include <string>
#include <vector>

namespace bfr::device {

struct SweepStudyRow {
  std::string condition;  // e.g. "arm 13 cm, deflating, from LOP+40"
  int sweeps = 0;
  int analysed = 0;
  double bias_mmhg = 0;  // floor-corrected estimate - true LOP
  double sd_mmhg = 0;
  double fixed_ratio_bias_mmhg = 0;  // the classic 0.59 rule on the same envelopes
  double fixed_ratio_sd_mmhg = 0;
};

std::vector<SweepStudyRow> run_sweep_study(int people_per_condition, std::uint64_t seed,
                                           unsigned threads = 0);

}  // namespace bfr::device

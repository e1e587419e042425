#pragma once
// Oscillometric sweeps on the simulated limb: the cuff pressure is moved
// linearly through the arterial pressure range (deflating or inflating, as
// a blood-pressure monitor does) and the size of each beat's oscillation is
// recorded against cuff pressure. This is how Liu 2014 measured the arm
// envelopes that `bfr sim validate` compares with (bfr-facts section 4).

#include <vector>

#include "sim/plant.hpp"

namespace bfr::sim {

struct SweepSpec {
  double from_mmhg = 180;
  double to_mmhg = 40;
  double rate_mmhg_per_s = 3;  // a typical oscillometric deflation rate
};

struct BeatOscillation {
  double cuff_mmhg;       // mean cuff pressure over the beat
  double amplitude_mmhg;  // peak-to-peak oscillation, trend removed
};

// Runs one sweep on a fresh plant built from `config`. The operator pumps
// (or bleeds) along a straight pressure ramp; each heartbeat's oscillation
// is measured on the true cuff pressure, detrended across the beat.
std::vector<BeatOscillation> run_sweep(const PlantConfig& config, const SweepSpec& sweep);

struct SensorSample {
  double time_s;
  double mmhg;
};

// The same sweep as the pressure sensor reports it, one entry per
// conversion: what a device would record.
std::vector<SensorSample> record_sweep(const PlantConfig& config, const SweepSpec& sweep);

struct EnvelopeShape {
  bool valid = false;
  double peak_amplitude_mmhg = 0;
  double peak_cuff_mmhg = 0;
  double width_50_mmhg = 0;  // span of cuff pressure with amplitude >= 50 % of peak
  double width_30_mmhg = 0;  // ... >= 30 % of peak
};

// Envelope of a sweep: amplitudes smoothed with a 3-beat median, then the
// peak and the widths at 50 % and 30 % of it.
EnvelopeShape envelope_shape(const std::vector<BeatOscillation>& beats);

// Oscillation amplitude at a cuff pressure, read off the smoothed envelope
// by linear interpolation (0 outside the swept range).
double amplitude_at(const std::vector<BeatOscillation>& beats, double cuff_mmhg);

}  // namespace bfr::sim

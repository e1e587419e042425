#pragma once
// Motion artefacts: what limb movement does to the cuff pressure, apart
// from the rhythmic contractions of the exercise itself.
//
// The textbook model in bfr-facts section 4: sinc-shaped impulses of about
// 5 mmHg lasting about 3 s; tremor and vibration as a small fast sinusoid
// (its amplitude and frequency are assumptions: 0.5 mmHg at 8 Hz).

#include <vector>

namespace bfr::sim {

enum class MotionShape { kImpulse, kTremor };

struct MotionArtefact {
  double start_s = 0;
  double duration_s = 3.0;
  double amplitude_mmhg = 5.0;
  MotionShape shape = MotionShape::kImpulse;
  double frequency_hz = 8.0;  // tremor only
};

// The sum of the artefacts active at time t, in mmHg of cuff pressure.
class MotionTrack {
 public:
  void add(const MotionArtefact& artefact) { artefacts_.push_back(artefact); }
  double pressure_mmhg(double t_s) const;
  bool active(double t_s) const;

 private:
  std::vector<MotionArtefact> artefacts_;
};

// One artefact's contribution at time t (0 outside its window).
double motion_pressure_mmhg(const MotionArtefact& artefact, double t_s);

}  // namespace bfr::sim

#pragma once
// Keeps motion out of a live LOP measurement.
//
// A limb that moves swings the cuff pressure by about 5 mmHg (bfr-facts
// section 4), with ringing a second or so either side: in the pulse band it
// looks like a few beats of the wrong size. The gate judges each beat's
// size against the median of the last three clean beats; a jolt starts (or
// extends) a motion episode, during which the ramp holds still and every
// beat, from a little before the jolt to the end of the pause, is thrown
// away. Too many episodes, or one that never ends, and the limb will not
// keep still long enough to give a number.
//
// A real change of the pulse (it can treble within a few beats at the foot
// of a fast ramp) would look like a jolt that never ends; so when most of
// the beats heard lately are as large, the reference follows them.

#include <array>
#include <cstddef>

#include "core/units.hpp"

namespace bfr::core {

struct MotionGateConfig {
  Duration pause = Duration::from_seconds(2.0f);  // held still after the last jolt
  int max_episodes = 4;
};

class MotionGate {
 public:
  explicit MotionGate(MotionGateConfig config = {}) : config_(config) {}

  void reset(TimePoint now);
  // Whether a beat of this size is a jolt; `fast_ramp` allows for the
  // envelope's quicker growth there. Every beat is heard through here.
  bool is_jolt(Pressure amplitude, bool fast_ramp);
  // A jolt at `now`: starts or extends an episode. False when the limb will
  // not keep still (too many episodes, or one too long).
  bool on_jolt(TimePoint now);
  // A beat kept (outside a pause): it joins the reference.
  void keep(Pressure amplitude);
  // The first beat of a ramp has no reference before it: judged afterwards
  // against the three that followed it, with the slow ramp's factor (the
  // fast ramp's larger one allows for beats growing up the envelope's foot;
  // looking back from later beats the first should be the smallest).
  static bool first_was_jolt(Pressure first, Pressure second, Pressure third, Pressure fourth);
  // A jolt found afterwards: counts as an episode (without a pause, which
  // is long over) and the reference starts again from the beats after it.
  // False when the limb will not keep still.
  bool on_past_jolt();
  bool paused(TimePoint now) const { return now < pause_until_; }
  // Beats from here on belong to the current episode and are not used.
  TimePoint discard_from() const { return episode_from_; }
  int episodes() const { return episodes_; }

 private:
  MotionGateConfig config_;
  std::array<Pressure, 3> kept_{};
  std::size_t kept_count_ = 0;
  std::array<Pressure, 3> heard_{};
  std::size_t heard_count_ = 0;
  TimePoint pause_until_;
  TimePoint episode_from_;
  int episodes_ = 0;
};

}  // namespace bfr::core

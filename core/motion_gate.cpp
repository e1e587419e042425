#include "core/motion_gate.hpp"

#include <algorithm>

namespace bfr::core {
namespace {

// A beat over this many times the median of the last three kept is a jolt.
// On the fast ramp the envelope can nearly double from one beat to the next
// at its foot (a false alarm there costs a pause, nothing more).
constexpr float kJoltFactor = 2.2f;
constexpr float kFastJoltFactor = 3.0f;
// Nothing under this is a jolt, whatever the beats before it: movement
// shows as swings of about 5 mmHg (facts section 4), and small odd beats are
// left to the estimator's median of three.
constexpr Pressure kMinJolt = Pressure::mmhg(1.0f);
// The longest one episode may hold the ramp.
constexpr Duration kMaxEpisode = Duration::from_seconds(8.0f);
// How far before the jolt the motion's swings reach.
constexpr Duration kBeforeJolt = Duration::from_ms(1500);

// The median of up to three values (the larger of two).
Pressure median_of(const std::array<Pressure, 3>& v, std::size_t count) {
  if (count >= 3) return max(min(v[0], v[1]), min(max(v[0], v[1]), v[2]));
  return count == 2 ? max(v[0], v[1]) : v[0];
}

void push(std::array<Pressure, 3>& ring, std::size_t& count, Pressure value) {
  ring[2] = ring[1];
  ring[1] = ring[0];
  ring[0] = value;
  count = std::min<std::size_t>(count + 1, 3);
}

}  // namespace

void MotionGate::reset(TimePoint now) {
  kept_count_ = heard_count_ = 0;
  pause_until_ = episode_from_ = now;
  episodes_ = 0;
}

bool MotionGate::is_jolt(Pressure amplitude, bool fast_ramp) {
  const std::array<Pressure, 3> heard_before = heard_;
  const std::size_t heard_before_count = heard_count_;
  push(heard_, heard_count_, amplitude);
  if (kept_count_ < 2 || amplitude < kMinJolt) return false;
  const Pressure reference = median_of(kept_, kept_count_);
  const float factor = fast_ramp ? kFastJoltFactor : kJoltFactor;
  if (amplitude <= reference * factor) return false;
  if (heard_before_count >= 2 &&
      median_of({amplitude, heard_before[0], heard_before[1]}, 3) > reference * factor) {
    kept_ = {amplitude, heard_before[0], heard_before[1]};
    kept_count_ = 3;
    return false;
  }
  return true;
}

bool MotionGate::on_jolt(TimePoint now) {
  if (!paused(now)) {
    // A new episode. Its first swings came before the beat that gave it
    // away, so those beats go too.
    if (++episodes_ > config_.max_episodes) return false;
    episode_from_ = now - kBeforeJolt;
  }
  if (now - episode_from_ > kMaxEpisode) return false;
  pause_until_ = now + config_.pause;
  return true;
}

bool MotionGate::first_was_jolt(Pressure first, Pressure second, Pressure third, Pressure fourth) {
  if (first < kMinJolt) return false;
  return first > median_of({second, third, fourth}, 3) * kJoltFactor;
}

bool MotionGate::on_past_jolt() {
  kept_count_ = 0;
  heard_count_ = 0;
  return ++episodes_ <= config_.max_episodes;
}

void MotionGate::keep(Pressure amplitude) {
  push(kept_, kept_count_, amplitude);
}

}  // namespace bfr::core

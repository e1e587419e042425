#pragma once
// Sequence numbers: each sender numbers its frames 0, 1, ... 65535, 0, ...
// A receiver compares them in serial-number arithmetic (RFC 1982 style): a
// number up to half the space ahead of the last one is newer, the frames in
// between were lost; anything else is a repeat or a late arrival.

#include <array>
#include <cstddef>
#include <cstdint>

namespace bfr::link {

class SequenceCounter {
 public:
  explicit SequenceCounter(std::uint16_t first = 0) : next_(first) {}
  // The number for the next frame; wraps from 65535 to 0.
  std::uint16_t next() { return next_++; }
  std::uint16_t peek() const { return next_; }

 private:
  std::uint16_t next_;
};

// Steps forward from `from` to `to`, modulo 2^16: 1 for the next frame, 0
// for the same, and more than 32767 for an older one.
constexpr std::uint16_t sequence_distance(std::uint16_t from, std::uint16_t to) {
  return static_cast<std::uint16_t>(to - from);
}

constexpr bool sequence_newer(std::uint16_t candidate, std::uint16_t than) {
  const std::uint16_t d = sequence_distance(than, candidate);
  return d != 0 && d < 0x8000;
}

struct SequenceCheck {
  std::uint16_t missed = 0;  // frames skipped just before this one
  bool stale = false;        // a repeat or older than the last: do not act on it twice
};

// Receiver side: counts frames lost on the way (gaps) and flags repeats.
class SequenceTracker {
 public:
  SequenceCheck observe(std::uint16_t sequence) {
    SequenceCheck check;
    if (!started_) {
      started_ = true;
      last_ = sequence;
      return check;
    }
    if (!sequence_newer(sequence, last_)) {
      check.stale = true;
      ++stale_;
      return check;
    }
    check.missed = static_cast<std::uint16_t>(sequence_distance(last_, sequence) - 1);
    missed_ += check.missed;
    last_ = sequence;
    return check;
  }
  // Forget the peer's numbering (after a reconnect, when it starts again).
  void restart() { started_ = false; }

  std::uint32_t missed() const { return missed_; }
  std::uint32_t stale() const { return stale_; }
  bool started() const { return started_; }
  std::uint16_t last() const { return last_; }

 private:
  bool started_ = false;
  std::uint16_t last_ = 0;
  std::uint32_t missed_ = 0;
  std::uint32_t stale_ = 0;
};

// The sequence numbers of the last N commands a device ran, so that a
// retransmitted command (same number) is acknowledged again but not run
// twice. Order cannot tell: the retransmission is older than the frames
// sent after the original, and must still run when the original was lost.
template <std::size_t N>
class RecentSequences {
 public:
  bool contains(std::uint16_t sequence) const {
    for (std::size_t i = 0; i < count_; ++i) {
      if (items_[i] == sequence) return true;
    }
    return false;
  }
  void remember(std::uint16_t sequence) {
    items_[next_] = sequence;
    next_ = (next_ + 1) % N;
    if (count_ < N) ++count_;
  }
  void clear() {
    count_ = 0;
    next_ = 0;
  }

 private:
  std::array<std::uint16_t, N> items_{};
  std::size_t next_ = 0;
  std::size_t count_ = 0;
};

}  // namespace bfr::link

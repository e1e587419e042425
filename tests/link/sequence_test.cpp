// Sequence numbers across the 16-bit wrap.

#include "link/sequence.hpp"

#include <gtest/gtest.h>

namespace bfr::link {
namespace {

TEST(SequenceCounter, WrapsFrom65535ToZero) {
  SequenceCounter c(65534);
  EXPECT_EQ(c.next(), 65534);
  EXPECT_EQ(c.next(), 65535);
  EXPECT_EQ(c.next(), 0);
  EXPECT_EQ(c.next(), 1);
}

TEST(SequenceOrder, NewerAcrossTheWrap) {
  EXPECT_TRUE(sequence_newer(0, 65535));
  EXPECT_TRUE(sequence_newer(5, 65530));
  EXPECT_FALSE(sequence_newer(65535, 0));
  EXPECT_FALSE(sequence_newer(7, 7));
  EXPECT_TRUE(sequence_newer(32767, 0));   // half the space ahead is still newer
  EXPECT_FALSE(sequence_newer(32768, 0));  // beyond it counts as older
  EXPECT_EQ(sequence_distance(65535, 2), 3);
}

TEST(SequenceTracker, ConsecutiveAcrossTheWrapMissesNothing) {
  SequenceTracker t;
  for (int s : {65533, 65534, 65535, 0, 1, 2}) {
    const SequenceCheck c = t.observe(static_cast<std::uint16_t>(s));
    EXPECT_EQ(c.missed, 0) << s;
    EXPECT_FALSE(c.stale) << s;
  }
  EXPECT_EQ(t.missed(), 0u);
}

TEST(SequenceTracker, CountsTheGapAcrossTheWrap) {
  SequenceTracker t;
  t.observe(65534);
  const SequenceCheck c = t.observe(2);  // 65535, 0 and 1 were lost
  EXPECT_EQ(c.missed, 3);
  EXPECT_EQ(t.missed(), 3u);
  EXPECT_EQ(t.last(), 2);
}

TEST(SequenceTracker, RepeatsAndLateFramesAreStale) {
  SequenceTracker t;
  t.observe(10);
  EXPECT_TRUE(t.observe(10).stale);  // a retransmission already acted upon
  EXPECT_TRUE(t.observe(9).stale);   // late
  EXPECT_FALSE(t.observe(11).stale);
  EXPECT_EQ(t.stale(), 2u);
  EXPECT_EQ(t.missed(), 0u);
  EXPECT_EQ(t.last(), 11);
}

TEST(SequenceTracker, RestartAcceptsAFreshNumbering) {
  SequenceTracker t;
  t.observe(40000);
  t.restart();
  const SequenceCheck c = t.observe(0);
  EXPECT_FALSE(c.stale);
  EXPECT_EQ(c.missed, 0);
}

TEST(RecentSequences, RecognisesARepeatOfARecentCommand) {
  RecentSequences<3> recent;
  EXPECT_FALSE(recent.contains(5));
  recent.remember(5);
  recent.remember(9);
  EXPECT_TRUE(recent.contains(5));
  EXPECT_TRUE(recent.contains(9));
  EXPECT_FALSE(recent.contains(7));  // lost original: its retransmission must run
}

TEST(RecentSequences, ForgetsTheOldestAndOnClear) {
  RecentSequences<3> recent;
  for (std::uint16_t s : {std::uint16_t{1}, std::uint16_t{2}, std::uint16_t{3}, std::uint16_t{4}}) {
    recent.remember(s);
  }
  EXPECT_FALSE(recent.contains(1));
  EXPECT_TRUE(recent.contains(2));
  EXPECT_TRUE(recent.contains(4));
  recent.clear();
  EXPECT_FALSE(recent.contains(4));
}

}  // namespace
}  // namespace bfr::link

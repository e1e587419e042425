// COBS against vectors worked out by hand, at the 254/255-byte run edges,
// and with broken input.

#include "link/cobs.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace bfr::link {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes encode(const Bytes& in) {
  Bytes out(cobs_max_encoded_size(in.size()));
  const std::size_t n = cobs_encode(in, out);
  EXPECT_NE(n, 0u);
  out.resize(n);
  return out;
}

Bytes decode(const Bytes& in) {
  Bytes out(in.size());
  const CobsDecoded d = cobs_decode(in, out);
  EXPECT_EQ(d.error, CobsError::kNone);
  out.resize(d.size);
  return out;
}

Bytes run_of(std::size_t n) {  // n non-zero bytes 1, 2, ..., 255, 1, ...
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i % 255 + 1);
  return b;
}

Bytes cat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(Cobs, SmallVectors) {
  // Each code byte counts itself plus the non-zero bytes up to the next zero.
  EXPECT_EQ(encode({}), (Bytes{0x01}));
  EXPECT_EQ(encode({0x00}), (Bytes{0x01, 0x01}));
  EXPECT_EQ(encode({0x00, 0x00}), (Bytes{0x01, 0x01, 0x01}));
  EXPECT_EQ(encode({0x11, 0x22, 0x00, 0x33}), (Bytes{0x03, 0x11, 0x22, 0x02, 0x33}));
  EXPECT_EQ(encode({0x11, 0x22, 0x33, 0x44}), (Bytes{0x05, 0x11, 0x22, 0x33, 0x44}));
  EXPECT_EQ(encode({0x11, 0x00, 0x00, 0x00}), (Bytes{0x02, 0x11, 0x01, 0x01, 0x01}));
}

TEST(Cobs, SmallVectorsDecode) {
  EXPECT_EQ(decode({0x01}), Bytes{});
  EXPECT_EQ(decode({0x01, 0x01}), (Bytes{0x00}));
  EXPECT_EQ(decode({0x03, 0x11, 0x22, 0x02, 0x33}), (Bytes{0x11, 0x22, 0x00, 0x33}));
  EXPECT_EQ(decode({0x02, 0x11, 0x01, 0x01, 0x01}), (Bytes{0x11, 0x00, 0x00, 0x00}));
}

TEST(Cobs, RunOf254NonZeroBytesTakesOneCodeByte) {
  // 254 data bytes fill a run: code 0xFF, no implied zero, nothing after.
  const Bytes in = run_of(254);
  const Bytes expected = cat({0xFF}, in);
  EXPECT_EQ(encode(in), expected);
  EXPECT_EQ(decode(expected), in);
}

TEST(Cobs, RunOf255NonZeroBytesStartsASecondRun) {
  // 0xFF + first 254 bytes, then code 0x02 + the 255th byte.
  const Bytes in = run_of(255);
  const Bytes expected = cat(cat({0xFF}, Bytes(in.begin(), in.begin() + 254)), {0x02, in[254]});
  EXPECT_EQ(encode(in), expected);
  EXPECT_EQ(decode(expected), in);
}

TEST(Cobs, RunOf254FollowedByZero) {
  // The full run carries no zero, so the zero gets an empty run of its own
  // (0x01) and the end another (0x01).
  const Bytes in = cat(run_of(254), {0x00});
  const Bytes expected = cat(cat({0xFF}, run_of(254)), {0x01, 0x01});
  EXPECT_EQ(encode(in), expected);
  EXPECT_EQ(decode(expected), in);
}

TEST(Cobs, RunOf253FollowedByZero) {
  // 253 bytes then a zero: code 0xFE covers them and the zero.
  const Bytes in = cat(run_of(253), {0x00});
  const Bytes expected = cat(cat({0xFE}, run_of(253)), {0x01});
  EXPECT_EQ(encode(in), expected);
  EXPECT_EQ(decode(expected), in);
}

TEST(Cobs, EncodingNeverContainsZeroAndRoundTrips) {
  for (std::size_t n : {1u, 2u, 253u, 254u, 255u, 256u, 508u, 509u, 700u}) {
    Bytes in(n);
    for (std::size_t i = 0; i < n; ++i)
      in[i] = static_cast<std::uint8_t>((i * 37) % 11 == 0 ? 0 : i);
    const Bytes enc = encode(in);
    EXPECT_LE(enc.size(), cobs_max_encoded_size(n));
    for (std::uint8_t b : enc) EXPECT_NE(b, 0);
    EXPECT_EQ(decode(enc), in) << n;
  }
}

TEST(Cobs, WorstCaseSizeIsReached) {
  // Without zeros every started run of 254 costs one code byte.
  EXPECT_EQ(cobs_max_encoded_size(0), 1u);
  EXPECT_EQ(cobs_max_encoded_size(254), 255u);
  EXPECT_EQ(cobs_max_encoded_size(255), 257u);
  EXPECT_EQ(encode(run_of(508)).size(), 510u);
  EXPECT_EQ(encode(run_of(509)).size(), 512u);
  EXPECT_EQ(encode(run_of(509)).size(), cobs_max_encoded_size(509));
}

TEST(Cobs, EncoderRefusesATooSmallOutput) {
  const Bytes in = run_of(10);
  Bytes out(10);  // needs 11
  EXPECT_EQ(cobs_encode(in, out), 0u);
  Bytes none;
  EXPECT_EQ(cobs_encode({}, none), 0u);
}

TEST(Cobs, DecoderRejectsBrokenInput) {
  Bytes out(16);
  EXPECT_EQ(cobs_decode(Bytes{0x03, 0x11, 0x00, 0x22}, out).error, CobsError::kZeroInInput);
  EXPECT_EQ(cobs_decode(Bytes{0x00}, out).error, CobsError::kZeroInInput);
  EXPECT_EQ(cobs_decode(Bytes{0x05, 0x11, 0x22}, out).error, CobsError::kTruncated);
  Bytes tiny(1);
  EXPECT_EQ(cobs_decode(Bytes{0x03, 0x11, 0x22}, tiny).error, CobsError::kOutputTooSmall);
}

TEST(Cobs, DecodesInPlace) {
  Bytes buf{0x03, 0x11, 0x22, 0x02, 0x33};
  const CobsDecoded d = cobs_decode(buf, buf);
  ASSERT_EQ(d.error, CobsError::kNone);
  buf.resize(d.size);
  EXPECT_EQ(buf, (Bytes{0x11, 0x22, 0x00, 0x33}));
}

}  // namespace
}  // namespace bfr::link

// Unit types: their algebra, literals, conversions and comparisons, and the
// combinations that must not compile.

#include "core/units.hpp"

#include <gtest/gtest.h>

#include <concepts>

namespace bfr::core {
namespace {

using namespace bfr::core::literals;

// --- What must not compile (checked at compile time) ----------------------

template <typename A, typename B>
concept Addable = requires(A a, B b) {
  a + b;
};
template <typename A, typename B>
concept Multipliable = requires(A a, B b) {
  a* b;
};

static_assert(!Addable<TimePoint, TimePoint>, "two time points have no sum");
static_assert(Addable<TimePoint, Duration>);
static_assert(!Addable<Pressure, Duration>, "mmHg plus seconds is meaningless");
static_assert(!Addable<Pressure, float>, "a raw float has no unit");
static_assert(!Multipliable<Pressure, Pressure>, "mmHg squared is not a quantity we use");
static_assert(!std::convertible_to<float, Pressure>, "no implicit float -> Pressure");
static_assert(!std::convertible_to<float, Fraction>, "no implicit float -> Fraction");
static_assert(std::same_as<decltype(Pressure{} / Duration::from_ms(1)), PressureRate>);
static_assert(std::same_as<decltype(TimePoint{} - TimePoint{}), Duration>);
static_assert(std::same_as<decltype(PressureRate{} * Duration{}), Pressure>);
static_assert(std::same_as<decltype(Pressure{} / Pressure::mmhg(1)), float>);

// --- Pressure ---------------------------------------------------------------

TEST(Pressure, AddsSubtractsAndNegates) {
  const Pressure a = Pressure::mmhg(120.0f);
  const Pressure b = Pressure::mmhg(80.0f);
  EXPECT_FLOAT_EQ((a + b).mmhg(), 200.0f);
  EXPECT_FLOAT_EQ((a - b).mmhg(), 40.0f);
  EXPECT_FLOAT_EQ((-a).mmhg(), -120.0f);
  Pressure c = a;
  c += b;
  EXPECT_FLOAT_EQ(c.mmhg(), 200.0f);
  c -= a;
  EXPECT_FLOAT_EQ(c.mmhg(), 80.0f);
}

TEST(Pressure, ScalesByFactorAndFraction) {
  const Pressure lop = Pressure::mmhg(200.0f);
  EXPECT_FLOAT_EQ((lop * 0.5f).mmhg(), 100.0f);
  EXPECT_FLOAT_EQ((lop * Fraction(0.8f)).mmhg(), 160.0f);
  EXPECT_FLOAT_EQ((lop * Fraction::percent(60.0f)).mmhg(), 120.0f);
  EXPECT_FLOAT_EQ((lop / 4.0f).mmhg(), 50.0f);
  // Pressure / Pressure is a plain ratio.
  EXPECT_FLOAT_EQ(Pressure::mmhg(150.0f) / lop, 0.75f);
}

TEST(Pressure, KilopascalConversion) {
  // 1 kPa = 7.50062 mmHg (1 mmHg = 133.322 Pa).
  EXPECT_NEAR(Pressure::kpa(1.0f).mmhg(), 7.50062f, 1e-4f);
  EXPECT_NEAR(Pressure::mmhg(760.0f).kpa(), 101.325f, 1e-2f);
  // The MPX5050 full scale, 50 kPa, is the 375 mmHg in bfr-facts section 4.
  EXPECT_NEAR(Pressure::kpa(50.0f).mmhg(), 375.0f, 0.1f);
  EXPECT_NEAR(Pressure::kpa(Pressure::mmhg(123.4f).kpa()).mmhg(), 123.4f, 1e-3f);
}

TEST(Pressure, ComparesAndHelpers) {
  const Pressure lo = Pressure::mmhg(10.0f);
  const Pressure hi = Pressure::mmhg(20.0f);
  EXPECT_LT(lo, hi);
  EXPECT_GT(hi, lo);
  EXPECT_EQ(lo, Pressure::mmhg(10.0f));
  EXPECT_NE(lo, hi);
  EXPECT_LE(lo, lo);
  EXPECT_EQ(min(lo, hi), lo);
  EXPECT_EQ(max(lo, hi), hi);
  EXPECT_EQ(abs(-hi), hi);
  EXPECT_EQ(abs(hi), hi);
  EXPECT_EQ(Pressure{}.mmhg(), 0.0f);
}

TEST(Pressure, Literals) {
  EXPECT_FLOAT_EQ((120_mmHg).mmhg(), 120.0f);
  EXPECT_FLOAT_EQ((12.5_mmHg).mmhg(), 12.5f);
  EXPECT_EQ(120_mmHg + 0.5_mmHg, Pressure::mmhg(120.5f));
}

// --- Duration and TimePoint ----------------------------------------------

TEST(Duration, ConstructorsAgree) {
  EXPECT_EQ(Duration::from_ms(1500).us(), 1'500'000);
  EXPECT_EQ(Duration::from_seconds(1.5f), Duration::from_ms(1500));
  EXPECT_EQ(Duration::from_us(2500).ms(), 2);  // truncates towards zero
  EXPECT_FLOAT_EQ(Duration::from_ms(250).seconds(), 0.25f);
  // from_seconds rounds to the nearest microsecond, also for negatives.
  EXPECT_EQ(Duration::from_seconds(1.4e-6f).us(), 1);
  EXPECT_EQ(Duration::from_seconds(1.6e-6f).us(), 2);
  EXPECT_EQ(Duration::from_seconds(-1.6e-6f).us(), -2);
  // 20 min (the inflation cap) survives the float path exactly.
  EXPECT_EQ(Duration::from_seconds(1200.0f).us(), 1'200'000'000);
}

TEST(Duration, Algebra) {
  const Duration a = Duration::from_ms(1500);
  const Duration b = Duration::from_ms(500);
  EXPECT_EQ((a + b).ms(), 2000);
  EXPECT_EQ((a - b).ms(), 1000);
  EXPECT_EQ((b - a).ms(), -1000);
  EXPECT_EQ((b * 3).ms(), 1500);
  EXPECT_EQ(a / b, 3);  // how many b fit in a
  EXPECT_EQ(Duration::from_ms(1400) / b, 2);
  Duration c = a;
  c += b;
  EXPECT_EQ(c.ms(), 2000);
  c -= a;
  EXPECT_EQ(c.ms(), 500);
  EXPECT_LT(b, a);
  EXPECT_EQ(min(a, b), b);
  EXPECT_EQ(max(a, b), a);
}

TEST(Duration, Literals) {
  EXPECT_EQ((3_s).us(), 3'000'000);
  EXPECT_EQ((1.25_s).us(), 1'250'000);
  EXPECT_EQ((250_ms).us(), 250'000);
  EXPECT_EQ((20_min).us(), 1'200'000'000);
  EXPECT_EQ(1_min, 60_s);
  EXPECT_EQ(1_s + 500_ms, 1.5_s);
}

TEST(TimePoint, DifferencesAreDurations) {
  const TimePoint t0 = TimePoint::from_us(1'000'000);
  const TimePoint t1 = t0 + 2_s;
  EXPECT_EQ(t1.us(), 3'000'000);
  EXPECT_EQ(t1 - t0, 2_s);
  EXPECT_EQ(t0 - t1, Duration::from_seconds(-2.0f));
  EXPECT_EQ(t1 - 2_s, t0);
  EXPECT_EQ(t1.since_origin(), 3_s);
  TimePoint t = t0;
  t += 500_ms;
  EXPECT_EQ(t.us(), 1'500'000);
  EXPECT_LT(t0, t1);
  EXPECT_EQ(TimePoint{}.us(), 0);
}

TEST(TimePoint, LongSessionsKeepMicroseconds) {
  // Integer microseconds: after a day, one more microsecond still counts.
  const TimePoint day = TimePoint{} + Duration::from_ms(24LL * 3600 * 1000);
  EXPECT_EQ((day + Duration::from_us(1)) - day, Duration::from_us(1));
}

// --- Rates, frequencies, fractions ---------------------------------------

TEST(PressureRate, FromPressureOverDurationAndBack) {
  const PressureRate r = Pressure::mmhg(30.0f) / 5_s;
  EXPECT_FLOAT_EQ(r.mmhg_per_s(), 6.0f);
  EXPECT_FLOAT_EQ((r * 2500_ms).mmhg(), 15.0f);
  EXPECT_FLOAT_EQ((-r).mmhg_per_s(), -6.0f);
  EXPECT_LT(-r, r);
  EXPECT_EQ(PressureRate::mmhg_per_s(6.0f), r);
}

TEST(Frequency, ConversionsAndPeriod) {
  EXPECT_FLOAT_EQ(Frequency::per_minute(60.0f).hz(), 1.0f);
  EXPECT_FLOAT_EQ(Frequency::hz(2.0f).per_minute(), 120.0f);
  EXPECT_EQ(Frequency::hz(100.0f).period(), 10_ms);
  EXPECT_EQ(Frequency::per_minute(180.0f).period().us(), 333'333);
  EXPECT_EQ((40_Hz).period(), 25_ms);
  EXPECT_FLOAT_EQ((2.5_Hz).hz(), 2.5f);
  EXPECT_NEAR(rate_of(Duration::from_ms(800)).per_minute(), 75.0f, 1e-4f);
  EXPECT_LT(Frequency::per_minute(30.0f), Frequency::per_minute(180.0f));
}

TEST(Fraction, PercentAndOrder) {
  EXPECT_FLOAT_EQ(Fraction::percent(80.0f).value(), 0.8f);
  EXPECT_FLOAT_EQ(Fraction(0.45f).percent(), 45.0f);
  EXPECT_LT(Fraction(0.4f), Fraction(0.8f));
  EXPECT_EQ(Fraction{}.value(), 0.0f);
}

}  // namespace
}  // namespace bfr::core

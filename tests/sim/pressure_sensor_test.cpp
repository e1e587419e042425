// The simulated pressure sensor: noise, quantisation, offset and gain, lag,
// clamping, profiles.

#include "sim/pressure_sensor.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace bfr::sim {
namespace {

struct Stats {
  double mean = 0;
  double sd = 0;
  std::vector<double> values;
};

Stats read_many(PressureSensor& sensor, double true_mmhg, int n) {
  sensor.track(1.0, true_mmhg);  // long enough to be past any lag
  const double period = 1.0 / sensor.profile().sample_rate_hz;
  Stats s;
  for (int i = 0; i < n; ++i) {
    sensor.track(period, true_mmhg);
    s.values.push_back(sensor.read());
  }
  for (double v : s.values) s.mean += v;
  s.mean /= n;
  for (double v : s.values) s.sd += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(s.sd / (n - 1));
  return s;
}

TEST(PressureSensor, NoiseHasTheProfileSd) {
  const SensorProfile profile = mpx5050_profile(100);
  PressureSensor sensor(profile, 3);
  const int n = 40000;
  const Stats s = read_many(sensor, 150.0, n);
  // Rounding to the quantum adds q^2/12 of variance (~0.0007 mmHg^2).
  const double expected = std::sqrt(profile.noise_sd_mmhg * profile.noise_sd_mmhg +
                                    profile.quantum_mmhg * profile.quantum_mmhg / 12.0);
  // The SD of an SD estimate is sd / sqrt(2n) = 0.35 % here: 3 % is ~8 of those.
  EXPECT_NEAR(s.sd, expected, 0.03 * expected);
  // Unbiased: the standard error of the mean is 0.002 mmHg.
  EXPECT_NEAR(s.mean, 150.0, 0.01);
}

TEST(PressureSensor, ReadingsAreWholeQuanta) {
  for (const SensorProfile& profile : {mpx5050_profile(100), hx710b_profile(40)}) {
    PressureSensor sensor(profile, 5);
    const Stats s = read_many(sensor, 123.456, 2000);
    for (double v : s.values) {
      const double k = v / profile.quantum_mmhg;
      ASSERT_NEAR(k, std::round(k), 1e-6) << v;
    }
  }
}

TEST(PressureSensor, QuantisationRoundsToNearest) {
  SensorProfile profile;
  profile.noise_sd_mmhg = 0;
  profile.quantum_mmhg = 1.0;
  profile.lag_s = 0;
  PressureSensor sensor(profile, 1);
  sensor.track(0.01, 100.4);
  EXPECT_EQ(sensor.read(), 100.0);
  sensor.track(0.01, 100.6);
  EXPECT_EQ(sensor.read(), 101.0);
  // The MPX5050 quantum: a 12-bit ADC over 375 mmHg.
  EXPECT_NEAR(mpx5050_profile().quantum_mmhg, 375.0 / 4096.0, 1e-12);
}

TEST(PressureSensor, OffsetAndGainError) {
  SensorProfile profile;
  profile.noise_sd_mmhg = 0;
  profile.quantum_mmhg = 0.001;
  profile.offset_mmhg = 1.5;
  profile.gain_error = 0.02;  // reads 2 % high
  PressureSensor sensor(profile, 1);
  sensor.track(1.0, 100.0);
  EXPECT_NEAR(sensor.read(), 100.0 * 1.02 + 1.5, 1e-3);
}

TEST(PressureSensor, ClampsToItsRange) {
  SensorProfile profile;
  profile.noise_sd_mmhg = 0;
  PressureSensor high(profile, 1);
  high.track(1.0, 420.0);
  EXPECT_EQ(high.read(), profile.full_scale_mmhg);
  SensorProfile negative = profile;
  negative.offset_mmhg = -5;
  PressureSensor low(negative, 1);
  low.track(1.0, 0.0);
  EXPECT_EQ(low.read(), 0.0);
}

TEST(PressureSensor, FollowsAStepWithItsLag) {
  SensorProfile profile;
  profile.noise_sd_mmhg = 0;
  profile.quantum_mmhg = 1e-6;
  profile.lag_s = 0.1;
  profile.sample_rate_hz = 1000;  // a sample every model step
  PressureSensor sensor(profile, 1);
  for (int i = 0; i < 100; ++i) sensor.track(0.001, 100.0);  // one time constant
  // First order, discretised at 1 ms: 1 - (1 - 0.01)^100 = 63.4 %.
  EXPECT_NEAR(sensor.read(), 100.0 * (1 - std::pow(0.99, 100)), 1e-3);
  for (int i = 0; i < 900; ++i) sensor.track(0.001, 100.0);
  EXPECT_NEAR(sensor.read(), 100.0, 1e-2);
}

TEST(PressureSensor, Hx710bIsQuieterAndSlower) {
  const SensorProfile hx = hx710b_profile(10);
  const SensorProfile mpx = mpx5050_profile(100);
  EXPECT_LT(hx.noise_sd_mmhg, mpx.noise_sd_mmhg);
  EXPECT_LT(hx.quantum_mmhg, mpx.quantum_mmhg);
  EXPECT_EQ(hx.sample_rate_hz, 10.0);
  EXPECT_NEAR(hx.lag_s, 0.1, 1e-12);  // integrates over one conversion
  PressureSensor sensor(hx, 9);
  const Stats s = read_many(sensor, 80.0, 20000);
  EXPECT_NEAR(s.sd, hx.noise_sd_mmhg, 0.05 * hx.noise_sd_mmhg);
}

TEST(PressureSensor, SameSeedSameReadings) {
  PressureSensor a(mpx5050_profile(), 11);
  PressureSensor b(mpx5050_profile(), 11);
  PressureSensor c(mpx5050_profile(), 12);
  a.track(1, 100);
  b.track(1, 100);
  c.track(1, 100);
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    a.track(0.01, 100);
    b.track(0.01, 100);
    c.track(0.01, 100);
    const double ra = a.read();
    ASSERT_EQ(ra, b.read());
    differ += ra != c.read();
  }
  EXPECT_GT(differ, 150);
}

TEST(PressureSensor, HoldsEachSampleForItsPeriod) {
  // An HX710B at 10 samples/s polled at 1 kHz repeats each conversion 100
  // times: the reader sees the real sample rate, not its own.
  PressureSensor sensor(hx710b_profile(10), 4);
  long changes = 0;
  double last = -1;
  for (int i = 0; i < 2000; ++i) {  // 2 s
    sensor.track(0.001, 100.0 + i * 0.01);
    if (sensor.read() != last) ++changes;
    last = sensor.read();
  }
  EXPECT_EQ(sensor.samples(), 20);
  EXPECT_LE(changes, 21);
  EXPECT_GE(changes, 19);
}

TEST(PressureSensor, StuckSensorFreezesAndDriftWalks) {
  SensorProfile profile;
  profile.noise_sd_mmhg = 0;
  profile.quantum_mmhg = 1e-6;
  PressureSensor sensor(profile, 2);
  sensor.track(1.0, 120.0);
  const double before = sensor.read();
  sensor.set_stuck(true);
  for (int i = 0; i < 100; ++i) sensor.track(0.01, 40.0);
  EXPECT_EQ(sensor.read(), before);
  sensor.set_stuck(false);
  sensor.set_drift(2.0);                                   // 2 mmHg/s
  for (int i = 0; i < 500; ++i) sensor.track(0.01, 40.0);  // 5 s
  EXPECT_NEAR(sensor.read(), 50.0, 0.05);
}

}  // namespace
}  // namespace bfr::sim

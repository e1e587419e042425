#pragma once
// Physical quantities as types. A raw float of mmHg or seconds never crosses a
// function boundary in the core: Pressure, Duration, TimePoint, PressureRate,
// Frequency and Fraction carry their unit and only combine in ways that make
// physical sense (Pressure / Duration is a PressureRate, TimePoint - TimePoint
// is a Duration, TimePoint + TimePoint does not compile).
//
// Pressures are float mmHg: the Cortex-M4F has a single-precision FPU and the
// sensors resolve ~0.1 mmHg, far above float's precision in the 0-400 range.
// Time is integer microseconds so that long sessions do not lose resolution.

#include <compare>
#include <cstdint>

namespace bfr::core {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration from_us(std::int64_t us) { return Duration(us); }
  static constexpr Duration from_ms(std::int64_t ms) { return Duration(ms * 1000); }
  static constexpr Duration from_seconds(float s) {
    return Duration(static_cast<std::int64_t>(s * 1e6f + (s >= 0 ? 0.5f : -0.5f)));
  }
  constexpr std::int64_t us() const { return us_; }
  constexpr std::int64_t ms() const { return us_ / 1000; }
  constexpr float seconds() const { return static_cast<float>(us_) * 1e-6f; }

  constexpr Duration operator+(Duration o) const { return Duration(us_ + o.us_); }
  constexpr Duration operator-(Duration o) const { return Duration(us_ - o.us_); }
  constexpr Duration& operator+=(Duration o) {
    us_ += o.us_;
    return *this;
  }
  constexpr Duration& operator-=(Duration o) {
    us_ -= o.us_;
    return *this;
  }
  constexpr Duration operator*(std::int64_t k) const { return Duration(us_ * k); }
  constexpr std::int64_t operator/(Duration o) const { return us_ / o.us_; }
  constexpr Duration operator/(std::int64_t k) const { return Duration(us_ / k); }
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  constexpr explicit Duration(std::int64_t us) : us_(us) {}
  std::int64_t us_ = 0;
};

// A point on the controller's own time line. Its origin is whatever the
// caller injects as "now"; only differences mean anything.
class TimePoint {
 public:
  constexpr TimePoint() = default;
  static constexpr TimePoint from_us(std::int64_t us) { return TimePoint(us); }
  constexpr std::int64_t us() const { return us_; }
  constexpr Duration since_origin() const { return Duration::from_us(us_); }

  constexpr TimePoint operator+(Duration d) const { return TimePoint(us_ + d.us()); }
  constexpr TimePoint operator-(Duration d) const { return TimePoint(us_ - d.us()); }
  constexpr Duration operator-(TimePoint o) const { return Duration::from_us(us_ - o.us_); }
  constexpr TimePoint& operator+=(Duration d) {
    us_ += d.us();
    return *this;
  }
  constexpr auto operator<=>(const TimePoint&) const = default;

 private:
  constexpr explicit TimePoint(std::int64_t us) : us_(us) {}
  std::int64_t us_ = 0;
};

// A dimensionless share, such as a target of 0.8 x LOP.
class Fraction {
 public:
  constexpr Fraction() = default;
  constexpr explicit Fraction(float value) : value_(value) {}
  static constexpr Fraction percent(float p) { return Fraction(p / 100.0f); }
  constexpr float value() const { return value_; }
  constexpr float percent() const { return value_ * 100.0f; }
  constexpr auto operator<=>(const Fraction&) const = default;

 private:
  float value_ = 0;
};

class PressureRate;

// Gauge pressure (above atmospheric) in mmHg.
class Pressure {
 public:
  constexpr Pressure() = default;
  static constexpr Pressure mmhg(float v) { return Pressure(v); }
  static constexpr Pressure kpa(float v) { return Pressure(v * kMmhgPerKpa); }
  constexpr float mmhg() const { return mmhg_; }
  constexpr float kpa() const { return mmhg_ / kMmhgPerKpa; }

  constexpr Pressure operator+(Pressure o) const { return Pressure(mmhg_ + o.mmhg_); }
  constexpr Pressure operator-(Pressure o) const { return Pressure(mmhg_ - o.mmhg_); }
  constexpr Pressure operator-() const { return Pressure(-mmhg_); }
  constexpr Pressure& operator+=(Pressure o) {
    mmhg_ += o.mmhg_;
    return *this;
  }
  constexpr Pressure& operator-=(Pressure o) {
    mmhg_ -= o.mmhg_;
    return *this;
  }
  constexpr Pressure operator*(float k) const { return Pressure(mmhg_ * k); }
  constexpr Pressure operator*(Fraction f) const { return Pressure(mmhg_ * f.value()); }
  constexpr Pressure operator/(float k) const { return Pressure(mmhg_ / k); }
  constexpr float operator/(Pressure o) const { return mmhg_ / o.mmhg_; }
  constexpr PressureRate operator/(Duration d) const;
  constexpr auto operator<=>(const Pressure&) const = default;

 private:
  static constexpr float kMmhgPerKpa = 7.500617f;
  constexpr explicit Pressure(float v) : mmhg_(v) {}
  float mmhg_ = 0;
};

class PressureRate {
 public:
  constexpr PressureRate() = default;
  static constexpr PressureRate mmhg_per_s(float v) { return PressureRate(v); }
  constexpr float mmhg_per_s() const { return v_; }
  constexpr Pressure operator*(Duration d) const { return Pressure::mmhg(v_ * d.seconds()); }
  constexpr PressureRate operator-() const { return PressureRate(-v_); }
  constexpr auto operator<=>(const PressureRate&) const = default;

 private:
  constexpr explicit PressureRate(float v) : v_(v) {}
  float v_ = 0;
};

constexpr PressureRate Pressure::operator/(Duration d) const {
  return PressureRate::mmhg_per_s(mmhg_ / d.seconds());
}

// Events per unit time: heart rate, cadence, sample rate.
class Frequency {
 public:
  constexpr Frequency() = default;
  static constexpr Frequency hz(float v) { return Frequency(v); }
  static constexpr Frequency per_minute(float v) { return Frequency(v / 60.0f); }
  constexpr float hz() const { return hz_; }
  constexpr float per_minute() const { return hz_ * 60.0f; }
  constexpr Duration period() const { return Duration::from_seconds(1.0f / hz_); }
  constexpr auto operator<=>(const Frequency&) const = default;

 private:
  constexpr explicit Frequency(float v) : hz_(v) {}
  float hz_ = 0;
};

constexpr Frequency rate_of(Duration period) {
  return Frequency::hz(1.0f / period.seconds());
}

constexpr Pressure abs(Pressure p) {
  return p.mmhg() < 0 ? -p : p;
}
constexpr Pressure min(Pressure a, Pressure b) {
  return a < b ? a : b;
}
constexpr Pressure max(Pressure a, Pressure b) {
  return a < b ? b : a;
}
constexpr Duration min(Duration a, Duration b) {
  return a < b ? a : b;
}
constexpr Duration max(Duration a, Duration b) {
  return a < b ? b : a;
}

namespace literals {
constexpr Pressure operator""_mmHg(long double v) {
  return Pressure::mmhg(static_cast<float>(v));
}
constexpr Pressure operator""_mmHg(unsigned long long v) {
  return Pressure::mmhg(static_cast<float>(v));
}
constexpr Duration operator""_s(unsigned long long v) {
  return Duration::from_us(static_cast<std::int64_t>(v) * 1'000'000);
}
constexpr Duration operator""_s(long double v) {
  return Duration::from_seconds(static_cast<float>(v));
}
constexpr Duration operator""_ms(unsigned long long v) {
  return Duration::from_us(static_cast<std::int64_t>(v) * 1000);
}
constexpr Duration operator""_min(unsigned long long v) {
  return Duration::from_us(static_cast<std::int64_t>(v) * 60'000'000);
}
constexpr Frequency operator""_Hz(unsigned long long v) {
  return Frequency::hz(static_cast<float>(v));
}
constexpr Frequency operator""_Hz(long double v) {
  return Frequency::hz(static_cast<float>(v));
}
}  // namespace literals

}  // namespace bfr::core

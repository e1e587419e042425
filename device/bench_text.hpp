#pragma once
// Small text helpers the benchmark and scenario reports share, so that every
// table prints numbers and times the same way.

#include <cstdint>
#include <cstdio>
#include <string>

#include "core/units.hpp"

namespace bfr::device {

// `v` with exactly `decimals` digits after the point.
inline std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// A core duration in seconds at double precision (Duration::seconds() is
// float, which loses microseconds over a long session).
inline double seconds(core::Duration d) {
  return static_cast<double>(d.us()) * 1e-6;
}

}  // namespace bfr::device

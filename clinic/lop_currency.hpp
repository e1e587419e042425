#pragma once
// The rule "a prescription uses a current LOP": the pressure of a session is
// a share of a LOP taken on the same limb, in the same posture and with the
// same cuff (LOP changes with each, bfr-facts §2 (Bommasamudram 2025) and §3
// (Hughes 2018; Loenneke 2012)), and recently enough that it still describes
// the person.

#include <chrono>
#include <optional>
#include <string>

#include "clinic/records.hpp"

namespace bfr::clinic {

// Project choice: bfr-facts gives no re-measurement interval. A week keeps
// LOP within the 2-3 sessions a week of a programme (bfr-facts §1, Patterson
// 2019) while blood pressure, swelling and limb girth change over a rehab.
inline constexpr std::chrono::seconds kLopMaxAge = std::chrono::days{7};
// Cuff widths count as the same cuff within this (typed-in values).
inline constexpr double kSameCuffToleranceCm = 0.05;

struct LopCurrency {
  bool current = false;
  std::string why;  // always set: what was checked, or what is missing
};

// `latest` is the newest LOP with a value on the limb (or none), taken at
// `measured_at`; `posture` and `cuff_width_cm` are the session's.
LopCurrency check_lop_current(const std::optional<LopMeasurement>& latest,
                              std::chrono::sys_seconds measured_at, Posture posture,
                              double cuff_width_cm, std::chrono::sys_seconds now,
                              std::chrono::seconds max_age = kLopMaxAge);

}  // namespace bfr::clinic

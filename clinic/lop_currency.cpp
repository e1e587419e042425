#include "clinic/lop_currency.hpp"

#include <cmath>

#include <fmt/format.h>

namespace bfr::clinic {

namespace {

std::string_view posture_word(Posture posture) {
  switch (posture) {
    case Posture::kSupine:
      return "supine";
    case Posture::kSeated:
      return "seated";
    case Posture::kStanding:
      return "standing";
  }
  return "unknown";
}

}  // namespace

LopCurrency check_lop_current(const std::optional<LopMeasurement>& latest,
                              std::chrono::sys_seconds measured_at, Posture posture,
                              double cuff_width_cm, std::chrono::sys_seconds now,
                              std::chrono::seconds max_age) {
  const auto refuse = [](std::string why) { return LopCurrency{false, std::move(why)}; };
  const double days = static_cast<double>(max_age.count()) / 86400.0;
  if (!latest || !latest->lop_mmhg) {
    return refuse(fmt::format("no LOP {} with a {:g} cm cuff on this limb: measure or estimate it",
                              posture_word(posture), cuff_width_cm));
  }
  if (latest->posture != posture) {
    return refuse(fmt::format("the LOP was taken {}, the session is {}: measure it {}",
                              posture_word(latest->posture), posture_word(posture),
                              posture_word(posture)));
  }
  if (!(std::abs(latest->cuff_width_cm - cuff_width_cm) <= kSameCuffToleranceCm)) {
    return refuse(fmt::format("the LOP was taken with a {:g} cm cuff, the session uses {:g} cm",
                              latest->cuff_width_cm, cuff_width_cm));
  }
  if (measured_at > now) {
    return refuse("the LOP is dated after now: check the clock, then measure again");
  }
  const double age_days = static_cast<double>((now - measured_at).count()) / 86400.0;
  const std::string_view kind = latest->method == LopMethod::kMeasured ? "measured" : "estimated";
  if (now - measured_at > max_age) {
    return refuse(
        fmt::format("the LOP ({} {:.0f} mmHg) is {:.1f} days old, older than {:g} days: "
                    "measure it again",
                    kind, *latest->lop_mmhg, age_days, days));
  }
  return LopCurrency{true, fmt::format("{} LOP {:.0f} mmHg, {:.1f} days old (at most {:g})", kind,
                                       *latest->lop_mmhg, age_days, days)};
}

}  // namespace bfr::clinic

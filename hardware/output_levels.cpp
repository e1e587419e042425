#include "hardware/output_levels.hpp"

#include <cmath>

namespace bfr::hardware {
namespace {

float share(core::Fraction f) {
  const float v = f.value();
  if (std::isnan(v) || v <= 0.0f) return 0.0f;
  return v >= 1.0f ? 1.0f : v;
}

}  // namespace

OutputLevels to_output_levels(const core::Actuators& act) {
  OutputLevels levels;
  levels.vent_valve_energised = !act.vent_open;
  levels.bleed_duty = share(act.bleed_opening);
  levels.pump_supply_on = act.pump_power;
  levels.pump_duty = act.pump_power ? share(act.pump_duty) : 0.0f;
  return levels;
}

}  // namespace bfr::hardware

// The cuff controller on a microcontroller: the portable core, stepped once
// per pressure sample. Hardware is reached through memory-mapped registers;
// here they are plain volatile words standing for the ADC result, the host
// link's command and the PWM and valve outputs, so that the image links and
// its size and the core's cost can be read without a board.

#include <cstdint>

#include "core/cuff_controller.hpp"

namespace {

// Stand-ins for peripheral registers.
volatile std::uint32_t adc_cuff_centi_mmhg = 0;  // ADC result, 0.01 mmHg
volatile std::uint32_t sample_ready = 0;         // set by the ADC interrupt
volatile std::uint32_t host_command = 0;         // CommandKind from the host link
volatile std::uint32_t pump_pwm_permille = 0;
volatile std::uint32_t bleed_permille = 0;
volatile std::uint32_t vent_open = 1;
volatile std::uint32_t milliseconds = 0;

bfr::core::CuffController controller{bfr::core::ControllerConfig{}};

}  // namespace

extern "C" void systick_handler() {
  milliseconds = milliseconds + 1;
}

int main() {
  using namespace bfr::core;
  for (;;) {
    while (sample_ready == 0) {
    }
    sample_ready = 0;
    const TimePoint now = TimePoint::from_us(static_cast<std::int64_t>(milliseconds) * 1000);
    Command command;
    command.kind = static_cast<CommandKind>(host_command);
    host_command = 0;
    const Readings in{Pressure::mmhg(static_cast<float>(adc_cuff_centi_mmhg) * 0.01f), true};
    const Outputs out = controller.step(now, command, in);
    pump_pwm_permille = static_cast<std::uint32_t>(out.actuators.pump_duty.value() * 1000.0f);
    bleed_permille = static_cast<std::uint32_t>(out.actuators.bleed_opening.value() * 1000.0f);
    vent_open = out.actuators.vent_open ? 1u : 0u;
  }
}

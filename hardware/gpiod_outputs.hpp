#pragma once
// The output lines through libgpiod (1.6 C API, /dev/gpiochipN): vent valve
// and pump supply as plain levels, pump and bleed valve as software PWM
// from a thread of their own.
//
// Why software PWM rather than the kernel's /sys/class/pwm: the two PWM
// channels are then lines like the others, requested and released by this
// one object, on any pin, without a device-tree overlay; and the pulses stop
// when this process stops (with the board set to return released lines to
// inputs, docs/HARDWARE.md), while a kernel PWM channel keeps running at its
// last duty after a crash. The cost is timing jitter of some tens of
// microseconds at 200 Hz, well under the 1 % of duty the regulator works
// in, and smoothed by the pump's inertia and the cuff's volume.

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "hardware/gpio_outputs.hpp"
#include "hardware/soft_pwm.hpp"

struct gpiod_chip;
struct gpiod_line;

namespace bfr::hardware {

// Line offsets on the chip (on a Raspberry Pi, gpiochip0's offsets are the
// BCM GPIO numbers; docs/HARDWARE.md has the header pins).
struct GpioPins {
  std::string chip = "/dev/gpiochip0";
  unsigned vent_valve = 17;   // header pin 11
  unsigned pump_supply = 27;  // header pin 13
  unsigned pump_pwm = 18;     // header pin 12
  unsigned bleed_pwm = 13;    // header pin 33
  PwmTiming pwm{};
};

class GpiodOutputs : public GpioOutputs {
 public:
  // Opens the chip and requests the four lines as outputs, low (safe). Throws
  // std::runtime_error naming the chip or the line when it cannot (no such
  // chip, no permission, a line in use by another program).
  explicit GpiodOutputs(const GpioPins& pins);
  // Stops the PWM, sets every line low and releases the lines.
  ~GpiodOutputs() override;
  GpiodOutputs(const GpiodOutputs&) = delete;
  GpiodOutputs& operator=(const GpiodOutputs&) = delete;

  bool apply(const OutputLevels& levels) override;
  void set_safe() noexcept override;
  std::string last_error() const override;

 private:
  struct Line {
    gpiod_line* handle = nullptr;
    unsigned offset = 0;
    const char* role = "";
  };

  Line request(unsigned offset, const char* role);
  // Both under mutex_.
  bool drive(const Line& line, bool high);
  void all_low();
  void release_all() noexcept;
  void pwm_loop();

  GpioPins pins_;
  gpiod_chip* chip_ = nullptr;
  Line vent_, supply_, pump_, bleed_;

  mutable std::mutex mutex_;  // lines, duties, error
  std::condition_variable wake_;
  float pump_duty_ = 0;
  float bleed_duty_ = 0;
  bool running_ = false;
  bool failed_ = false;
  std::string last_error_;
  std::thread pwm_thread_;
};

}  // namespace bfr::hardware

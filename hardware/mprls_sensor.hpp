#pragma once
// The MPR series pressure sensor on an I2C bus: measurement commands, the
// wait for the conversion and the reply's checks, giving one reading per
// controller period with a verdict the controller's sensor monitor can use.
//
// Conversions are pipelined: each read() takes the result of the conversion
// started at the end of the previous call and then starts the next, so the
// controller does not wait the ~5 ms conversion (datasheet 32332628) every
// period. The reading is one controller period old, as a held ADC sample
// is. Only the first read, or the first after a failure, waits.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "core/units.hpp"
#include "hardware/i2c_bus.hpp"
#include "hardware/mprls_decoder.hpp"

namespace bfr::hardware {

// Waits a while; real time on a board, recorded or nothing in tests.
using Sleeper = std::function<void(std::chrono::microseconds)>;
Sleeper real_sleeper();

struct MprlsConfig {
  std::uint8_t address = 0x18;  // the MPR series' I2C address (datasheet 32332628)
  MprlsTransfer transfer = mprls_0300yg();
  // The datasheet's conversion time is about 5 ms; a busy reply is read
  // again after busy_poll, at most busy_polls times, before it is a fault.
  std::chrono::microseconds conversion_time{5000};
  std::chrono::microseconds busy_poll{1000};
  int busy_polls = 3;
  // Counts a little outside the calibrated span are still the pressure
  // (a gauge part at rest reads around its zero, on either side); beyond
  // this margin they are a fault (a bus stuck at 0x00 or 0xFF, a broken
  // die). 2 % of the 0-300 mmHg span is 6 mmHg.
  float range_margin = 0.02f;  // share of the span, either side
  // Subtracted from every reading: the open-air reading of an absolute
  // part, or a gauge part's offset (capture_zero measures it).
  core::Pressure zero_offset{};
};

struct MprlsReading {
  core::Pressure pressure;  // zero-corrected; meaningless when !ok
  bool ok = false;
  std::string fault;  // why not ok: the status bits, or the bus error
  std::uint8_t status_byte = 0;
  std::uint32_t counts = 0;
};

class MprlsSensor {
 public:
  MprlsSensor(I2cBus& bus, const MprlsConfig& config, Sleeper sleep = real_sleeper());

  MprlsReading read();

  // Averages `samples` good readings taken with the cuff open to the air and
  // makes their mean the zero. Returns the error (and keeps the old zero)
  // when any reading fails; an empty string on success.
  std::string capture_zero(int samples);

  const MprlsConfig& config() const { return config_; }

 private:
  bool start_conversion(std::string& error);
  MprlsReading fetch();

  I2cBus& bus_;
  MprlsConfig config_;
  Sleeper sleep_;
  bool conversion_pending_ = false;
};

}  // namespace bfr::hardware

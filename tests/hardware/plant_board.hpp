#pragma once
// A board whose parts are a simulated limb: the I2C bus answers the MPR
// series sensor's protocol with the simulated cuff pressure (transfer
// function A of the 0-300 mmHg part), and the output lines drive the
// simulated pump and valves. Each sensor read is one 10 ms controller
// period of simulated time, and the controller's clock is the simulation's,
// so the hardware path (sensor driver, line levels, HardwareDevice) runs in
// a closed loop without hardware.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "hardware/gpio_outputs.hpp"
#include "hardware/hardware_device.hpp"
#include "hardware/i2c_bus.hpp"
#include "sim/person.hpp"
#include "sim/plant.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::hardware::testing {

class PlantBoard {
 public:
  explicit PlantBoard(std::uint64_t seed)
      : plant_(sim::plant_for(sim::demo_person(), {sim::Segment::kThigh, 11.5},
                              sim::mpx5050_profile(100), seed)) {}

  std::unique_ptr<I2cBus> bus() { return std::make_unique<Bus>(*this); }
  std::unique_ptr<GpioOutputs> outputs() { return std::make_unique<Outputs>(*this); }
  ControllerClock clock() {
    return [this] {
      std::lock_guard lock(mutex_);
      return core::TimePoint::from_us(std::llround(plant_.time_s() * 1e6));
    };
  }

  double true_cuff_mmhg() const {
    std::lock_guard lock(mutex_);
    return plant_.true_cuff_mmhg();
  }
  double true_lop_mmhg() const {
    std::lock_guard lock(mutex_);
    return plant_.true_lop_mmhg();
  }
  OutputLevels levels() const {
    std::lock_guard lock(mutex_);
    return levels_;
  }

 private:
  static constexpr double kPeriodS = 0.01;

  class Bus : public I2cBus {
   public:
    explicit Bus(PlantBoard& board) : board_(board) {}
    bool write(std::uint8_t, std::span<const std::uint8_t>) override { return true; }
    bool read(std::uint8_t, std::span<std::uint8_t> into) override {
      std::lock_guard lock(board_.mutex_);
      board_.plant_.advance(kPeriodS);
      // counts = 10 % of 2^24 + p / 300 mmHg * 80 % of 2^24 (datasheet 32332628).
      const double counts =
          std::clamp(1677722.0 + board_.plant_.read_sensor() * 13421772.0 / 300.0, 0.0, 16777215.0);
      const auto c = static_cast<std::uint32_t>(std::lround(counts));
      const std::uint8_t reply[4] = {0x40, static_cast<std::uint8_t>(c >> 16),
                                     static_cast<std::uint8_t>(c >> 8),
                                     static_cast<std::uint8_t>(c)};
      std::copy_n(reply, std::min<std::size_t>(into.size(), 4), into.begin());
      return true;
    }
    std::string last_error() const override { return ""; }
    std::string describe() const override { return "simulated bus"; }

   private:
    PlantBoard& board_;
  };

  class Outputs : public GpioOutputs {
   public:
    explicit Outputs(PlantBoard& board) : board_(board) {}
    ~Outputs() override { set_safe(); }
    bool apply(const OutputLevels& levels) override {
      std::lock_guard lock(board_.mutex_);
      board_.levels_ = levels;
      board_.plant_.command({levels.pump_supply_on ? levels.pump_duty : 0.0, levels.bleed_duty,
                             !levels.vent_valve_energised, levels.pump_supply_on});
      return true;
    }
    void set_safe() noexcept override { apply(safe_output_levels()); }
    std::string last_error() const override { return ""; }

   private:
    PlantBoard& board_;
  };

  mutable std::mutex mutex_;
  sim::Plant plant_;
  OutputLevels levels_{};
};

}  // namespace bfr::hardware::testing

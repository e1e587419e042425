#include "hardware/gpiod_outputs.hpp"

#include <gpiod.h>
#include <pthread.h>
#include <sched.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace bfr::hardware {
namespace {

constexpr const char* kConsumer = "openbfr";

}  // namespace

GpiodOutputs::GpiodOutputs(const GpioPins& pins) : pins_(pins) {
  chip_ = gpiod_chip_open(pins_.chip.c_str());
  if (chip_ == nullptr) {
    throw std::runtime_error(
        fmt::format("cannot open GPIO chip {}: {}", pins_.chip, std::strerror(errno)));
  }
  try {
    vent_ = request(pins_.vent_valve, "vent valve");
    supply_ = request(pins_.pump_supply, "pump supply");
    pump_ = request(pins_.pump_pwm, "pump PWM");
    bleed_ = request(pins_.bleed_pwm, "bleed valve PWM");
  } catch (...) {
    release_all();
    throw;
  }
  running_ = true;
  try {
    pwm_thread_ = std::thread([this] { pwm_loop(); });
  } catch (...) {
    release_all();
    throw;
  }
}

GpiodOutputs::~GpiodOutputs() {
  {
    const std::lock_guard lock(mutex_);
    running_ = false;
  }
  wake_.notify_all();
  if (pwm_thread_.joinable()) pwm_thread_.join();
  release_all();
}

GpiodOutputs::Line GpiodOutputs::request(unsigned offset, const char* role) {
  gpiod_line* line = gpiod_chip_get_line(chip_, offset);
  // Requested low: the line's safe level, from the first moment it is driven.
  if (line == nullptr || gpiod_line_request_output(line, kConsumer, 0) < 0) {
    throw std::runtime_error(fmt::format("cannot request GPIO line {} ({}) on {}: {}", offset, role,
                                         pins_.chip, std::strerror(errno)));
  }
  return {line, offset, role};
}

void GpiodOutputs::release_all() noexcept {
  for (Line* line : {&vent_, &supply_, &pump_, &bleed_}) {
    if (line->handle == nullptr) continue;
    gpiod_line_set_value(line->handle, 0);
    gpiod_line_release(line->handle);
    line->handle = nullptr;
  }
  if (chip_ != nullptr) gpiod_chip_close(chip_);
  chip_ = nullptr;
}

bool GpiodOutputs::drive(const Line& line, bool high) {
  if (gpiod_line_set_value(line.handle, high ? 1 : 0) == 0) return true;
  if (!failed_) {  // keep the first failure: later ones follow from it
    last_error_ = fmt::format("cannot set GPIO line {} ({}) on {}: {}", line.offset, line.role,
                              pins_.chip, std::strerror(errno));
  }
  failed_ = true;
  return false;
}

void GpiodOutputs::all_low() {
  pump_duty_ = 0;
  bleed_duty_ = 0;
  // Pump first, then its supply, then the valves: air stops coming in
  // before anything else changes. Errors are ignored here: each line is
  // tried whatever happened to the one before.
  for (const Line* line : {&pump_, &supply_, &bleed_, &vent_}) {
    if (line->handle != nullptr) gpiod_line_set_value(line->handle, 0);
  }
}

bool GpiodOutputs::apply(const OutputLevels& levels) {
  const std::lock_guard lock(mutex_);
  if (failed_) {
    all_low();
    return false;
  }
  pump_duty_ = levels.pump_duty;
  bleed_duty_ = levels.bleed_duty;
  // A channel turned off stops now, not at the end of the PWM period.
  bool ok = true;
  if (pump_duty_ <= 0.0f) ok = drive(pump_, false);
  if (ok && bleed_duty_ <= 0.0f) ok = drive(bleed_, false);
  ok = ok && drive(vent_, levels.vent_valve_energised) && drive(supply_, levels.pump_supply_on);
  if (!ok) all_low();
  return ok;
}

void GpiodOutputs::set_safe() noexcept {
  const std::lock_guard lock(mutex_);
  all_low();
}

std::string GpiodOutputs::last_error() const {
  const std::lock_guard lock(mutex_);
  return last_error_;
}

void GpiodOutputs::pwm_loop() {
  // A real-time priority, where the process may have one, keeps the pulse
  // widths steady under load; without it the PWM still runs, with more jitter.
  sched_param param{};
  param.sched_priority = 50;
  pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);

  using Clock = std::chrono::steady_clock;
  std::unique_lock lock(mutex_);
  Clock::time_point period_start = Clock::now();
  while (running_ && !failed_) {
    const PwmChannelPlan pump = plan_pwm_period(pump_duty_, pins_.pwm);
    const PwmChannelPlan bleed = plan_pwm_period(bleed_duty_, pins_.pwm);
    if (!drive(pump_, pump.on_at_start) || !drive(bleed_, bleed.on_at_start)) break;

    struct Edge {
      std::chrono::microseconds at;
      const Line* line;
    };
    std::array<Edge, 2> edges{};
    std::size_t count = 0;
    if (pump.off_at) edges[count++] = {*pump.off_at, &pump_};
    if (bleed.off_at) edges[count++] = {*bleed.off_at, &bleed_};
    if (count == 2 && edges[1].at < edges[0].at) std::swap(edges[0], edges[1]);
    for (std::size_t i = 0; i < count && running_; ++i) {
      wake_.wait_until(lock, period_start + edges[i].at, [this] { return !running_; });
      if (!running_ || !drive(*edges[i].line, false)) break;
    }
    if (!running_ || failed_) break;
    period_start += pins_.pwm.period;
    wake_.wait_until(lock, period_start, [this] { return !running_; });
    // After a long stall (a suspended process), start afresh rather than
    // run the missed periods back to back.
    const Clock::time_point now = Clock::now();
    if (now - period_start > pins_.pwm.period) period_start = now;
  }
  all_low();
}

}  // namespace bfr::hardware

#include "hardware/mprls_sensor.hpp"

#include <array>
#include <cmath>
#include <thread>

#include <fmt/format.h>

namespace bfr::hardware {
namespace {

// The measurement command (datasheet 32332628, I2C output measurement).
constexpr std::array<std::uint8_t, 3> kMeasureCommand{0xAA, 0x00, 0x00};

}  // namespace

Sleeper real_sleeper() {
  return [](std::chrono::microseconds d) { std::this_thread::sleep_for(d); };
}

MprlsSensor::MprlsSensor(I2cBus& bus, const MprlsConfig& config, Sleeper sleep)
    : bus_(bus), config_(config), sleep_(std::move(sleep)) {}

bool MprlsSensor::start_conversion(std::string& error) {
  conversion_pending_ = bus_.write(config_.address, kMeasureCommand);
  if (!conversion_pending_) error = bus_.last_error();
  return conversion_pending_;
}

MprlsReading MprlsSensor::fetch() {
  MprlsReading r;
  std::array<std::uint8_t, 4> reply{};
  MprlsDecoded decoded;
  for (int attempt = 0;; ++attempt) {
    if (!bus_.read(config_.address, reply)) {
      r.fault = bus_.last_error();
      return r;
    }
    decoded = decode_mprls(reply, config_.transfer);
    // A busy reply means "not finished yet": ask again a little later.
    if (!decoded.status.busy || attempt >= config_.busy_polls) break;
    sleep_(config_.busy_poll);
  }
  r.status_byte = decoded.status_byte;
  r.counts = decoded.counts;
  r.pressure = decoded.pressure - config_.zero_offset;

  // The status bits as they are; the range with the margin, so that counts
  // just outside the span are read as a pressure near its ends.
  MprlsFaults kept;
  for (MprlsFault f : {MprlsFault::kNotPowered, MprlsFault::kBusy, MprlsFault::kMemoryError,
                       MprlsFault::kMathSaturation}) {
    if (decoded.faults.has(f)) kept.add(f);
  }
  const double margin_counts =
      static_cast<double>(config_.range_margin) *
      static_cast<double>(config_.transfer.counts_max - config_.transfer.counts_min);
  const double counts = static_cast<double>(decoded.counts);
  if (counts < static_cast<double>(config_.transfer.counts_min) - margin_counts) {
    kept.add(MprlsFault::kBelowRange);
  }
  if (counts > static_cast<double>(config_.transfer.counts_max) + margin_counts) {
    kept.add(MprlsFault::kAboveRange);
  }
  if (kept.any()) {
    r.fault = fmt::format("MPRLS at 0x{:02x} on {}: status 0x{:02x}, counts 0x{:06x}: {}",
                          config_.address, bus_.describe(), decoded.status_byte, decoded.counts,
                          describe(kept));
    return r;
  }
  r.ok = true;
  return r;
}

MprlsReading MprlsSensor::read() {
  if (!conversion_pending_) {
    std::string error;
    if (!start_conversion(error)) {
      MprlsReading r;
      r.fault = error;
      return r;
    }
    sleep_(config_.conversion_time);
  }
  conversion_pending_ = false;
  MprlsReading r = fetch();
  // The next conversion runs while the controller works on this reading. A
  // failure to start it shows in the next read, which then starts afresh.
  std::string ignored;
  start_conversion(ignored);
  return r;
}

std::string MprlsSensor::capture_zero(int samples) {
  if (samples <= 0) return "capture_zero needs at least one sample";
  double sum = 0;
  for (int i = 0; i < samples; ++i) {
    const MprlsReading r = read();
    if (!r.ok) return r.fault;
    sum += static_cast<double>(r.pressure.mmhg() + config_.zero_offset.mmhg());
    sleep_(config_.conversion_time);
  }
  config_.zero_offset = core::Pressure::mmhg(static_cast<float>(sum / samples));
  return {};
}

}  // namespace bfr::hardware

#pragma once
// An I2C bus that stands in for the chip: it expects a script of transfers
// (writes with their bytes, reads with the reply to give) in order and
// records every departure from it. Errors can be scripted too.

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "hardware/i2c_bus.hpp"

namespace bfr::hardware::testing {

// The MPRLS pressure sensor as the tests expect to see it on the bus, written
// out from its datasheet rather than taken from the driver: its fixed 7-bit
// address and the command that starts a measurement.
inline constexpr std::uint8_t kMprlsAddress = 0x18;
inline const std::vector<std::uint8_t> kMprlsMeasure{0xAA, 0x00, 0x00};

class ReplayI2cBus : public I2cBus {
 public:
  void expect_write(std::uint8_t address, std::vector<std::uint8_t> bytes) {
    script_.push_back({Kind::kWrite, address, std::move(bytes), false});
  }
  void expect_read(std::uint8_t address, std::vector<std::uint8_t> reply) {
    script_.push_back({Kind::kRead, address, std::move(reply), false});
  }
  // The next transfer of this kind fails, as a missing acknowledge would.
  void fail_write(std::uint8_t address) { script_.push_back({Kind::kWrite, address, {}, true}); }
  void fail_read(std::uint8_t address) { script_.push_back({Kind::kRead, address, {}, true}); }

  bool write(std::uint8_t address, std::span<const std::uint8_t> bytes) override {
    const Step step = next(Kind::kWrite, address);
    if (!step.fail &&
        !std::equal(bytes.begin(), bytes.end(), step.bytes.begin(), step.bytes.end())) {
      mismatches_.push_back("write with other bytes than scripted");
    }
    return finish(step);
  }
  bool read(std::uint8_t address, std::span<std::uint8_t> into) override {
    const Step step = next(Kind::kRead, address);
    if (!step.fail) {
      if (step.bytes.size() != into.size()) mismatches_.push_back("read of another length");
      std::copy_n(step.bytes.begin(), std::min(step.bytes.size(), into.size()), into.begin());
    }
    return finish(step);
  }
  std::string last_error() const override { return "replayed: remote I/O error"; }
  std::string describe() const override { return "replay bus"; }

  bool script_done() const { return script_.empty(); }
  std::size_t remaining() const { return script_.size(); }
  const std::vector<std::string>& mismatches() const { return mismatches_; }

 private:
  enum class Kind { kWrite, kRead };
  struct Step {
    Kind kind;
    std::uint8_t address;
    std::vector<std::uint8_t> bytes;
    bool fail;
  };

  Step next(Kind kind, std::uint8_t address) {
    if (script_.empty()) {
      mismatches_.push_back("transfer after the end of the script");
      return {kind, address, {}, true};
    }
    Step step = script_.front();
    script_.pop_front();
    if (step.kind != kind) mismatches_.push_back("a read and a write swapped");
    if (step.address != address) mismatches_.push_back("transfer to another address");
    return step;
  }
  static bool finish(const Step& step) { return !step.fail; }

  std::deque<Step> script_;
  std::vector<std::string> mismatches_;
};

}  // namespace bfr::hardware::testing

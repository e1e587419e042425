#pragma once
// Output lines that record every level they were given, and can be told to
// fail, for the tests of what drives them. The record lives outside the
// object so that a test can still read it after the owner destroyed it.

#include <string>
#include <vector>

#include "hardware/gpio_outputs.hpp"

namespace bfr::hardware::testing {

struct RecordedLines {
  // Not the safe levels at first, so that a test sees set_safe being called.
  OutputLevels current{true, 0.5f, 0.5f, true};
  std::vector<OutputLevels> applied;
  int safe_calls = 0;
  bool fail_next_apply = false;
  int failures = 0;
};

class RecordingOutputs : public GpioOutputs {
 public:
  explicit RecordingOutputs(RecordedLines& record) : record_(record) {}
  ~RecordingOutputs() override { set_safe(); }

  bool apply(const OutputLevels& levels) override {
    if (record_.fail_next_apply) {
      record_.fail_next_apply = false;
      ++record_.failures;
      record_.current = safe_output_levels();
      return false;
    }
    record_.current = levels;
    record_.applied.push_back(levels);
    return true;
  }
  void set_safe() noexcept override {
    record_.current = safe_output_levels();
    ++record_.safe_calls;
  }
  std::string last_error() const override {
    return record_.failures > 0 ? "recorded: line 17 could not be set" : "";
  }

 private:
  RecordedLines& record_;
};

}  // namespace bfr::hardware::testing

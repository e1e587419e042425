#pragma once
// Prints what a running device does, for people watching a terminal:
// LOP progress in 10 % steps, set starts and ends, alarms.

#include <cstdio>

#include "clinic/session_runner.hpp"

namespace bfr::cli {

class ConsoleObserver : public clinic::RunObserver {
 public:
  explicit ConsoleObserver(std::FILE* out) : out_(out) {}
  void on_frame(const device::Telemetry& t) override;
  void on_event(const device::Telemetry& t, const core::Event& e) override;

 private:
  std::FILE* out_;
  int last_decile_ = -1;
};

// Keeps device time in step with the wall clock (--realtime).
clinic::Pacer realtime_pacer();

}  // namespace bfr::cli

#include "cli/console_observer.hpp"

#include <fmt/format.h>

#include <chrono>
#include <thread>

namespace bfr::cli {

void ConsoleObserver::on_frame(const device::Telemetry& t) {
  if (t.outputs.phase != core::Phase::kMeasuringLop) {
    last_decile_ = -1;
    return;
  }
  const int decile = static_cast<int>(t.outputs.lop_progress.value() * 10.0f);
  if (decile == last_decile_) return;
  last_decile_ = decile;
  fmt::print(out_, "  measuring LOP: {:3d} %  cuff {:5.1f} mmHg\n", decile * 10, t.cuff.mmhg());
}

void ConsoleObserver::on_event(const device::Telemetry& t, const core::Event& e) {
  switch (e.kind) {
    case core::EventKind::kLopMeasured:
      fmt::print(out_, "  LOP found at {:.1f} mmHg, deflating\n", e.value.mmhg());
      break;
    case core::EventKind::kLopFailed:
      fmt::print(out_, "  LOP measurement ended without a value: {}\n",
                 core::to_string(static_cast<core::LopFailure>(e.code)));
      break;
    case core::EventKind::kSetStarted:
      fmt::print(out_, "  set {} started at {:.1f} mmHg\n", e.set_index + 1, t.cuff.mmhg());
      break;
    case core::EventKind::kSetEnded:
      fmt::print(out_, "  set {} ended{}\n", e.set_index + 1, e.code ? " by its time cap" : "");
      break;
    case core::EventKind::kAlarmRaised:
      fmt::print(out_, "  ALARM {} at {:.1f} mmHg: cuff vented\n",
                 core::to_string(static_cast<core::Alarm>(e.code)), e.value.mmhg());
      break;
    case core::EventKind::kCommandRejected:
      fmt::print(out_, "  command refused: {}\n",
                 core::to_string(static_cast<core::Rejection>(e.code)));
      break;
    default:
      break;
  }
  std::fflush(out_);
}

clinic::Pacer realtime_pacer() {
  const auto start = std::chrono::steady_clock::now();
  return [start](core::Duration elapsed) {
    std::this_thread::sleep_until(start + std::chrono::microseconds(elapsed.us()));
  };
}

}  // namespace bfr::cli

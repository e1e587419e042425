#include "runtime/device_trace.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace bfr::runtime {
namespace {

constexpr double kFlushPeriodS = 0.1;

}  // namespace

DeviceTrace::~DeviceTrace() {
  close();
}

void DeviceTrace::open(const std::string& path) {
  close();
  file_ = std::fopen(path.c_str(), "w");
  if (file_ == nullptr) {
    throw std::invalid_argument("cannot create trace file " + path + ": " + std::strerror(errno));
  }
  std::fputs(
      "wall_s,device_s,cuff,pressure_mmhg,target_mmhg,phase,alarms,host_connected,host_silent_s\n",
      file_);
}

void DeviceTrace::row(double wall_s, int cuff, const CuffStatus& s, bool host_connected,
                      std::optional<double> host_silent_s) {
  if (file_ == nullptr) return;
  std::fprintf(file_, "%.4f,%.4f,%d,%.2f,%.2f,%s,%x,%d,", wall_s,
               static_cast<double>(s.device_time.since_origin().us()) * 1e-6, cuff,
               static_cast<double>(s.cuff.mmhg()), static_cast<double>(s.target.mmhg()),
               core::to_string(s.phase), s.alarms.bits(), host_connected ? 1 : 0);
  if (host_silent_s) std::fprintf(file_, "%.4f", *host_silent_s);
  std::fputc('\n', file_);
}

void DeviceTrace::flush_if_due(double wall_s) {
  if (file_ == nullptr || wall_s - last_flush_s_ < kFlushPeriodS) return;
  std::fflush(file_);
  last_flush_s_ = wall_s;
}

void DeviceTrace::close() {
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
}

}  // namespace bfr::runtime

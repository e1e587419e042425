#include "runtime/device_server.hpp"

#include <array>
#include <cmath>
#include <deque>
#include <optional>
#include <stdexcept>
#include <thread>

#include "link/core_mapping.hpp"
#include "link/framing.hpp"
#include "link/sequence.hpp"
#include "runtime/device_trace.hpp"

namespace bfr::runtime {
namespace {

using Clock = std::chrono::steady_clock;

// More steps than this behind the wall clock (a stalled machine) and the
// loop re-bases its schedule instead of racing through them: device time
// then lags the wall clock, which the controllers do not notice.
constexpr std::uint64_t kMaxCatchUpSteps = 50;
// Commands received within one period for one cuff, beyond which they are
// refused (Error bad value, detail kQueueFullDetail).
constexpr std::size_t kMaxQueuedCommands = 8;
constexpr std::uint8_t kQueueFullDetail = 1;
// Detail of Error not_connected for a command that came while the device
// shuts down.
constexpr std::uint8_t kShuttingDownDetail = 1;
// LopResult is resent until acknowledged (docs/protocol.md).
constexpr auto kResendAfter = std::chrono::milliseconds(250);
constexpr int kMaxResends = 3;
constexpr std::size_t kRecentCommands = 8;

link::SensorType sensor_type(device::PressureSensorKind kind) {
  switch (kind) {
    case device::PressureSensorKind::kSimulated:
      return link::SensorType::kSimulated;
    case device::PressureSensorKind::kHoneywellMprls:
      return link::SensorType::kHoneywellMprls;
    case device::PressureSensorKind::kAnalogBridge:
      return link::SensorType::kAnalogBridge;
  }
  return link::SensorType::kSimulated;
}

link::ErrorCode error_for(link::ParseError error, std::uint8_t raw_type) {
  switch (error) {
    case link::ParseError::kUnsupportedVersion:
      return link::ErrorCode::kUnsupportedVersion;
    case link::ParseError::kUnknownType:
      return link::ErrorCode::kUnknownType;
    case link::ParseError::kTooShort:
    case link::ParseError::kBadLength:
      return link::ErrorCode::kBadLength;
    case link::ParseError::kBadCuff:
      // A command for a cuff index no device has.
      return link::cuff_scope(static_cast<link::MessageType>(raw_type)) == link::CuffScope::kCuff
                 ? link::ErrorCode::kNoSuchCuff
                 : link::ErrorCode::kBadValue;
    case link::ParseError::kNone:
    case link::ParseError::kBadValue:
      break;
  }
  return link::ErrorCode::kBadValue;
}

bool inflating(core::Phase phase) {
  return phase == core::Phase::kMeasuringLop || phase == core::Phase::kInflating ||
         phase == core::Phase::kExercise || phase == core::Phase::kRest;
}

void add_counts(link::MalformedCounts& into, const link::MalformedCounts& more) {
  into.bad_crc += more.bad_crc;
  into.overlong += more.overlong;
  into.bad_cobs += more.bad_cobs;
  into.unknown_type += more.unknown_type;
  into.bad_length += more.bad_length;
  into.bad_version += more.bad_version;
  into.bad_value += more.bad_value;
}

// Messages a host never sends; getting one is answered with wrong direction.
bool device_to_host_only(link::MessageType type) {
  return type == link::MessageType::kCapabilities || type == link::MessageType::kTelemetry ||
         type == link::MessageType::kEvent || type == link::MessageType::kLopResult;
}

}  // namespace

class DeviceServer::Loop {
 public:
  Loop(DeviceServer& server, ChannelListener* listener, ByteChannel* fixed)
      : server_(server),
        listener_(listener),
        fixed_(fixed),
        cuffs_(server.cuffs_.size()),
        period_(server.cuffs_.front()->frame_period()),
        watchdog_(server.config_.default_host_timeout) {
    if (!server.config_.trace_path.empty()) trace_.open(server.config_.trace_path);
    status_.host_timeout = watchdog_.timeout();
  }

  void run(std::stop_token stop) {
    start_ = Clock::now();
    base_time_ = start_;
    if (fixed_ != nullptr) attach(fixed_);
    for (;;) {
      if (!stopping_ && stop.stop_requested()) begin_stopping();
      refuse_extra_hosts();
      std::uint64_t due = steps_due(Clock::now());
      if (due > steps_done_ + kMaxCatchUpSteps) {
        base_time_ = Clock::now();
        base_steps_ = steps_done_;
        due = steps_done_ + 1;
        ++status_.schedule_slips;
      }
      while (steps_done_ < due) {
        if (stopping_) drive_stop();
        step_all();
        ++steps_done_;
        if (stopping_ && stop_finished()) {
          finish();
          return;
        }
      }
      send_heartbeat_if_due();
      resend_lop_results();
      publish();
      wait_for_input(deadline_of(steps_done_ + 1));
    }
  }

 private:
  struct PendingLop {
    bool active = false;
    link::Message message{};
    Clock::time_point sent{};
    int resends = 0;
  };
  struct Cuff {
    std::deque<core::Command> queue;
    CuffStatus status;
    PendingLop lop;
    bool stop_sent = false;
    bool vent_sent = false;
  };

  // ------------------------------------------------------------ time

  core::TimePoint wall_now() const {
    return core::TimePoint::from_us(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start_).count());
  }
  double wall_seconds() const {
    return std::chrono::duration<double>(Clock::now() - start_).count();
  }
  double period_s() const { return static_cast<double>(period_.us()) * 1e-6; }

  std::uint64_t steps_due(Clock::time_point now) const {
    const double elapsed = std::chrono::duration<double>(now - base_time_).count();
    const double steps = std::floor(elapsed * server_.config_.speed / period_s());
    return base_steps_ + (steps > 0 ? static_cast<std::uint64_t>(steps) : 0);
  }
  Clock::time_point deadline_of(std::uint64_t step) const {
    const double wall_s =
        static_cast<double>(step - base_steps_) * period_s() / server_.config_.speed;
    return base_time_ +
           std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(wall_s));
  }

  // ------------------------------------------------------------ hosts

  void attach(ByteChannel* channel) {
    channel_ = channel;
    decoder_ = link::StreamDecoder{};
    tx_sequence_ = link::SequenceCounter{};
    hello_ = false;
    heartbeat_sent_ = false;
    ++status_.hosts_served;
    // A receiver that joined mid-stream starts clean (docs/protocol.md, Framing).
    const std::array<std::uint8_t, 1> delimiter{0};
    if (!channel_->write_all(delimiter)) detach();
  }

  void detach() {
    add_counts(malformed_before_, decoder_.malformed());
    decoder_ = link::StreamDecoder{};
    if (channel_ != nullptr) channel_->close();
    channel_ = nullptr;
    owned_.reset();
    hello_ = false;
    for (Cuff& c : cuffs_) c.lop.active = false;
    // The watchdog stays armed: the host's silence is counted from its last
    // frame, and the controllers deflate when it lasts.
  }

  void refuse_extra_hosts() {
    if (channel_ == nullptr || listener_ == nullptr || !listener_->admits_concurrent_hosts())
      return;
    if (auto extra = listener_->accept(std::chrono::milliseconds(0))) {
      extra->close();
      ++status_.hosts_refused;
    }
  }

  void wait_for_input(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    const auto wait = std::max(left, std::chrono::milliseconds(0));
    if (channel_ == nullptr && listener_ != nullptr && !stopping_) {
      if (auto channel = listener_->accept(wait)) {
        owned_ = std::move(channel);
        attach(owned_.get());
      }
    } else if (channel_ != nullptr) {
      std::array<std::uint8_t, 512> buffer{};
      const ReadResult r = channel_->read_some(buffer, wait);
      for (std::size_t i = 0; i < r.bytes && channel_ != nullptr; ++i) take_byte(buffer[i]);
      if (r.closed && channel_ != nullptr) detach();
      if (r.bytes > 0 || r.closed) publish();
    }
    // Less than a millisecond left, or nothing to wait on: sleep to the step.
    if (Clock::now() < deadline) std::this_thread::sleep_until(deadline);
  }

  void take_byte(std::uint8_t byte) {
    const std::uint32_t rejections = decoder_.parse_rejections();
    const link::Message* message = decoder_.push(byte);
    if (message != nullptr) {
      handle(*message);
    } else if (decoder_.parse_rejections() != rejections) {
      answer_rejection(decoder_.last_rejection());
    }
  }

  // ------------------------------------------------------------ messages in

  void handle(const link::Message& m) {
    ++status_.frames_received;
    if (hello_) {
      watchdog_.feed(wall_now());
      last_host_frame_ = Clock::now();
    }
    const link::MessageType type = link::type_of(m.body);
    if (const auto* hello = std::get_if<link::Hello>(&m.body)) {
      on_hello(*hello);
    } else if (const core::Command command = link::to_command(m.body);
               command.kind != core::CommandKind::kNone) {
      on_command(m, type, command);
    } else if (const auto* ack = std::get_if<link::Ack>(&m.body)) {
      on_ack(*ack);
    } else if (device_to_host_only(type)) {
      send_error(m.sequence, static_cast<std::uint8_t>(type), m.cuff,
                 link::ErrorCode::kWrongDirection, 0);
    }
    // Heartbeat: fed the watchdog above. Error: never answered.
  }

  void on_hello(const link::Hello& hello) {
    const core::Duration asked =
        hello.host_timeout.us() == 0 ? server_.config_.default_host_timeout : hello.host_timeout;
    watchdog_.set_timeout(asked);
    watchdog_.arm(wall_now());
    last_host_frame_ = Clock::now();
    recent_.clear();
    hello_ = true;
    status_.host_timeout = watchdog_.timeout();
    const device::LocalController& first = *server_.cuffs_.front();
    const core::ControllerConfig& config = first.controller_config();
    link::Capabilities caps;
    caps.firmware = server_.config_.firmware;
    caps.cuff_count = static_cast<std::uint8_t>(server_.cuffs_.size());
    caps.sensor = sensor_type(first.sensor_kind());
    caps.pressure_cap = config.safety.hard_cap;
    caps.max_inflation = config.safety.max_inflation;
    caps.telemetry_rate_hz =
        static_cast<std::uint16_t>(std::lround(1e6 / static_cast<double>(period_.us())));
    caps.host_timeout = watchdog_.timeout();
    send(caps, link::kNoCuff);
  }

  void on_command(const link::Message& m, link::MessageType type, const core::Command& command) {
    const auto raw_type = static_cast<std::uint8_t>(type);
    if (!hello_) {
      send_error(m.sequence, raw_type, m.cuff, link::ErrorCode::kNotConnected, 0);
      return;
    }
    if (stopping_) {
      send_error(m.sequence, raw_type, m.cuff, link::ErrorCode::kNotConnected, kShuttingDownDetail);
      return;
    }
    if (m.cuff >= cuffs_.size()) {
      send_error(m.sequence, raw_type, m.cuff, link::ErrorCode::kNoSuchCuff, 0);
      return;
    }
    if (recent_.contains(m.sequence)) {
      ++status_.command_repeats;
      send(link::Ack{m.sequence, raw_type}, m.cuff);
      return;
    }
    std::deque<core::Command>& queue = cuffs_[m.cuff].queue;
    if (command.kind == core::CommandKind::kEmergencyStop) {
      // Nothing queued before an emergency stop is worth running first.
      queue.clear();
    } else if (queue.size() >= kMaxQueuedCommands) {
      send_error(m.sequence, raw_type, m.cuff, link::ErrorCode::kBadValue, kQueueFullDetail);
      return;
    }
    recent_.remember(m.sequence);
    queue.push_back(command);
    ++status_.commands_run;
    send(link::Ack{m.sequence, raw_type}, m.cuff);
  }

  void on_ack(const link::Ack& ack) {
    if (ack.acked_type != static_cast<std::uint8_t>(link::MessageType::kLopResult)) return;
    for (Cuff& c : cuffs_) {
      if (c.lop.active && c.lop.message.sequence == ack.acked_sequence) c.lop.active = false;
    }
  }

  void answer_rejection(const link::ParseResult& rejected) {
    // A frame whose header could not be read cannot be named; errors are
    // never answered with errors.
    if (!rejected.has_header) return;
    if (rejected.header.type == static_cast<std::uint8_t>(link::MessageType::kError)) return;
    send_error(rejected.header.sequence, rejected.header.type, rejected.header.cuff,
               error_for(rejected.error, rejected.header.type), 0);
  }

  // ------------------------------------------------------------ messages out

  bool send_message(const link::Message& message) {
    if (channel_ == nullptr) return false;
    std::array<std::uint8_t, link::kMaxWireFrame> frame{};
    const std::size_t n = link::write_frame(message, frame);
    if (n == 0) return false;  // nothing unreadable goes out
    if (!channel_->write_all(std::span<const std::uint8_t>(frame.data(), n))) {
      detach();
      return false;
    }
    return true;
  }

  std::optional<std::uint16_t> send(const link::Body& body, std::uint8_t cuff) {
    link::Message message;
    message.sequence = tx_sequence_.next();
    message.cuff = cuff;
    message.body = body;
    if (!send_message(message)) return std::nullopt;
    switch (link::type_of(body)) {
      case link::MessageType::kAck:
        ++status_.acks_sent;
        break;
      case link::MessageType::kError:
        ++status_.errors_sent;
        break;
      case link::MessageType::kTelemetry:
        ++status_.telemetry_sent;
        break;
      case link::MessageType::kHeartbeat:
        ++status_.heartbeats_sent;
        break;
      case link::MessageType::kLopResult:
        ++status_.lop_results_sent;
        break;
      default:
        break;
    }
    return message.sequence;
  }

  void send_error(std::uint16_t sequence, std::uint8_t raw_type, std::uint8_t cuff,
                  link::ErrorCode code, std::uint8_t detail) {
    // Echo the cuff byte where the codec allows it; otherwise the device's.
    const std::uint8_t echoed = cuff < link::kMaxCuffs ? cuff : link::kNoCuff;
    send(link::Error{sequence, raw_type, code, detail}, echoed);
  }

  void send_heartbeat_if_due() {
    if (!hello_) return;
    const auto now = Clock::now();
    const auto period = std::chrono::microseconds(link::kHeartbeatPeriod.us());
    if (heartbeat_sent_ && now - last_heartbeat_ < period) return;
    heartbeat_sent_ = true;
    last_heartbeat_ = now;
    send(link::Heartbeat{cuffs_.front().status.device_time}, link::kNoCuff);
  }

  void resend_lop_results() {
    if (!hello_) return;
    const auto now = Clock::now();
    for (Cuff& c : cuffs_) {
      if (!c.lop.active || now - c.lop.sent < kResendAfter) continue;
      if (c.lop.resends >= kMaxResends) {
        c.lop.active = false;
        continue;
      }
      ++c.lop.resends;
      c.lop.sent = now;
      if (send_message(c.lop.message)) ++status_.lop_results_sent;
    }
  }

  // ------------------------------------------------------------ stepping

  void step_all() {
    core::Readings verdict;
    watchdog_.mark(wall_now(), verdict);
    status_.host_lost = verdict.host_heartbeat_lost;
    status_.host_losses = watchdog_.losses();
    const double wall_s = wall_seconds();
    std::optional<double> silent_s;
    if (last_host_frame_) {
      silent_s = std::chrono::duration<double>(Clock::now() - *last_host_frame_).count();
    }
    for (std::size_t i = 0; i < cuffs_.size(); ++i) {
      device::LocalController& controller = *server_.cuffs_[i];
      Cuff& cuff = cuffs_[i];
      controller.set_host_heartbeat_lost(verdict.host_heartbeat_lost);
      core::Command command;
      if (!cuff.queue.empty()) {
        command = cuff.queue.front();
        cuff.queue.pop_front();
      }
      const device::Telemetry t = controller.exchange(command);
      cuff.status = {
          t.at, t.cuff, t.outputs.target, t.outputs.phase, t.outputs.set_index, t.outputs.alarms};
      trace_.row(wall_s, static_cast<int>(i), cuff.status, hello_, silent_s);
      report(i, t);
    }
    ++status_.steps;
    trace_.flush_if_due(wall_s);
  }

  void report(std::size_t i, const device::Telemetry& t) {
    if (!hello_) return;
    const auto cuff_byte = static_cast<std::uint8_t>(i);
    // The driver's fault flag reaches the host as the alarm it raises.
    const core::Readings readings(t.cuff, !t.outputs.alarms.has(core::Alarm::kSensorFault));
    send(link::make_telemetry(t.at, t.outputs, readings), cuff_byte);
    std::optional<link::LopResultMessage> lop;
    if (t.lop_result) {
      lop = link::LopResultMessage{core::LopFailure::kNone, *t.lop_result};
    } else {
      for (const core::Event& e : t.outputs.events) {
        if (e.kind == core::EventKind::kLopFailed) {
          lop = link::LopResultMessage{static_cast<core::LopFailure>(e.code), {}};
        }
      }
    }
    if (!lop || channel_ == nullptr) return;
    PendingLop& pending = cuffs_[i].lop;
    pending.message.sequence = tx_sequence_.next();
    pending.message.cuff = cuff_byte;
    pending.message.body = *lop;
    pending.sent = Clock::now();
    pending.resends = 0;
    pending.active = send_message(pending.message);
    if (pending.active) ++status_.lop_results_sent;
  }

  // ------------------------------------------------------------ stopping

  void begin_stopping() {
    stopping_ = true;
    stop_started_step_ = steps_done_;
  }

  core::Duration stopping_for() const {
    return period_ * static_cast<std::int64_t>(steps_done_ - stop_started_step_);
  }

  void drive_stop() {
    const DeviceServerConfig& config = server_.config_;
    for (Cuff& c : cuffs_) {
      if (!c.stop_sent && inflating(c.status.phase)) {
        c.queue.clear();
        c.queue.push_back(core::Command{core::CommandKind::kStop, {}});
        c.stop_sent = true;
      }
      if (!c.vent_sent && stopping_for() >= config.stop_vent_after &&
          c.status.cuff >= config.deflated_below) {
        c.queue.clear();
        c.queue.push_back(core::Command{core::CommandKind::kEmergencyStop, {}});
        c.vent_sent = true;
      }
    }
  }

  bool all_deflated() const {
    for (const Cuff& c : cuffs_) {
      if (inflating(c.status.phase) || c.status.cuff >= server_.config_.deflated_below) {
        return false;
      }
    }
    return true;
  }

  bool stop_finished() const {
    return steps_done_ > stop_started_step_ &&
           (all_deflated() || stopping_for() >= server_.config_.stop_give_up_after);
  }

  void finish() {
    {
      std::lock_guard lock(server_.status_mutex_);
      server_.ended_deflated_ = all_deflated();
    }
    publish();
    if (channel_ != nullptr) detach();
    trace_.close();
  }

  void publish() {
    status_.host_connected = channel_ != nullptr;
    status_.hello_received = hello_;
    status_.stopping = stopping_;
    status_.malformed = malformed_before_;
    add_counts(status_.malformed, decoder_.malformed());
    status_.cuffs.resize(cuffs_.size());
    for (std::size_t i = 0; i < cuffs_.size(); ++i) status_.cuffs[i] = cuffs_[i].status;
    std::lock_guard lock(server_.status_mutex_);
    server_.status_ = status_;
  }

  DeviceServer& server_;
  ChannelListener* listener_;
  ByteChannel* fixed_;
  std::unique_ptr<ByteChannel> owned_;
  ByteChannel* channel_ = nullptr;

  std::vector<Cuff> cuffs_;
  core::Duration period_;
  link::HostWatchdog watchdog_;
  link::StreamDecoder decoder_;
  link::MalformedCounts malformed_before_{};
  link::SequenceCounter tx_sequence_;
  link::RecentSequences<kRecentCommands> recent_;
  bool hello_ = false;
  std::optional<Clock::time_point> last_host_frame_;
  bool heartbeat_sent_ = false;
  Clock::time_point last_heartbeat_{};

  Clock::time_point start_{};
  Clock::time_point base_time_{};
  std::uint64_t base_steps_ = 0;
  std::uint64_t steps_done_ = 0;
  bool stopping_ = false;
  std::uint64_t stop_started_step_ = 0;

  DeviceTrace trace_;
  DeviceServerStatus status_;
};

DeviceServer::DeviceServer(std::vector<device::LocalController*> cuffs, DeviceServerConfig config)
    : cuffs_(std::move(cuffs)), config_(std::move(config)) {
  if (cuffs_.empty() || cuffs_.size() > link::kMaxCuffs) {
    throw std::invalid_argument("a device serves one or two cuffs");
  }
  for (const device::LocalController* c : cuffs_) {
    if (c == nullptr) throw std::invalid_argument("no controller for a cuff");
    if (c->frame_period() != cuffs_.front()->frame_period() || c->frame_period().us() <= 0) {
      throw std::invalid_argument("both cuffs' controllers must run at the same period");
    }
  }
  if (!(config_.speed >= 0.01 && config_.speed <= 1000)) {
    throw std::invalid_argument("speed must be between 0.01 and 1000");
  }
  if (!config_.trace_path.empty()) {
    // Fail here, before any host is served, not when serving starts.
    DeviceTrace probe;
    probe.open(config_.trace_path);
  }
  status_.cuffs.resize(cuffs_.size());
}

DeviceServer::~DeviceServer() = default;

void DeviceServer::serve(ChannelListener& listener, std::stop_token stop) {
  Loop loop(*this, &listener, nullptr);
  loop.run(std::move(stop));
}

void DeviceServer::serve(ByteChannel& channel, std::stop_token stop) {
  Loop loop(*this, nullptr, &channel);
  loop.run(std::move(stop));
}

DeviceServerStatus DeviceServer::status() const {
  std::lock_guard lock(status_mutex_);
  return status_;
}

bool DeviceServer::ended_deflated() const {
  std::lock_guard lock(status_mutex_);
  return ended_deflated_;
}

}  // namespace bfr::runtime

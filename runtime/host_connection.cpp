#include "runtime/host_connection.hpp"

#include <fmt/format.h>

#include <pthread.h>
#include <time.h>

#include <array>
#include <utility>

#include "link/core_mapping.hpp"
#include "link/framing.hpp"
#include "runtime/channel_endpoints.hpp"

namespace bfr::runtime {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// docs/protocol.md, "Sequence numbers and acknowledgements": an unanswered
// command goes again after 250 ms, at most 3 times (EmergencyStop until
// acknowledged).
constexpr milliseconds kRetransmitAfter{250};
constexpr int kMaxRetransmissions = 3;
// How long the reader waits for bytes before it looks at its timers; short
// enough for the 250 ms retransmissions and the heartbeat.
constexpr milliseconds kReadSlice{20};
// How often a view waiting for a frame looks at the watchdog itself, so that
// a reader stuck in a slow dial cannot delay the loss.
constexpr milliseconds kWaitSlice{50};

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

const char* error_text(link::ErrorCode code) {
  switch (code) {
    case link::ErrorCode::kUnsupportedVersion:
      return "unsupported protocol version";
    case link::ErrorCode::kUnknownType:
      return "unknown message type";
    case link::ErrorCode::kBadLength:
      return "bad length";
    case link::ErrorCode::kBadValue:
      return "bad value";
    case link::ErrorCode::kNoSuchCuff:
      return "no such cuff";
    case link::ErrorCode::kWrongDirection:
      return "wrong direction";
    case link::ErrorCode::kNotConnected:
      return "not connected (no Hello yet)";
  }
  return "unknown error";
}

void add_counts(link::MalformedCounts& sum, const link::MalformedCounts& more) {
  sum.bad_crc += more.bad_crc;
  sum.overlong += more.overlong;
  sum.bad_cobs += more.bad_cobs;
  sum.unknown_type += more.unknown_type;
  sum.bad_length += more.bad_length;
  sum.bad_version += more.bad_version;
  sum.bad_value += more.bad_value;
}

bool write_message(ByteChannel& channel, std::uint16_t sequence, std::uint8_t cuff,
                   const link::Body& body) {
  std::array<std::uint8_t, link::kMaxWireFrame> frame{};
  const std::size_t size = link::write_frame(link::Message{sequence, cuff, body}, frame);
  if (size == 0) return false;
  return channel.write_all(std::span<const std::uint8_t>(frame.data(), size));
}

}  // namespace

ChannelDialer dial_address(const std::string& address) {
  return [address](std::string& error) { return connect_channel(address, error); };
}

core::TimePoint HostConnection::to_link_time(Clock::time_point t) {
  return core::TimePoint::from_us(
      std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count());
}

HostConnection::HostConnection(ChannelDialer dial, std::string label, HostLinkOptions options)
    : dial_(std::move(dial)), label_(std::move(label)), options_(options) {
  std::string error;
  std::unique_ptr<ByteChannel> channel = dial_(error);
  if (!channel) throw LinkError(fmt::format("cannot connect to {}: {}", label_, error));
  handshake(*channel);  // throws; the channel closes with its owner
  device_timeout_ = options_.device_timeout.count() > 0
                        ? options_.device_timeout
                        : milliseconds(capabilities_.host_timeout.us() / 1000);
  watchdog_ = link::DeviceWatchdog(core::Duration::from_ms(device_timeout_.count()));
  watchdog_.arm(to_link_time(Clock::now()));
  last_heartbeat_sent_ = Clock::now();
  channel_ = std::move(channel);
  reader_ = std::thread([this] { reader_loop(); });
}

HostConnection::~HostConnection() {
  close();
}

void HostConnection::close() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    state_ = State::kClosed;
  }
  frames_cv_.notify_all();
  std::shared_ptr<ByteChannel> channel;
  {
    std::lock_guard lock(send_mutex_);
    channel = channel_;
  }
  if (channel) channel->close();  // wakes the reader in read_some
  if (reader_.joinable()) reader_.join();
}

void HostConnection::handshake(ByteChannel& channel) {
  // A fresh decoder and numbering for every connection (docs/protocol.md:
  // counters start at 0 after connecting).
  {
    std::lock_guard lock(mutex_);
    add_counts(malformed_earlier_, decoder_.malformed());
    malformed_now_ = {};
    decoder_ = link::StreamDecoder{};
    device_sequence_.restart();
    recent_results_.clear();
  }
  std::uint16_t hello_sequence = 0;
  {
    std::lock_guard lock(send_mutex_);
    send_sequence_ = link::SequenceCounter(0);
    hello_sequence = send_sequence_.next();
  }
  // A lone delimiter first so that a device that heard half a frame starts clean.
  const std::uint8_t delimiter = 0;
  link::Hello hello;
  hello.host_timeout = core::Duration::from_ms(options_.host_timeout.count());
  if (!channel.write_all(std::span<const std::uint8_t>(&delimiter, 1)) ||
      !write_message(channel, hello_sequence, link::kNoCuff, hello)) {
    throw LinkError(fmt::format("{} closed the connection before Hello", label_));
  }

  const auto deadline = Clock::now() + options_.handshake_timeout;
  std::array<std::uint8_t, 512> buffer{};
  std::size_t bytes_seen = 0;
  while (true) {
    const auto now = Clock::now();
    if (now >= deadline) break;
    const auto wait = std::chrono::duration_cast<milliseconds>(deadline - now) + milliseconds(1);
    const ReadResult r = channel.read_some(buffer, std::min(wait, milliseconds(100)));
    bytes_seen += r.bytes;
    for (std::size_t i = 0; i < r.bytes; ++i) {
      const link::Message* message = decoder_.push(buffer[i]);
      if (message == nullptr) continue;
      if (const auto* caps = std::get_if<link::Capabilities>(&message->body)) {
        if (caps->min_version > link::kProtocolVersion ||
            caps->max_version < link::kProtocolVersion) {
          throw LinkError(
              fmt::format("{} speaks protocol versions {}-{}; this host speaks version {}", label_,
                          caps->min_version, caps->max_version, link::kProtocolVersion));
        }
        capabilities_ = *caps;
        device_sequence_.observe(message->sequence);
        // The device may start streaming at once: frames that came in the
        // same read as Capabilities are the first of the new stream, and
        // the reader will not see these bytes again.
        for (std::size_t j = i + 1; j < r.bytes; ++j) {
          if (const link::Message* next = decoder_.push(buffer[j])) handle(*next, Clock::now());
        }
        return;
      }
      if (const auto* error = std::get_if<link::Error>(&message->body)) {
        if (error->acked_type == static_cast<std::uint8_t>(link::MessageType::kHello)) {
          throw LinkError(fmt::format("{} refused Hello: {}", label_, error_text(error->code)));
        }
      }
      // Anything else before Capabilities (a frame of the old stream) is
      // taken as it comes.
      handle(*message, Clock::now());
    }
    {
      std::lock_guard lock(mutex_);
      malformed_now_ = decoder_.malformed();
    }
    if (r.closed) {
      throw LinkError(fmt::format("{} closed the connection before answering Hello", label_));
    }
  }
  const link::ParseResult& rejected = decoder_.last_rejection();
  if (decoder_.malformed().bad_version > 0 && rejected.has_header) {
    throw LinkError(fmt::format("{} answers in protocol version {}; this host speaks version {}",
                                label_, rejected.header.version, link::kProtocolVersion));
  }
  throw LinkError(
      fmt::format("no Capabilities from {} within {:.1f} s ({} bytes, {} malformed frames)", label_,
                  seconds(options_.handshake_timeout), bytes_seen, decoder_.malformed().total()));
}

bool HostConnection::send_with_sequence(std::uint16_t sequence, std::uint8_t cuff,
                                        const link::Body& body) {
  std::lock_guard lock(send_mutex_);
  if (!channel_) return false;
  return write_message(*channel_, sequence, cuff, body);
}

bool HostConnection::send(std::uint8_t cuff, const link::Body& body, std::uint16_t* sequence_out) {
  std::lock_guard lock(send_mutex_);
  if (!channel_) return false;
  const std::uint16_t sequence = send_sequence_.next();
  if (sequence_out != nullptr) *sequence_out = sequence;
  return write_message(*channel_, sequence, cuff, body);
}

void HostConnection::send_command(std::uint8_t cuff, const core::Command& command) {
  link::Body body;
  if (!link::command_body(command, body)) return;  // kNone: nothing to send
  std::lock_guard send_lock(send_mutex_);
  if (!channel_) {
    std::lock_guard lock(mutex_);
    cuffs_[cuff % link::kMaxCuffs].refusals.push_back(
        {link::type_of(body), link::ErrorCode::kNotConnected,
         fmt::format("{} not sent: the link to {} is down", link::to_string(link::type_of(body)),
                     label_)});
    ++stats_.commands_refused;
    frames_cv_.notify_all();
    return;
  }
  const std::uint16_t sequence = send_sequence_.next();
  {
    // Registered before it leaves, so that an answer cannot beat it.
    std::lock_guard lock(mutex_);
    pending_.push_back({sequence, cuff, body, Clock::now(), 0});
    ++stats_.commands_sent;
  }
  write_message(*channel_, sequence, cuff, body);
}

void HostConnection::acknowledge(const link::Message& message) {
  link::Ack ack;
  ack.acked_sequence = message.sequence;
  ack.acked_type = static_cast<std::uint8_t>(link::type_of(message.body));
  send(message.cuff, ack);
}

void HostConnection::handle(const link::Message& message, Clock::time_point now) {
  bool ack = false;
  {
    std::lock_guard lock(mutex_);
    ++stats_.frames_received;
    watchdog_.feed(to_link_time(now));
    const link::SequenceCheck check = device_sequence_.observe(message.sequence);
    stats_.sequence_gaps += check.missed;
    if (check.stale) ++stats_.stale_frames;
    const bool for_cuff = message.cuff < link::kMaxCuffs;
    CuffQueue* queue = for_cuff ? &cuffs_[message.cuff] : nullptr;

    if (const auto* telemetry = std::get_if<link::Telemetry>(&message.body)) {
      if (queue != nullptr && !check.stale) {
        ReceivedTelemetry frame;
        frame.sequence = message.sequence;
        frame.telemetry = *telemetry;
        frame.lop_result = std::exchange(queue->lop_result, std::nullopt);
        frame.extra_events = std::exchange(queue->extra_events, {});
        frame.received_at = now;
        queue->frames.push_back(std::move(frame));
        ++stats_.cuffs[message.cuff].telemetry_received;
        frames_cv_.notify_all();
      }
    } else if (const auto* result = std::get_if<link::LopResultMessage>(&message.body)) {
      ack = true;
      // A retransmission is older than the frames after the original, so
      // repeats are known by memory, not by order.
      if (queue != nullptr && !recent_results_.contains(message.sequence)) {
        recent_results_.remember(message.sequence);
        queue->lop_result = *result;
      }
    } else if (const auto* event = std::get_if<link::EventMessage>(&message.body)) {
      ack = true;
      if (queue != nullptr && !recent_results_.contains(message.sequence)) {
        recent_results_.remember(message.sequence);
        queue->extra_events.push_back(event->event);
      }
    } else if (const auto* answer = std::get_if<link::Ack>(&message.body)) {
      std::erase_if(pending_, [&](const PendingCommand& p) {
        return p.sequence == answer->acked_sequence &&
               static_cast<std::uint8_t>(link::type_of(p.body)) == answer->acked_type;
      });
    } else if (const auto* error = std::get_if<link::Error>(&message.body)) {
      for (auto it = pending_.begin(); it != pending_.end(); ++it) {
        if (it->sequence != error->acked_sequence) continue;
        const link::MessageType type = link::type_of(it->body);
        cuffs_[it->cuff % link::kMaxCuffs].refusals.push_back(
            {type, error->code,
             fmt::format("{} refused by the device: {}", link::to_string(type),
                         error_text(error->code))});
        ++stats_.commands_refused;
        pending_.erase(it);
        frames_cv_.notify_all();
        break;
      }
    } else if (const auto* caps = std::get_if<link::Capabilities>(&message.body)) {
      capabilities_ = *caps;
    }
  }
  if (ack) acknowledge(message);
}

void HostConnection::stop_heartbeats() {
  std::lock_guard lock(mutex_);
  heartbeats_stopped_ = true;
}

void HostConnection::periodic(Clock::time_point now) {
  bool heartbeats = true;
  {
    std::lock_guard lock(mutex_);
    heartbeats = !heartbeats_stopped_;
  }
  if (heartbeats &&
      now - last_heartbeat_sent_ >=
          std::chrono::microseconds(link::heartbeat_period_for(capabilities_.host_timeout).us())) {
    last_heartbeat_sent_ = now;
    send(link::kNoCuff, link::Heartbeat{to_link_time(now)});
  }
  std::vector<PendingCommand> resend;
  {
    std::lock_guard lock(mutex_);
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (now - it->sent_at < kRetransmitAfter) {
        ++it;
        continue;
      }
      const bool keep_trying = std::holds_alternative<link::EmergencyStop>(it->body) ||
                               it->retries < kMaxRetransmissions;
      if (!keep_trying) {
        // The telemetry shows what the device did; the host only counts it.
        ++stats_.commands_unconfirmed;
        it = pending_.erase(it);
        continue;
      }
      ++it->retries;
      it->sent_at = now;
      ++stats_.retransmissions;
      resend.push_back(*it);
      ++it;
    }
    check_loss_locked(now);
  }
  for (const PendingCommand& p : resend) send_with_sequence(p.sequence, p.cuff, p.body);
}

void HostConnection::check_loss_locked(Clock::time_point now) {
  if (watchdog_.poll(to_link_time(now))) {
    const Clock::time_point last_seen{std::chrono::microseconds(watchdog_.last_seen().us())};
    const auto silent = now - last_seen;
    loss_ = DeviceLoss{now, std::chrono::duration_cast<milliseconds>(silent),
                       fmt::format("device lost: no frame from {} for {:.1f} s (timeout {:.1f} s)",
                                   label_, seconds(silent), seconds(device_timeout_))};
    ++stats_.losses;
    frames_cv_.notify_all();
  } else if (loss_ && !watchdog_.lost(to_link_time(now))) {
    loss_.reset();  // frames came back
  }
}

void HostConnection::channel_dropped(Clock::time_point now) {
  {
    std::lock_guard lock(send_mutex_);
    if (channel_) channel_->close();
    channel_.reset();
  }
  std::lock_guard lock(mutex_);
  if (state_ == State::kClosed) return;
  state_ = State::kDialling;
  dropped_at_ = now;
  next_dial_ = now;
  // After a new Hello the device has forgotten which commands it ran, so a
  // command sent again could run twice: what was unanswered stays so, and
  // the telemetry shows what happened.
  stats_.commands_unconfirmed += static_cast<std::uint32_t>(pending_.size());
  pending_.clear();
}

void HostConnection::try_redial(Clock::time_point now) {
  {
    std::lock_guard lock(mutex_);
    if (state_ != State::kDialling || now < next_dial_) return;
    if (now - dropped_at_ > options_.reconnect_window) {
      state_ = State::kGaveUp;
      return;
    }
    next_dial_ = now + options_.redial_interval;
  }
  std::string error;
  std::unique_ptr<ByteChannel> channel = dial_(error);
  if (!channel) return;
  try {
    handshake(*channel);
  } catch (const LinkError&) {
    channel->close();
    return;
  }
  {
    std::lock_guard lock(send_mutex_);
    channel_ = std::move(channel);
  }
  std::lock_guard lock(mutex_);
  state_ = State::kConnected;
  ++stats_.reconnects;
}

void HostConnection::reader_loop() {
  std::array<std::uint8_t, 4096> buffer{};
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    std::shared_ptr<ByteChannel> channel;
    {
      std::lock_guard lock(send_mutex_);
      channel = channel_;
    }
    if (!channel) {
      try_redial(Clock::now());
      periodic(Clock::now());
      std::unique_lock lock(mutex_);
      frames_cv_.wait_for(lock, kReadSlice, [this] { return stopping_; });
      continue;
    }
    const ReadResult r = channel->read_some(buffer, kReadSlice);
    const auto now = Clock::now();
    for (std::size_t i = 0; i < r.bytes; ++i) {
      if (const link::Message* message = decoder_.push(buffer[i])) handle(*message, now);
    }
    if (r.bytes > 0) {
      std::lock_guard lock(mutex_);
      malformed_now_ = decoder_.malformed();
    }
    if (r.closed) channel_dropped(now);
    periodic(now);
  }
}

HostConnection::Delivery HostConnection::next_delivery(std::uint8_t cuff) {
  const std::size_t index = cuff % link::kMaxCuffs;
  std::unique_lock lock(mutex_);
  CuffQueue& queue = cuffs_[index];
  Delivery delivery;
  while (true) {
    if (!queue.frames.empty()) {
      delivery.frame = std::move(queue.frames.front());
      queue.frames.pop_front();
      ++stats_.cuffs[index].telemetry_delivered;
    }
    delivery.refusals = std::exchange(queue.refusals, {});
    if (delivery.frame || !delivery.refusals.empty()) return delivery;
    // Everything received has been handed over: only now does a loss count.
    if (loss_) {
      delivery.loss = loss_;
      return delivery;
    }
    if (state_ == State::kClosed) {
      delivery.closed = true;
      return delivery;
    }
    frames_cv_.wait_for(lock, kWaitSlice);
    check_loss_locked(Clock::now());
  }
}

void HostConnection::discard_backlog(std::uint8_t cuff) {
  const std::size_t index = cuff % link::kMaxCuffs;
  std::lock_guard lock(mutex_);
  stats_.cuffs[index].telemetry_discarded += cuffs_[index].frames.size();
  cuffs_[index].frames.clear();
  cuffs_[index].refusals.clear();
}

std::optional<DeviceLoss> HostConnection::loss() const {
  std::lock_guard lock(mutex_);
  return loss_;
}

LinkStats HostConnection::stats() const {
  std::lock_guard lock(mutex_);
  LinkStats s = stats_;
  s.malformed = malformed_earlier_;
  add_counts(s.malformed, malformed_now_);
  return s;
}

std::chrono::nanoseconds HostConnection::reader_cpu_time() const {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return std::chrono::nanoseconds(0);
  }
  clockid_t clock{};
  // const_cast: native_handle() is not const, and only reads the id here.
  if (pthread_getcpuclockid(const_cast<std::thread&>(reader_).native_handle(), &clock) != 0) {
    return std::chrono::nanoseconds(0);
  }
  timespec ts{};
  if (clock_gettime(clock, &ts) != 0) return std::chrono::nanoseconds(0);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

core::Duration HostConnection::frame_period() const {
  const std::uint16_t rate = capabilities_.telemetry_rate_hz;
  return core::Duration::from_us(rate > 0 ? 1'000'000 / rate : 10'000);
}

}  // namespace bfr::runtime

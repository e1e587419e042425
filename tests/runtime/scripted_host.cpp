#include "tests/runtime/scripted_host.hpp"

#include <array>

#include "link/framing.hpp"

namespace bfr::runtime::testing {

using Clock = std::chrono::steady_clock;

std::uint16_t ScriptedHost::send(const link::Body& body, std::uint8_t cuff) {
  link::Message m;
  m.sequence = sequence_.next();
  m.cuff = cuff;
  m.body = body;
  std::array<std::uint8_t, link::kMaxWireFrame> frame{};
  const std::size_t n = link::write_frame(m, frame);
  last_frame_.assign(frame.data(), frame.data() + n);
  if (n == 0 || !channel_.write_all(last_frame_)) closed_ = true;
  return m.sequence;
}

void ScriptedHost::resend_last() {
  if (!channel_.write_all(last_frame_)) closed_ = true;
}

bool ScriptedHost::send_raw(std::span<const std::uint8_t> bytes) {
  if (!channel_.write_all(bytes)) closed_ = true;
  return !closed_;
}

void ScriptedHost::heartbeat() {
  last_heartbeat_ = Clock::now();
  send(link::Heartbeat{core::TimePoint::from_us(0)});
}

std::optional<link::Message> ScriptedHost::read_once(
    const std::function<bool(const link::Message&)>& match, std::chrono::milliseconds timeout) {
  std::array<std::uint8_t, 1024> buffer{};
  const ReadResult r = channel_.read_some(buffer, timeout);
  std::optional<link::Message> found;
  for (std::size_t i = 0; i < r.bytes; ++i) {
    if (const link::Message* m = decoder_.push(buffer[i])) {
      received_.push_back(*m);
      if (!found && match && match(*m)) found = *m;
    }
  }
  if (r.closed) closed_ = true;
  return found;
}

std::optional<link::Message> ScriptedHost::wait_for(
    const std::function<bool(const link::Message&)>& match, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!closed_ && Clock::now() < deadline) {
    if (send_heartbeats && Clock::now() - last_heartbeat_ >= heartbeat_every) heartbeat();
    if (auto m = read_once(match, std::chrono::milliseconds(20))) return m;
  }
  return std::nullopt;
}

void ScriptedHost::pump(std::chrono::milliseconds duration) {
  wait_for([](const link::Message&) { return false; }, duration);
}

bool is_type(const link::Message& m, link::MessageType type) {
  return link::type_of(m.body) == type;
}

const link::Telemetry* telemetry_of(const link::Message& m, std::uint8_t cuff) {
  if (m.cuff != cuff) return nullptr;
  return std::get_if<link::Telemetry>(&m.body);
}

}  // namespace bfr::runtime::testing

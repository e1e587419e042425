// Writes the fuzzer's seed corpus: one framed message of every type, a few
// messages back to back, and each message's bytes unframed, so that the
// fuzzer starts from inputs that reach deep into the parser.
// Usage: make_seeds DIR

#include <cstdio>
#include <string>
#include <vector>

#include "link/framing.hpp"
#include "link/message_codec.hpp"

namespace {

using namespace bfr::link;
using Bytes = std::vector<std::uint8_t>;

std::vector<Message> samples() {
  std::vector<Message> all;
  all.push_back({1, kNoCuff, Hello{bfr::core::Duration::from_ms(3000)}});
  Capabilities caps;
  caps.cuff_count = 2;
  caps.pressure_cap = bfr::core::Pressure::mmhg(300.0f);
  caps.telemetry_rate_hz = 100;
  all.push_back({2, kNoCuff, caps});
  all.push_back({3, 0, MeasureLop{bfr::core::LimbSegment::kUpperArm}});
  bfr::core::ExercisePlan plan;
  plan.lop = bfr::core::Pressure::mmhg(180.0f);
  plan.set_count = 4;
  plan.target_reps = {30, 15, 15, 15};
  all.push_back({4, 1, StartExercise{plan}});
  all.push_back({5, 0, EndSet{}});
  all.push_back({6, 0, Stop{}});
  all.push_back({7, 0, EmergencyStop{}});
  all.push_back({8, 0, Reset{}});
  all.push_back({9, 0, BeginSession{}});
  all.push_back({10, 0, Ack{4, 0x11}});
  all.push_back({11, kNoCuff, Error{12, 0x77, ErrorCode::kUnknownType, 0}});
  Telemetry t;
  t.cuff = bfr::core::Pressure::mmhg(150.0f);
  t.phase = bfr::core::Phase::kExercise;
  t.event_count = 2;
  t.events[0].kind = bfr::core::EventKind::kSetStarted;
  t.events[1].kind = bfr::core::EventKind::kAlarmRaised;
  all.push_back({0xFFFF, 1, t});
  all.push_back({13, 0, EventMessage{}});
  all.push_back({14, 0, LopResultMessage{}});
  all.push_back({15, kNoCuff, Heartbeat{}});
  return all;
}

bool write(const std::string& path, const Bytes& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  Bytes stream;
  int n = 0;
  for (const Message& m : samples()) {
    Bytes message(kMaxMessageSize);
    const EncodeResult e = encode_message(m, message);
    Bytes frame(kMaxWireFrame);
    const std::size_t f = write_frame(m, frame);
    if (!e.ok() || f == 0) {
      std::fprintf(stderr, "make_seeds: sample %d does not encode\n", n);
      return 1;
    }
    message.resize(e.size);
    frame.resize(f);
    stream.insert(stream.end(), frame.begin(), frame.end());
    const std::string name = dir + "/" + to_string(type_of(m.body));
    if (!write(name + ".frame", frame) || !write(name + ".message", message)) {
      std::fprintf(stderr, "make_seeds: cannot write to %s\n", dir.c_str());
      return 1;
    }
    ++n;
  }
  // Bluetooth cuff pressure: 123.4 mmHg with pulse rate and status.
  const Bytes icp{0x14, 0xD2, 0xF4, 0xFF, 0x07, 0xFF, 0x07, 0x48, 0x00, 0x01, 0x00};
  if (!write(dir + "/all.stream", stream) || !write(dir + "/icp.bin", icp)) return 1;
  std::printf("make_seeds: %d messages written to %s\n", n, dir.c_str());
  return 0;
}

// Channels: bytes go both ways over a socket pair, TCP, a pty and a serial
// port (a pty's slave opened as one); a closed peer is reported; bad
// addresses give clear errors and open nothing.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "runtime/channel_endpoints.hpp"
#include "runtime/endpoint_address.hpp"

namespace bfr::runtime {
namespace {

using std::chrono::milliseconds;

// Generous: the machine is shared and slow; nothing here measures time.
constexpr milliseconds kWait{5000};

std::vector<std::uint8_t> pattern(std::size_t n) {
  std::vector<std::uint8_t> bytes(n);
  for (std::size_t i = 0; i < n; ++i) bytes[i] = static_cast<std::uint8_t>((i * 7 + 3) & 0xFF);
  return bytes;
}

// Reads until `n` bytes came, the channel closed or kWait passed.
std::vector<std::uint8_t> read_n(ByteChannel& channel, std::size_t n) {
  std::vector<std::uint8_t> got;
  std::uint8_t buf[512];
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  while (got.size() < n && std::chrono::steady_clock::now() < deadline) {
    const ReadResult r = channel.read_some(buf, milliseconds(100));
    got.insert(got.end(), buf, buf + r.bytes);
    if (r.closed) break;
  }
  return got;
}

// Waits until the channel reports its peer gone.
bool sees_close(ByteChannel& channel) {
  std::uint8_t buf[64];
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  while (std::chrono::steady_clock::now() < deadline) {
    if (channel.read_some(buf, milliseconds(100)).closed) return true;
  }
  return false;
}

void expect_both_ways(ByteChannel& a, ByteChannel& b) {
  // More than one pipe or pty buffer's worth, so partial writes happen.
  const auto there = pattern(20000);
  std::thread writer([&] { EXPECT_TRUE(a.write_all(there)); });
  EXPECT_EQ(read_n(b, there.size()), there);
  writer.join();
  const auto back = pattern(300);
  EXPECT_TRUE(b.write_all(back));
  EXPECT_EQ(read_n(a, back.size()), back);
}

TEST(ChannelPair, CarriesBytesBothWaysAndReportsClose) {
  auto [a, b] = make_channel_pair();
  expect_both_ways(*a, *b);
  a->close();
  EXPECT_FALSE(a->is_open());
  EXPECT_TRUE(sees_close(*b));
  EXPECT_FALSE(b->is_open());
  EXPECT_FALSE(b->write_all(pattern(4)));
}

TEST(ChannelPair, CloseWakesAReaderInAnotherThread) {
  auto [a, b] = make_channel_pair();
  ReadResult result;
  std::thread reader([&] {
    std::uint8_t buf[8];
    result = a->read_some(buf, milliseconds(20000));
  });
  std::this_thread::sleep_for(milliseconds(50));
  a->close();
  reader.join();  // would hang for 20 s if close did not wake it
  EXPECT_TRUE(result.closed);
}

TEST(ChannelPair, ReadTimesOutWithNothingWhenIdle) {
  auto [a, b] = make_channel_pair();
  std::uint8_t buf[8];
  const ReadResult r = a->read_some(buf, milliseconds(10));
  EXPECT_EQ(r.bytes, 0u);
  EXPECT_FALSE(r.closed);
}

TEST(Tcp, ListenOnPortZeroReportsTheBoundPortAndConnects) {
  std::string error;
  auto listener = listen_channel("tcp://127.0.0.1:0", error);
  ASSERT_NE(listener, nullptr) << error;
  const std::string address = listener->address();
  EndpointAddress parsed;
  ASSERT_TRUE(parse_endpoint(address, parsed, error)) << address;
  EXPECT_NE(parsed.port, 0);
  EXPECT_EQ(parsed.host, "127.0.0.1");

  auto host = connect_channel(address, error);
  ASSERT_NE(host, nullptr) << error;
  auto device = listener->accept(kWait);
  ASSERT_NE(device, nullptr);
  expect_both_ways(*host, *device);
  host->close();
  EXPECT_TRUE(sees_close(*device));
}

TEST(Tcp, AcceptWithNoHostReturnsNothing) {
  std::string error;
  auto listener = listen_channel("tcp://127.0.0.1:0", error);
  ASSERT_NE(listener, nullptr) << error;
  EXPECT_EQ(listener->accept(milliseconds(10)), nullptr);
}

TEST(Tcp, ConnectingWhereNobodyListensIsAClearError) {
  std::string error;
  auto listener = listen_channel("tcp://127.0.0.1:0", error);
  ASSERT_NE(listener, nullptr) << error;
  const std::string address = listener->address();
  listener->close();  // the port is now free and nobody listens on it
  auto host = connect_channel(address, error);
  EXPECT_EQ(host, nullptr);
  EXPECT_NE(error.find("cannot connect"), std::string::npos) << error;
}

TEST(Pty, HostOpensTheSlaveAsASerialPortAndReconnects) {
  std::string error;
  auto listener = listen_channel("pty", error);
  ASSERT_NE(listener, nullptr) << error;
  const std::string path = listener->address();
  EXPECT_EQ(path.rfind("/dev/", 0), 0u) << path;
  // Nobody has the slave open yet.
  EXPECT_EQ(listener->accept(milliseconds(50)), nullptr);

  for (int round = 0; round < 2; ++round) {
    auto host = connect_channel("serial://" + path + "?baud=115200", error);
    ASSERT_NE(host, nullptr) << error;
    auto device = listener->accept(kWait);
    ASSERT_NE(device, nullptr) << "round " << round;
    expect_both_ways(*host, *device);
    host.reset();  // the host closes the slave
    EXPECT_TRUE(sees_close(*device)) << "round " << round;
  }
}

TEST(Pty, BarePathConnectsAsSerialAtTheDefaultBaud) {
  std::string error;
  auto listener = listen_channel("pty", error);
  ASSERT_NE(listener, nullptr) << error;
  auto host = connect_channel(listener->address(), error);
  ASSERT_NE(host, nullptr) << error;
  auto device = listener->accept(kWait);
  ASSERT_NE(device, nullptr);
  expect_both_ways(*device, *host);
}

TEST(Serial, DeviceSideListensOnASerialPort) {
  // A pty's slave stands in for the device's own UART; the test holds the
  // master as the host's end of the cable.
  std::string error;
  auto cable = listen_channel("pty", error);
  ASSERT_NE(cable, nullptr) << error;
  auto device_listener = listen_channel("serial://" + cable->address() + "?baud=921600", error);
  ASSERT_NE(device_listener, nullptr) << error;
  EXPECT_NE(device_listener->address().find("baud=921600"), std::string::npos);
  auto device = device_listener->accept(kWait);
  ASSERT_NE(device, nullptr);
  auto host = cable->accept(kWait);
  ASSERT_NE(host, nullptr);
  expect_both_ways(*host, *device);
}

struct BadAddress {
  const char* address;
  const char* says;
};

class BadAddresses : public ::testing::TestWithParam<BadAddress> {};

TEST_P(BadAddresses, AreRefusedWithAClearError) {
  std::string error;
  EXPECT_EQ(connect_channel(GetParam().address, error), nullptr);
  EXPECT_NE(error.find(GetParam().says), std::string::npos) << error;
  error.clear();
  EXPECT_EQ(listen_channel(GetParam().address, error), nullptr);
  EXPECT_FALSE(error.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Channels, BadAddresses,
    ::testing::Values(BadAddress{"udp://127.0.0.1:5", "expected tcp://HOST:PORT"},
                      BadAddress{"", "expected tcp://HOST:PORT"},
                      BadAddress{"tcp://127.0.0.1", "expected tcp://HOST:PORT"},
                      BadAddress{"tcp://127.0.0.1:70000", "port must be a number"},
                      BadAddress{"tcp://127.0.0.1:http", "port must be a number"},
                      BadAddress{"tcp://:80", "no host"}, BadAddress{"tcp://[::1:80", "IPV6"},
                      BadAddress{"serial://dev/ttyUSB0", "absolute path"},
                      BadAddress{"serial:///dev/ttyUSB0?baud=12345", "unsupported baud"},
                      BadAddress{"serial:///dev/ttyUSB0?parity=even", "?baud=N"},
                      BadAddress{"serial:///nonexistent/tty", "cannot open serial port"},
                      BadAddress{"/etc/hostname", "not a serial port"}));

TEST(BadAddress, PtyIsForListeningOnly) {
  std::string error;
  EXPECT_EQ(connect_channel("pty", error), nullptr);
  EXPECT_NE(error.find("for listening"), std::string::npos) << error;
}

TEST(EndpointAddress, ParsesEveryForm) {
  EndpointAddress a;
  std::string error;
  ASSERT_TRUE(parse_endpoint("tcp://[::1]:5600", a, error)) << error;
  EXPECT_EQ(a.kind, EndpointKind::kTcp);
  EXPECT_EQ(a.host, "::1");
  EXPECT_EQ(a.port, 5600);
  ASSERT_TRUE(parse_endpoint("serial:///dev/ttyUSB0?baud=57600", a, error)) << error;
  EXPECT_EQ(a.kind, EndpointKind::kSerial);
  EXPECT_EQ(a.path, "/dev/ttyUSB0");
  EXPECT_EQ(a.baud, 57600u);
  ASSERT_TRUE(parse_endpoint("/dev/pts/7", a, error)) << error;
  EXPECT_EQ(a.kind, EndpointKind::kSerial);
  EXPECT_EQ(a.baud, kDefaultBaud);
  ASSERT_TRUE(parse_endpoint("pty", a, error)) << error;
  EXPECT_EQ(a.kind, EndpointKind::kPty);
}

TEST(EndpointAddress, AFailedParseLeavesTheOutputAlone) {
  EndpointAddress a;
  a.host = "kept";
  std::string error;
  EXPECT_FALSE(parse_endpoint("tcp://x:99999", a, error));
  EXPECT_EQ(a.host, "kept");
}

}  // namespace
}  // namespace bfr::runtime

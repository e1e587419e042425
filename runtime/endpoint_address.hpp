#pragma once
// Endpoint addresses as users write them (channel_endpoints.hpp lists the
// forms), parsed into their parts before anything is opened, so that a typo
// is reported as such and not as a failed connection.

#include <cstdint>
#include <string>

namespace bfr::runtime {

enum class EndpointKind { kTcp, kSerial, kPty };

inline constexpr std::uint32_t kDefaultBaud = 115200;

struct EndpointAddress {
  EndpointKind kind = EndpointKind::kTcp;
  std::string host;        // tcp: a name, an IPv4 address or a bracketed IPv6 address's inside
  std::uint16_t port = 0;  // tcp: 0 only makes sense when listening
  std::string path;        // serial: the device file
  std::uint32_t baud = kDefaultBaud;  // serial
};

// Accepts tcp://HOST:PORT, tcp://[IPV6]:PORT, serial://PATH[?baud=N], a bare
// absolute path (a serial port at the default baud: what a pty listener
// prints) and "pty". False with `error` set for anything else.
bool parse_endpoint(const std::string& text, EndpointAddress& out, std::string& error);

// The baud rates termios can set (B9600 ... B4000000).
bool is_supported_baud(std::uint32_t baud);

}  // namespace bfr::runtime

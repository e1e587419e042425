#include "runtime/endpoint_address.hpp"

#include <array>
#include <charconv>
#include <string_view>

namespace bfr::runtime {
namespace {

constexpr std::array<std::uint32_t, 16> kBauds = {
    9600,   19200,  38400,   57600,   115200,  230400,  460800,  500000,
    576000, 921600, 1000000, 1152000, 1500000, 2000000, 3000000, 4000000};

template <typename T>
bool parse_number(std::string_view text, T& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

bool parse_tcp(std::string_view rest, const std::string& text, EndpointAddress& out,
               std::string& error) {
  std::string_view host;
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      error = "bad address '" + text + "': expected tcp://[IPV6]:PORT";
      return false;
    }
    host = rest.substr(1, close - 1);
    port = rest.substr(close + 2);
  } else {
    const auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) {
      error = "bad address '" + text + "': expected tcp://HOST:PORT";
      return false;
    }
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.empty()) {
    error = "bad address '" + text + "': no host";
    return false;
  }
  std::uint32_t number = 0;
  if (!parse_number(port, number) || number > 65535) {
    error = "bad address '" + text + "': the port must be a number 0-65535";
    return false;
  }
  out.kind = EndpointKind::kTcp;
  out.host = std::string(host);
  out.port = static_cast<std::uint16_t>(number);
  return true;
}

bool parse_serial(std::string_view rest, const std::string& text, EndpointAddress& out,
                  std::string& error) {
  std::string_view path = rest;
  std::uint32_t baud = kDefaultBaud;
  const auto query = rest.find('?');
  if (query != std::string_view::npos) {
    path = rest.substr(0, query);
    const std::string_view option = rest.substr(query + 1);
    constexpr std::string_view kBaudKey = "baud=";
    if (option.substr(0, kBaudKey.size()) != kBaudKey ||
        !parse_number(option.substr(kBaudKey.size()), baud)) {
      error = "bad address '" + text + "': the only option is ?baud=N";
      return false;
    }
    if (!is_supported_baud(baud)) {
      error = "bad address '" + text + "': unsupported baud rate " + std::to_string(baud);
      return false;
    }
  }
  if (path.empty() || path.front() != '/') {
    error = "bad address '" + text + "': expected serial:///dev/DEVICE (an absolute path)";
    return false;
  }
  out.kind = EndpointKind::kSerial;
  out.path = std::string(path);
  out.baud = baud;
  return true;
}

}  // namespace

bool is_supported_baud(std::uint32_t baud) {
  for (const std::uint32_t b : kBauds) {
    if (b == baud) return true;
  }
  return false;
}

bool parse_endpoint(const std::string& text, EndpointAddress& out, std::string& error) {
  const std::string_view view(text);
  constexpr std::string_view kTcp = "tcp://";
  constexpr std::string_view kSerial = "serial://";
  EndpointAddress parsed;
  bool ok = false;
  if (view == "pty") {
    parsed.kind = EndpointKind::kPty;
    ok = true;
  } else if (view.substr(0, kTcp.size()) == kTcp) {
    ok = parse_tcp(view.substr(kTcp.size()), text, parsed, error);
  } else if (view.substr(0, kSerial.size()) == kSerial) {
    ok = parse_serial(view.substr(kSerial.size()), text, parsed, error);
  } else if (!view.empty() && view.front() == '/') {
    ok = parse_serial(view, text, parsed, error);
  } else {
    error = "bad address '" + text +
            "': expected tcp://HOST:PORT, serial:///dev/DEVICE[?baud=N], a device path or pty";
  }
  if (ok) out = parsed;
  return ok;
}

}  // namespace bfr::runtime

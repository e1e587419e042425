#include "runtime/channel_endpoints.hpp"

#include "runtime/endpoint_address.hpp"
#include "runtime/pty_endpoint.hpp"
#include "runtime/serial_endpoint.hpp"
#include "runtime/tcp_endpoint.hpp"

namespace bfr::runtime {
namespace {

// Long enough for a device on a slow network, short enough that a wrong
// address is reported while the user still waits for it.
constexpr auto kConnectTimeout = std::chrono::milliseconds(3000);

}  // namespace

std::unique_ptr<ByteChannel> connect_channel(const std::string& address, std::string& error) {
  EndpointAddress parsed;
  if (!parse_endpoint(address, parsed, error)) return nullptr;
  switch (parsed.kind) {
    case EndpointKind::kTcp:
      return connect_tcp(parsed, kConnectTimeout, error);
    case EndpointKind::kSerial:
      return open_serial(parsed, error);
    case EndpointKind::kPty:
      error = "'pty' is for listening; connect to the path the device printed";
      return nullptr;
  }
  return nullptr;
}

std::unique_ptr<ChannelListener> listen_channel(const std::string& address, std::string& error) {
  EndpointAddress parsed;
  if (!parse_endpoint(address, parsed, error)) return nullptr;
  switch (parsed.kind) {
    case EndpointKind::kTcp:
      return listen_tcp(parsed, error);
    case EndpointKind::kSerial:
      return listen_serial(parsed, error);
    case EndpointKind::kPty:
      return listen_pty(error);
  }
  return nullptr;
}

}  // namespace bfr::runtime

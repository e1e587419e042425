#pragma once
// TCP transport: a connection to a device, and a listener that takes one
// host at a time (the device server refuses the others, docs/protocol.md
// "Transports").

#include <chrono>
#include <memory>
#include <string>

#include "runtime/channel_endpoints.hpp"
#include "runtime/endpoint_address.hpp"

namespace bfr::runtime {

// Gives up after `timeout` (an unreachable address does not hang the host).
std::unique_ptr<ByteChannel> connect_tcp(const EndpointAddress& address,
                                         std::chrono::milliseconds timeout, std::string& error);

std::unique_ptr<ChannelListener> listen_tcp(const EndpointAddress& address, std::string& error);

}  // namespace bfr::runtime

#pragma once
// Serial transport: a port opened raw, 8 data bits, no parity, one stop bit,
// no flow control (termios), at the address's baud. A pseudo-terminal's
// slave opens the same way. On the device side a serial line has no
// connection to accept: the listener hands out the port itself, and a new
// host announces itself with Hello.

#include <cstdint>
#include <memory>
#include <string>

#include "runtime/channel_endpoints.hpp"
#include "runtime/endpoint_address.hpp"

namespace bfr::runtime {

// Sets `fd` to raw 8N1 at `baud` (is_supported_baud); false with `error` set
// when the port refuses.
bool configure_serial_raw(int fd, std::uint32_t baud, std::string& error);

std::unique_ptr<ByteChannel> open_serial(const EndpointAddress& address, std::string& error);

std::unique_ptr<ChannelListener> listen_serial(const EndpointAddress& address, std::string& error);

}  // namespace bfr::runtime

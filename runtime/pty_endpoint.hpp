#pragma once
// A pseudo-terminal for a device without a serial port (the virtual device,
// tests): the device keeps the master side, a host opens the slave path as a
// serial port. accept() waits until a host has the slave open and hands out
// the master side (a duplicate of it); when that host closes the slave, the
// channel reports closed and the next accept waits for the next host.

#include <memory>
#include <string>

#include "runtime/channel_endpoints.hpp"

namespace bfr::runtime {

std::unique_ptr<ChannelListener> listen_pty(std::string& error);

}  // namespace bfr::runtime

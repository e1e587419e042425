#pragma once
// Opening channels from endpoint addresses, the way users write them:
//
//   tcp://HOST:PORT                  a TCP connection (port 0 when listening: any free port)
//   serial:///dev/ttyUSB0?baud=115200  a serial port, raw 8N1 (termios); the baud is optional
//   pty                              (listening only) a new pseudo-terminal; its
//                                    path is the listener's address, for a host
//                                    to open as a serial port
//   /dev/pts/7                       a bare absolute path: a serial port at the
//                                    default baud (115200), so the address a pty
//                                    listener prints can be passed on as it is
//
// Listening on serial:// hands out the port itself (a serial line has no
// connections); on pty, accept() returns the master side once a host has the
// slave open, and again for the next host after that one closed it. Addresses
// are parsed by endpoint_address.hpp.
//
// Errors come back as text (an unknown scheme, a bad port, a refused
// connection) and nothing is left open.

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "runtime/byte_channel.hpp"

namespace bfr::runtime {

// Host side: connects to a device at `address`; nullptr with `error` set when it cannot.
std::unique_ptr<ByteChannel> connect_channel(const std::string& address, std::string& error);

// Device side: waits for hosts at an address.
class ChannelListener {
 public:
  virtual ~ChannelListener() = default;
  // Waits up to `timeout` for a host; nullptr when none came (or the listener is closed).
  virtual std::unique_ptr<ByteChannel> accept(std::chrono::milliseconds timeout) = 0;
  // The address a host connects to, with the port actually bound or the pty's path.
  virtual std::string address() const = 0;
  virtual void close() = 0;
  // True where a second host can connect while one is served (TCP): the
  // device server accepts and closes such hosts at once (one host at a
  // time). A pty or serial line has one other end. Added for the device
  // server; implementations outside runtime/ need not override it.
  virtual bool admits_concurrent_hosts() const { return false; }
};

std::unique_ptr<ChannelListener> listen_channel(const std::string& address, std::string& error);

// Two connected in-process channels (a socket pair), for a device and a host
// in one process: tests, the demo.
std::pair<std::unique_ptr<ByteChannel>, std::unique_ptr<ByteChannel>> make_channel_pair();

}  // namespace bfr::runtime

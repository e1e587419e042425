#pragma once
// A full-duplex byte stream between host and device: a TCP connection, a
// serial port, a pseudo-terminal or an in-process socket pair. The link
// protocol (link/) frames its messages on top; the channel only moves bytes.
//
// One thread may read while another writes; writes from several threads are
// serialised by the channel so frames never interleave.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace bfr::runtime {

struct ReadResult {
  std::size_t bytes = 0;  // bytes placed in the buffer
  bool closed = false;    // the peer hung up or the channel failed; no more bytes will come
};

class ByteChannel {
 public:
  virtual ~ByteChannel() = default;

  // Waits up to `timeout` for bytes and returns what arrived (possibly none).
  virtual ReadResult read_some(std::span<std::uint8_t> into, std::chrono::milliseconds timeout) = 0;
  // Sends every byte or reports false (the peer is gone; the channel is closed).
  virtual bool write_all(std::span<const std::uint8_t> bytes) = 0;
  virtual bool is_open() const = 0;
  // Closes the channel; a reader waiting in read_some returns closed.
  virtual void close() = 0;
  // Where the channel leads, for logs and errors ("tcp://127.0.0.1:5600").
  virtual std::string describe() const = 0;
};

}  // namespace bfr::runtime

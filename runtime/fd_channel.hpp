#pragma once
// A ByteChannel over one file descriptor: a connected socket, a serial port
// or a pseudo-terminal's master side. Reads wait with poll(); close() wakes a
// reader waiting in another thread through an eventfd, so that the
// descriptor is only released when nobody can be using it (the destructor).

#include <chrono>
#include <mutex>
#include <string>

#include "runtime/byte_channel.hpp"

namespace bfr::runtime {

class FdChannel : public ByteChannel {
 public:
  // Takes ownership of `fd` (made non-blocking here). `description` is what
  // describe() returns.
  FdChannel(int fd, std::string description);
  ~FdChannel() override;
  FdChannel(const FdChannel&) = delete;
  FdChannel& operator=(const FdChannel&) = delete;

  ReadResult read_some(std::span<std::uint8_t> into, std::chrono::milliseconds timeout) override;
  bool write_all(std::span<const std::uint8_t> bytes) override;
  bool is_open() const override;
  void close() override;
  std::string describe() const override { return description_; }

  // A peer that takes no bytes for this long is taken as gone: write_all
  // gives up and closes the channel rather than block its caller (the
  // device's control loop) for longer.
  void set_write_stall_limit(std::chrono::milliseconds limit) { write_stall_limit_ = limit; }

 private:
  void mark_closed();
  void half_close_and_drain();

  int fd_;
  int wake_fd_;  // eventfd: readable once close() was called
  bool is_socket_;
  std::string description_;
  std::chrono::milliseconds write_stall_limit_{1000};
  mutable std::mutex write_mutex_;
  mutable std::mutex state_mutex_;
  bool closed_ = false;
};

}  // namespace bfr::runtime

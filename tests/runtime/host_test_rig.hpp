#pragma once
// For the host-side tests: a virtual device (simulated limbs behind a
// DeviceServer) in a thread of the test, reached over a socket pair or TCP,
// and a temporary SQLite store with one patient and limb.

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "clinic/repository.hpp"
#include "runtime/byte_channel.hpp"
#include "runtime/channel_endpoints.hpp"
#include "runtime/device_server.hpp"
#include "runtime/host_connection.hpp"
#include "runtime/simulated_limb.hpp"

namespace bfr::runtime::testing {

enum class Transport { kSocketPair, kTcp };

class InProcessDevice {
 public:
  InProcessDevice(int cuffs, double speed, Transport transport, std::uint64_t seed = 1);
  ~InProcessDevice();

  // The host's way in. Over a socket pair it hands out the host's end once:
  // a re-dial after a cut finds nobody.
  ChannelDialer dialer();
  std::string address() const { return address_; }
  // Cuts the device's end of the socket pair (a pulled cable).
  void cut();
  // Stops the device (it deflates first) and waits for it.
  void stop();
  DeviceServer& server() { return *server_; }

 private:
  std::vector<std::unique_ptr<SimulatedLimb>> limbs_;
  std::unique_ptr<DeviceServer> server_;
  std::unique_ptr<ByteChannel> device_end_;
  std::unique_ptr<ByteChannel> host_end_;
  std::unique_ptr<ChannelListener> listener_;
  std::string address_;
  std::jthread thread_;
};

class TempStore {
 public:
  TempStore();
  ~TempStore();
  std::string url() const { return path_.string(); }
  clinic::Repository& repository() { return *repository_; }
  clinic::Patient patient;
  clinic::Limb limb;

 private:
  std::filesystem::path dir_;
  std::filesystem::path path_;
  std::unique_ptr<clinic::Repository> repository_;
};

}  // namespace bfr::runtime::testing

// `bfr serve --device tcp://HOST:PORT`: a slot that is a device across the
// link, here the simulated limb `bfr device sim` serves, on a DeviceServer
// listening on TCP in this process. A LOP measurement started through the
// API is dialled to it, driven across the link and stored.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <stop_token>
#include <thread>

#include "core/cuff_controller.hpp"
#include "runtime/channel_endpoints.hpp"
#include "runtime/device_server.hpp"
#include "runtime/simulated_limb.hpp"
#include "sim/person.hpp"
#include "sim/pressure_sensor.hpp"
#include "test_server.hpp"

namespace bfr::server::testing {
namespace {

using nlohmann::json;

// The device's clock runs this much faster than the wall clock, so that a
// measurement takes seconds; the host's watchdog stays on the wall clock.
constexpr double kLinkedDeviceSpeed = 20;
constexpr auto kLinkedRunTimeout = std::chrono::seconds(240);

// The device side, as `bfr device sim --listen tcp://127.0.0.1:0` runs it.
class TcpDevice {
 public:
  TcpDevice() {
    const auto plant =
        sim::plant_for(sim::demo_person(), sim::CuffChoice{sim::Segment::kThigh, 11.5},
                       sim::mpx5050_profile(100), 7, sim::Posture::kSeated);
    limb_ = std::make_unique<runtime::SimulatedLimb>(plant, core::ControllerConfig{});
    runtime::DeviceServerConfig config;
    config.speed = kLinkedDeviceSpeed;
    server_ = std::make_unique<runtime::DeviceServer>(
        std::vector<device::LocalController*>{limb_.get()}, config);
    std::string error;
    listener_ = runtime::listen_channel("tcp://127.0.0.1:0", error);
    if (!listener_) throw std::runtime_error(error);
    serving_ = std::jthread([this](std::stop_token stop) { server_->serve(*listener_, stop); });
  }
  ~TcpDevice() {
    serving_.request_stop();
    serving_.join();
  }
  std::string address() const { return listener_->address(); }
  const runtime::DeviceServer& server() const { return *server_; }

 private:
  std::unique_ptr<runtime::SimulatedLimb> limb_;
  std::unique_ptr<runtime::DeviceServer> server_;
  std::unique_ptr<runtime::ChannelListener> listener_;
  std::jthread serving_;
};

TEST(ApiLinkedDeviceTest, ALopMeasurementRunsOnADeviceAcrossTcpAndIsStored) {
  TcpDevice device;
  TestServer server(0, 1.0, {device.address()});
  // Records made by the run carry the wall clock's time.
  server.now() = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  const Caller clinician = server.sign_in(kClinician, kClinicianPassword);

  const Reply devices = server.send("GET", "/api/devices", clinician);
  ASSERT_EQ(devices.status, 200);
  ASSERT_EQ(devices.body.size(), 1U) << devices.body.dump();
  EXPECT_NE(devices.body[0]["kind"], "virtual") << devices.body.dump();
  EXPECT_EQ(devices.body[0]["state"], "idle");

  const Reply added = server.send_json("POST", "/api/patients", clinician, valid_patient("Linked"));
  ASSERT_EQ(added.status, 201) << added.body.dump();
  const std::string patient = "/api/patients/" + std::to_string(added.body["id"].get<int>());
  const Reply started =
      server.send_json("POST", patient + "/lop/measure", clinician,
                       {{"limb", "right_thigh"}, {"posture", "seated"}, {"device", 1}});
  ASSERT_EQ(started.status, 202) << started.body.dump();
  const std::int64_t run = started.body["id"].get<std::int64_t>();

  json ended;
  for (const auto deadline = std::chrono::steady_clock::now() + kLinkedRunTimeout;
       std::chrono::steady_clock::now() < deadline;) {
    const json body = server.send("GET", "/api/live/" + std::to_string(run), clinician).body;
    const std::string state = body.value("state", std::string());
    if (state == "finished" || state == "failed" || state == "stopped") {
      ended = body;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(ended.value("state", std::string()), "finished") << ended.dump();
  const json& lop = ended["result"]["lop"];
  ASSERT_TRUE(lop["lop_mmhg"].is_number()) << ended.dump();
  EXPECT_EQ(lop["method"], "measured");
  EXPECT_GT(lop["lop_mmhg"].get<double>(), 80.0);
  EXPECT_LT(lop["lop_mmhg"].get<double>(), 300.0);

  // The device served this host, and the measurement is in the store.
  EXPECT_GE(device.server().status().hosts_served, 1U);
  const Reply stored = server.send("GET", patient + "/lop", clinician);
  ASSERT_EQ(stored.body.size(), 1U);
  EXPECT_EQ(stored.body[0]["id"], lop["id"]);
  EXPECT_EQ(server.send("GET", "/api/devices", clinician).body[0]["state"], "idle");
}

}  // namespace
}  // namespace bfr::server::testing

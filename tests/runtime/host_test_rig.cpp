#include "tests/runtime/host_test_rig.hpp"

#include <unistd.h>
#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "sim/person.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::runtime::testing {

InProcessDevice::InProcessDevice(int cuffs, double speed, Transport transport, std::uint64_t seed) {
  const sim::Person person = sim::demo_person();
  std::vector<device::LocalController*> controllers;
  for (int i = 0; i < cuffs; ++i) {
    const auto plant =
        sim::plant_for(person, {sim::Segment::kThigh, 11.5}, sim::mpx5050_profile(100),
                       seed + static_cast<std::uint64_t>(i));
    limbs_.push_back(std::make_unique<SimulatedLimb>(plant, core::ControllerConfig{}));
    controllers.push_back(limbs_.back().get());
  }
  DeviceServerConfig config;
  config.speed = speed;
  server_ = std::make_unique<DeviceServer>(controllers, config);
  if (transport == Transport::kSocketPair) {
    auto [device_end, host_end] = make_channel_pair();
    device_end_ = std::move(device_end);
    host_end_ = std::move(host_end);
    address_ = "socket pair";
    thread_ = std::jthread([this](std::stop_token stop) { server_->serve(*device_end_, stop); });
  } else {
    std::string error;
    listener_ = listen_channel("tcp://127.0.0.1:0", error);
    if (!listener_) throw std::runtime_error("cannot listen: " + error);
    address_ = listener_->address();
    thread_ = std::jthread([this](std::stop_token stop) { server_->serve(*listener_, stop); });
  }
}

InProcessDevice::~InProcessDevice() {
  stop();
}

ChannelDialer InProcessDevice::dialer() {
  if (listener_) return dial_address(address_);
  return [this](std::string& error) -> std::unique_ptr<ByteChannel> {
    if (!host_end_) {
      error = "the socket pair is gone";
      return nullptr;
    }
    return std::move(host_end_);
  };
}

void InProcessDevice::cut() {
  if (device_end_) device_end_->close();
}

void InProcessDevice::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

TempStore::TempStore() {
  std::string pattern = (std::filesystem::temp_directory_path() / "openbfr-host-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  path_ = dir_ / "store.db";
  repository_ = clinic::open_repository(path_.string());
  patient.display_name = "Link Test";
  patient.birth_year = 1980;
  patient.resting_sbp_mmhg = 120;
  patient.resting_dbp_mmhg = 80;
  patient.resting_hr_bpm = 65;
  patient.id = repository_->add_patient(patient);
  limb.patient_id = patient.id;
  limb.circumference_cm = 55;
  limb.id = repository_->add_limb(limb);
}

TempStore::~TempStore() {
  repository_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace bfr::runtime::testing

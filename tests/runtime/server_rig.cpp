#include "tests/runtime/server_rig.hpp"

#include "sim/person.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::runtime::testing {

ServerRig::ServerRig(std::size_t cuffs, DeviceServerConfig config) {
  std::vector<device::LocalController*> controllers;
  for (std::size_t i = 0; i < cuffs; ++i) {
    const auto plant = sim::plant_for(sim::demo_person(), {sim::Segment::kThigh, 11.5},
                                      sim::mpx5050_profile(100), 1 + i);
    limbs_.push_back(std::make_unique<SimulatedLimb>(plant, core::ControllerConfig{}));
    controllers.push_back(limbs_.back().get());
  }
  server_ = std::make_unique<DeviceServer>(controllers, config);
}

ServerRig::~ServerRig() {
  stop();
}

void ServerRig::serve_pair() {
  auto [device_end, host_end] = make_channel_pair();
  device_end_ = std::move(device_end);
  host_end_ = std::move(host_end);
  thread_ = std::jthread([this](std::stop_token stop) { server_->serve(*device_end_, stop); });
}

void ServerRig::serve(std::unique_ptr<ChannelListener> listener) {
  listener_ = std::move(listener);
  thread_ = std::jthread([this](std::stop_token stop) { server_->serve(*listener_, stop); });
}

void ServerRig::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

core::ExercisePlan test_plan(float share, std::vector<std::uint16_t> reps, core::Duration rest) {
  core::ExercisePlan plan;
  plan.lop = core::Pressure::mmhg(200.0f);
  plan.target_share = core::Fraction(share);
  plan.set_count = static_cast<std::uint8_t>(reps.size());
  for (std::size_t i = 0; i < reps.size() && i < core::kMaxSets; ++i) plan.target_reps[i] = reps[i];
  plan.rest = rest;
  plan.max_set_duration = core::Duration::from_seconds(40.0f);
  return plan;
}

}  // namespace bfr::runtime::testing

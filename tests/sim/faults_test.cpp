// Fault injection on the whole plant: each fault does what the hardware
// failure it stands for would do, and clearing it restores normal service.

#include "sim/faults.hpp"

#include <gtest/gtest.h>

#include "sim/person.hpp"
#include "sim/plant.hpp"

namespace bfr::sim {
namespace {

Plant thigh_plant() {
  return Plant(plant_for(demo_person(), {Segment::kThigh, 11.5}, mpx5050_profile(100), 3));
}

void pump_to(Plant& plant, double level) {
  plant.command({1.0, 0, false});
  while (plant.true_cuff_mmhg() < level && plant.time_s() < 60) plant.advance(0.001);
  plant.command({0, 0, false});
  plant.advance(0.5);
}

TEST(Faults, NamesRoundTrip) {
  for (FaultKind k : {FaultKind::kSensorStuck, FaultKind::kSensorDrift, FaultKind::kPumpFailure,
                      FaultKind::kVentStuckOpen, FaultKind::kVentStuckClosed,
                      FaultKind::kBleedStuckClosed, FaultKind::kTubeDisconnect, FaultKind::kLeak}) {
    const auto parsed = parse_fault_kind(fault_name(k));
    ASSERT_TRUE(parsed.has_value()) << fault_name(k);
    EXPECT_EQ(*parsed, k);
  }
  EXPECT_FALSE(parse_fault_kind("gremlins").has_value());
}

TEST(Faults, PumpFailureStopsInflation) {
  Plant plant = thigh_plant();
  plant.inject({FaultKind::kPumpFailure, 0});
  plant.command({1.0, 0, false});
  plant.advance(5.0);
  EXPECT_LT(plant.true_cuff_mmhg(), 3.0);
  plant.clear_fault(FaultKind::kPumpFailure);
  plant.advance(5.0);
  EXPECT_GT(plant.true_cuff_mmhg(), 50.0);
}

TEST(Faults, VentStuckClosedKeepsThePressure) {
  Plant plant = thigh_plant();
  pump_to(plant, 150);
  plant.inject({FaultKind::kVentStuckClosed, 0});
  plant.command({0, 0, true});  // the controller asks to vent
  plant.advance(10.0);
  EXPECT_GT(plant.true_cuff_mmhg(), 140.0);
  // The bleed valve is a separate path and still works.
  plant.command({0, 1.0, true});
  plant.advance(10.0);
  EXPECT_LT(plant.true_cuff_mmhg(), 100.0);
}

TEST(Faults, VentStuckOpenDefeatsThePump) {
  Plant plant = thigh_plant();
  plant.inject({FaultKind::kVentStuckOpen, 0});
  plant.command({1.0, 0, false});
  plant.advance(20.0);
  // The pump and the open vent balance far below a useful pressure.
  EXPECT_LT(plant.true_cuff_mmhg(), 60.0);
  EXPECT_GT(plant.true_cuff_mmhg(), 5.0);
}

TEST(Faults, BleedStuckClosedDoesNotRelease) {
  Plant plant = thigh_plant();
  pump_to(plant, 150);
  plant.inject({FaultKind::kBleedStuckClosed, 0});
  plant.command({0, 1.0, false});
  plant.advance(5.0);
  EXPECT_GT(plant.true_cuff_mmhg(), 140.0);
}

TEST(Faults, LeakDecaysPressureSlowOrFast) {
  Plant slow = thigh_plant();
  Plant fast = thigh_plant();
  pump_to(slow, 150);
  pump_to(fast, 150);
  slow.inject({FaultKind::kLeak, 2.0});   // 2 mL/s at 100 mmHg: a slow leak
  fast.inject({FaultKind::kLeak, 30.0});  // a sudden split in the bladder
  const double start = slow.true_cuff_mmhg();
  slow.advance(10.0);
  fast.advance(10.0);
  EXPECT_LT(slow.true_cuff_mmhg(), start - 3);
  EXPECT_GT(slow.true_cuff_mmhg(), start - 30);
  EXPECT_LT(fast.true_cuff_mmhg(), 40.0);
}

TEST(Faults, TubeDisconnectBlindsTheSensorAndEmptiesTheCuff) {
  Plant plant = thigh_plant();
  pump_to(plant, 150);
  plant.inject({FaultKind::kTubeDisconnect, 0});
  plant.command({1.0, 0, false});  // pumping into open air does nothing for the cuff
  plant.advance(0.2);
  EXPECT_LT(plant.read_sensor(), 5.0);
  plant.advance(10.0);
  EXPECT_LT(plant.true_cuff_mmhg(), 20.0);
}

TEST(Faults, StuckAndDriftingSensor) {
  Plant plant = thigh_plant();
  pump_to(plant, 120);
  plant.inject({FaultKind::kSensorStuck, 0});
  const double frozen = plant.read_sensor();
  plant.command({0, 0, true});
  plant.advance(5.0);
  EXPECT_EQ(plant.read_sensor(), frozen);
  EXPECT_LT(plant.true_cuff_mmhg(), 20.0);
  plant.clear_fault(FaultKind::kSensorStuck);
  plant.inject({FaultKind::kSensorDrift, 3.0});
  plant.advance(10.0);
  // 30 mmHg of offset on an empty cuff.
  EXPECT_NEAR(plant.read_sensor(), 30.0, 2.0);
  EXPECT_TRUE(plant.faults().any());
  plant.clear_fault(FaultKind::kSensorDrift);
  EXPECT_FALSE(plant.faults().any());
}

}  // namespace
}  // namespace bfr::sim

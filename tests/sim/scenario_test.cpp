// Scenario files: what a good file turns into, and that every kind of
// mistake is refused with a message naming the file, the key and the problem.

#include "sim/scenario.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "sim/population.hpp"

namespace bfr::sim {
namespace {

// The message of the ScenarioError a text raises, or "" when it parses.
std::string error_of(const std::string& text) {
  try {
    parse_scenario(text, "t.toml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return {};
}

// A minimal valid header in a given drive mode; tests append to it.
std::string base(std::string_view mode = "manual", std::string_view extra_top = "") {
  return std::string("name = \"t\"\nduration_s = 60\n") + std::string(extra_top) +
         "[drive]\nmode = \"" + std::string(mode) + "\"\n";
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

TEST(Scenario, GoodFileParsesEverySection) {
  const Scenario s = parse_scenario(R"(
name = "full"
description = "every section"
duration_s = 120
seed = 7
model_rate_hz = 2000

[person]
age_years = 30
sex = "male"
systolic_mmhg = 130
diastolic_mmhg = 80
heart_rate_bpm = 70
height_cm = 180
thigh_circumference_cm = 60
arm_circumference_cm = 34
artery_a_per_mmhg = 0.09
artery_b_per_mmhg = 0.027

[limb]
segment = "upper_arm"
posture = "standing"

[cuff]
width_cm = 10

[sensor]
profile = "hx710b"
rate_hz = 40
noise_sd_mmhg = 0.3
offset_mmhg = 1.5
gain_error = 0.01
lag_s = 0.02

[drive]
mode = "manual"

[[events]]
at_s = 1
kind = "inflate_to"
pressure_mmhg = 150

[[events]]
at_s = 10
kind = "contractions"
reps = 12
period_s = 3
set_index = 1

[[events]]
at_s = 10
kind = "motion"
shape = "tremor"
amplitude_mmhg = 0.5
duration_s = 2
frequency_hz = 6

[[events]]
at_s = 20
kind = "fault"
fault = "leak"
value = 12.5

[[events]]
at_s = 30
kind = "clear_fault"
fault = "leak"

[[events]]
at_s = 40
kind = "deflate"
rate_mmhg_per_s = 4
)",
                                    "full.toml");
  EXPECT_EQ(s.source, "full.toml");
  EXPECT_EQ(s.name, "full");
  EXPECT_EQ(s.description, "every section");
  EXPECT_DOUBLE_EQ(s.duration_s, 120);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_DOUBLE_EQ(s.model_rate_hz, 2000);
  EXPECT_EQ(s.person.age_years, 30);
  EXPECT_EQ(s.person.sex, Sex::kMale);
  EXPECT_DOUBLE_EQ(s.person.systolic_mmhg, 130);
  EXPECT_DOUBLE_EQ(s.person.diastolic_mmhg, 80);
  EXPECT_DOUBLE_EQ(s.person.heart_rate_bpm, 70);
  EXPECT_DOUBLE_EQ(s.person.height_cm, 180);
  EXPECT_DOUBLE_EQ(s.person.thigh_circumference_cm, 60);
  EXPECT_DOUBLE_EQ(s.person.arm_circumference_cm, 34);
  EXPECT_DOUBLE_EQ(s.person.artery_a_per_mmhg, 0.09);
  EXPECT_DOUBLE_EQ(s.person.artery_b_per_mmhg, 0.027);
  EXPECT_EQ(s.segment, Segment::kUpperArm);
  EXPECT_EQ(s.posture, Posture::kStanding);
  EXPECT_DOUBLE_EQ(s.cuff_width_cm, 10);
  EXPECT_EQ(s.sensor_name, "hx710b");
  EXPECT_DOUBLE_EQ(s.sensor.sample_rate_hz, 40);
  EXPECT_DOUBLE_EQ(s.sensor.noise_sd_mmhg, 0.3);
  EXPECT_DOUBLE_EQ(s.sensor.offset_mmhg, 1.5);
  EXPECT_DOUBLE_EQ(s.sensor.gain_error, 0.01);
  EXPECT_DOUBLE_EQ(s.sensor.lag_s, 0.02);
  EXPECT_DOUBLE_EQ(s.sensor.quantum_mmhg, hx710b_profile(40).quantum_mmhg);  // from the profile
  EXPECT_EQ(s.drive, DriveMode::kManual);

  ASSERT_EQ(s.events.size(), 6u);
  EXPECT_EQ(s.events[0].kind, ScenarioEventKind::kInflateTo);
  EXPECT_DOUBLE_EQ(s.events[0].pressure_mmhg, 150);
  EXPECT_EQ(s.events[1].kind, ScenarioEventKind::kContractions);
  EXPECT_EQ(s.events[1].reps, 12);
  EXPECT_EQ(s.events[1].set_index, 1);
  ASSERT_TRUE(s.events[1].period_s.has_value());
  EXPECT_DOUBLE_EQ(*s.events[1].period_s, 3);
  EXPECT_EQ(s.events[2].kind, ScenarioEventKind::kMotion);
  EXPECT_EQ(s.events[2].motion.shape, MotionShape::kTremor);
  EXPECT_DOUBLE_EQ(s.events[2].motion.start_s, 10);
  EXPECT_DOUBLE_EQ(s.events[2].motion.amplitude_mmhg, 0.5);
  EXPECT_DOUBLE_EQ(s.events[2].motion.duration_s, 2);
  EXPECT_DOUBLE_EQ(s.events[2].motion.frequency_hz, 6);
  EXPECT_EQ(s.events[3].fault.kind, FaultKind::kLeak);
  EXPECT_DOUBLE_EQ(s.events[3].fault.value, 12.5);
  EXPECT_EQ(s.events[4].kind, ScenarioEventKind::kClearFault);
  EXPECT_EQ(s.events[4].fault.kind, FaultKind::kLeak);
  EXPECT_DOUBLE_EQ(s.events[5].rate_mmhg_per_s, 4);
}

TEST(Scenario, DefaultsAreTheDemoSetUp) {
  const Scenario s = parse_scenario(base("none"), "t.toml");
  EXPECT_EQ(s.seed, 1u);
  EXPECT_DOUBLE_EQ(s.model_rate_hz, 1000);
  EXPECT_EQ(s.person.name, demo_person().name);
  EXPECT_DOUBLE_EQ(s.person.systolic_mmhg, demo_person().systolic_mmhg);
  EXPECT_EQ(s.segment, Segment::kThigh);
  EXPECT_EQ(s.posture, Posture::kSeated);
  EXPECT_DOUBLE_EQ(s.cuff_width_cm, 11.5);
  EXPECT_EQ(s.sensor_name, "mpx5050");
  EXPECT_DOUBLE_EQ(s.sensor.sample_rate_hz, 100);
  EXPECT_EQ(s.drive, DriveMode::kNone);
  EXPECT_TRUE(s.events.empty());
  // The arm gets its own default cuff.
  const Scenario arm = parse_scenario(base("none") + "[limb]\nsegment = \"upper_arm\"\n", "t.toml");
  EXPECT_DOUBLE_EQ(arm.cuff_width_cm, 13);
}

TEST(Scenario, ControllerSettingsAreRead) {
  const Scenario s = parse_scenario(base("controller") + R"(target_percent_of_lop = 60
reps = [20, 10]
rest_s = 45
max_set_s = 120
lop_mmhg = 170
auto_sets = false
hard_cap_mmhg = 250
max_inflation_s = 600
lop_fast_ramp_mmhg_per_s = 5
lop_cap_mmhg = 260
inflate_timeout_s = 20
[[events]]
at_s = 0
kind = "start_exercise"
)",
                                    "t.toml");
  const ScenarioControllerSettings& c = s.controller;
  EXPECT_DOUBLE_EQ(c.target_percent_of_lop, 60);
  EXPECT_EQ(c.reps, (std::vector<int>{20, 10}));
  EXPECT_DOUBLE_EQ(c.rest_s, 45);
  EXPECT_DOUBLE_EQ(c.max_set_s, 120);
  ASSERT_TRUE(c.lop_mmhg.has_value());
  EXPECT_DOUBLE_EQ(*c.lop_mmhg, 170);
  EXPECT_FALSE(c.auto_sets);
  EXPECT_DOUBLE_EQ(c.hard_cap_mmhg, 250);
  EXPECT_DOUBLE_EQ(c.max_inflation_s, 600);
  EXPECT_DOUBLE_EQ(c.lop_fast_ramp_mmhg_per_s, 5);
  EXPECT_DOUBLE_EQ(c.lop_cap_mmhg, 260);
  EXPECT_DOUBLE_EQ(c.inflate_timeout_s, 20);
}

TEST(Scenario, CohortPersonIsTheDrawnOne) {
  const Scenario s = parse_scenario(
      base("none") + "[person]\ncohort = \"young\"\npopulation_seed = 11\nindex = 4\n", "t.toml");
  CohortSpec young;
  ASSERT_TRUE(cohort_by_name("young", young));
  const Person expected = draw_person(young, 11, 4);
  EXPECT_EQ(s.person.name, expected.name);
  EXPECT_DOUBLE_EQ(s.person.systolic_mmhg, expected.systolic_mmhg);
  EXPECT_DOUBLE_EQ(s.person.thigh_circumference_cm, expected.thigh_circumference_cm);
  EXPECT_CONTAINS(s.person_origin, "young cohort");
}

TEST(ScenarioErrors, OutOfRangeNamesFileTableKeyValueAndRule) {
  const std::string e = error_of(base() + "[cuff]\nwidth_cm = 40\n");
  EXPECT_CONTAINS(e, "t.toml: [cuff] width_cm = 40: must be 3-30 cm");
  EXPECT_CONTAINS(e, "(line ");
}

TEST(ScenarioErrors, TopLevelRangesAndRequiredKeys) {
  EXPECT_CONTAINS(error_of("name = \"t\"\n[drive]\nmode = \"none\"\n"), "duration_s: is required");
  EXPECT_CONTAINS(error_of("duration_s = 5\n[drive]\nmode = \"none\"\n"), "name: is required");
  EXPECT_CONTAINS(error_of("name = \"t\"\nduration_s = 0\n[drive]\nmode = \"none\"\n"),
                  "duration_s = 0: must be above 0 and at most 7200 s");
  EXPECT_CONTAINS(error_of("name = \"t\"\nduration_s = 7201\n[drive]\nmode = \"none\"\n"),
                  "duration_s = 7201");
  EXPECT_CONTAINS(error_of(base("none", "seed = -1\n")), "seed = -1: must be >= 0");
  EXPECT_CONTAINS(error_of(base("none", "seed = 1.5\n")), "seed = 1.5: must be a whole number");
  EXPECT_CONTAINS(error_of(base("none", "model_rate_hz = 100\n")),
                  "model_rate_hz = 100: must be 200-10000 Hz");
  EXPECT_CONTAINS(error_of("name = \"t\"\nduration_s = 5\n"), "drive: is required");
  EXPECT_CONTAINS(error_of(base("auto")), "[drive] mode = \"auto\": must be one of");
}

TEST(ScenarioErrors, WrongTypesAreNamed) {
  EXPECT_CONTAINS(error_of(base() + "[cuff]\nwidth_cm = \"wide\"\n"),
                  "[cuff] width_cm = \"wide\": must be a number");
  EXPECT_CONTAINS(error_of(base("none") + "[limb]\nsegment = 3\n"),
                  "[limb] segment = 3: must be a string");
  EXPECT_CONTAINS(error_of(base("none", "cuff = 3\n")), "cuff = 3: must be a table ([cuff])");
  EXPECT_CONTAINS(error_of(base("none", "events = 3\n")), "events = 3: must be a list of tables");
}

TEST(ScenarioErrors, SyntaxErrorsGiveLineAndColumn) {
  const std::string e = error_of("name = \"t\"\nduration_s = = 3\n");
  EXPECT_CONTAINS(e, "t.toml:2:");
  EXPECT_CONTAINS(e, "not valid TOML");
}

TEST(ScenarioErrors, UnknownKeysAreTyposNotDefaults) {
  const std::string in_table = error_of(base() + "[cuff]\nwidht_cm = 12\n");
  EXPECT_CONTAINS(in_table, "[cuff] widht_cm = 12: unknown key");
  EXPECT_CONTAINS(in_table, "width_cm");  // what was expected
  EXPECT_CONTAINS(error_of(base("none", "durration_s = 3\n")), "durration_s = 3: unknown key");
  EXPECT_CONTAINS(error_of(base("none") + "[cufff]\nwidth_cm = 12\n"),
                  "cufff = {...}: unknown key");
  // A key that belongs to another event kind is unknown for this one.
  EXPECT_CONTAINS(error_of(base() + "[[events]]\nat_s = 1\nkind = \"vent\"\npressure_mmhg = 100\n"),
                  "[[events]] #1 pressure_mmhg = 100: unknown key");
}

TEST(ScenarioErrors, ChoicesListTheAllowedValues) {
  const std::string e = error_of(base() + "[limb]\nsegment = \"leg\"\n");
  EXPECT_CONTAINS(e, "[limb] segment = \"leg\": must be one of \"thigh\", \"upper_arm\"");
  EXPECT_CONTAINS(error_of(base() + "[sensor]\nprofile = \"bmp280\"\n"),
                  "[sensor] profile = \"bmp280\": must be one of \"mpx5050\", \"hx710b\"");
  EXPECT_CONTAINS(error_of(base() + "[[events]]\nat_s = 1\nkind = \"explode\"\n"),
                  "[[events]] #1 kind = \"explode\": must be one of");
}

TEST(ScenarioErrors, PersonIsEitherDrawnOrExplicit) {
  EXPECT_CONTAINS(error_of(base() + "[person]\nsystolic_mmhg = 300\n"),
                  "[person] systolic_mmhg = 300: must be 70-250 mmHg");
  EXPECT_CONTAINS(error_of(base() + "[person]\nsystolic_mmhg = 90\ndiastolic_mmhg = 95\n"),
                  "[person] diastolic_mmhg = 95: diastolic pressure must be below systolic");
  EXPECT_CONTAINS(error_of(base() + "[person]\ncohort = \"general\"\nsystolic_mmhg = 140\n"),
                  "[person] systolic_mmhg = 140: cannot be combined with cohort");
  EXPECT_CONTAINS(error_of(base() + "[person]\nindex = 3\n"), "[person] index = 3: needs cohort");
  EXPECT_CONTAINS(error_of(base() + "[person]\ncohort = \"elderly\"\n"),
                  "[person] cohort = \"elderly\": must be one of \"general\", \"young\"");
  EXPECT_CONTAINS(error_of(base() + "[person]\nsex = \"other\"\n"), "[person] sex = \"other\"");
}

TEST(ScenarioErrors, SensorRateCannotOutrunTheModel) {
  EXPECT_CONTAINS(error_of(base("none", "model_rate_hz = 200\n") + "[sensor]\nrate_hz = 400\n"),
                  "[sensor] rate_hz = 400: must not exceed model_rate_hz (200 Hz)");
  EXPECT_CONTAINS(error_of(base() + "[sensor]\ngain_error = 2\n"), "[sensor] gain_error = 2");
}

TEST(ScenarioErrors, EventsMustBeInTimeOrderAndInsideTheRun) {
  const std::string e = error_of(base() +
                                 "[[events]]\nat_s = 20\nkind = \"hold\"\n"
                                 "[[events]]\nat_s = 10\nkind = \"vent\"\n");
  EXPECT_CONTAINS(e, "[[events]] #2 at_s = 10: events must be in time order");
  EXPECT_CONTAINS(e, "the one before is at 20 s");
  EXPECT_CONTAINS(error_of(base() + "[[events]]\nat_s = 60\nkind = \"hold\"\n"),
                  "[[events]] #1 at_s = 60: must be before the end of the run (duration_s = 60)");
  EXPECT_CONTAINS(error_of(base() + "[[events]]\nat_s = -1\nkind = \"hold\"\n"),
                  "[[events]] #1 at_s = -1");
  EXPECT_CONTAINS(error_of(base() + "[[events]]\nkind = \"hold\"\n"),
                  "[[events]] #1 at_s: is required");
  // Events at the same instant keep their file order.
  const Scenario same = parse_scenario(base() +
                                           "[[events]]\nat_s = 5\nkind = \"hold\"\n"
                                           "[[events]]\nat_s = 5\nkind = \"vent\"\n",
                                       "t.toml");
  ASSERT_EQ(same.events.size(), 2u);
  EXPECT_EQ(same.events[1].kind, ScenarioEventKind::kVent);
}

TEST(ScenarioErrors, EventsMustFitTheDriveMode) {
  const std::string manual_in_controller = error_of(
      base("controller") + "[[events]]\nat_s = 1\nkind = \"inflate_to\"\npressure_mmhg = 100\n");
  EXPECT_CONTAINS(manual_in_controller, "[[events]] #1 kind = \"inflate_to\"");
  EXPECT_CONTAINS(manual_in_controller, "needs [drive] mode = \"manual\"");
  EXPECT_CONTAINS(manual_in_controller, "mode is \"controller\"");

  const std::string command_in_manual =
      error_of(base("manual") + "[[events]]\nat_s = 1\nkind = \"measure_lop\"\n");
  EXPECT_CONTAINS(command_in_manual, "is a controller command");
  EXPECT_CONTAINS(command_in_manual, "needs [drive] mode = \"controller\"");

  EXPECT_CONTAINS(error_of(base("none") + "[[events]]\nat_s = 1\nkind = \"vent\"\n"),
                  "mode is \"none\"");
  // Person, motion and fault events work in every mode.
  for (const char* mode : {"controller", "manual", "none"}) {
    EXPECT_EQ(
        error_of(base(mode) + "[[events]]\nat_s = 1\nkind = \"contractions\"\nreps = 5\n"
                              "[[events]]\nat_s = 2\nkind = \"motion\"\n"
                              "[[events]]\nat_s = 3\nkind = \"fault\"\nfault = \"pump_failure\"\n"),
        "")
        << mode;
  }
  // Controller settings belong to the controller.
  EXPECT_CONTAINS(error_of(base("manual") + "target_percent_of_lop = 60\n"),
                  "[drive] target_percent_of_lop = 60: applies only to mode = \"controller\"");
}

TEST(ScenarioErrors, EventKeysAreChecked) {
  auto event = [](std::string_view mode, std::string_view body) {
    return error_of(base(mode) + "[[events]]\nat_s = 1\n" + std::string(body));
  };
  EXPECT_CONTAINS(event("manual", "kind = \"inflate_to\"\n"), "pressure_mmhg: is required");
  EXPECT_CONTAINS(event("manual", "kind = \"inflate_to\"\npressure_mmhg = 400\n"),
                  "pressure_mmhg = 400: must be 5-300 mmHg");
  EXPECT_CONTAINS(event("manual", "kind = \"deflate\"\nrate_mmhg_per_s = 0\n"),
                  "rate_mmhg_per_s = 0: must be 0.5-50 mmHg/s");
  EXPECT_CONTAINS(event("none", "kind = \"contractions\"\n"), "reps: is required");
  EXPECT_CONTAINS(event("none", "kind = \"contractions\"\nreps = 10\nset_index = 9\n"),
                  "set_index = 9: must be 0-7");
  EXPECT_CONTAINS(event("none", "kind = \"motion\"\nshape = \"impulse\"\nfrequency_hz = 5\n"),
                  "frequency_hz = 5: applies only to shape = \"tremor\"");
  EXPECT_CONTAINS(event("none", "kind = \"fault\"\nfault = \"gremlins\"\n"),
                  "fault = \"gremlins\": must be one of \"sensor_stuck\"");
  EXPECT_CONTAINS(event("none", "kind = \"fault\"\nfault = \"leak\"\n"),
                  "value: is required for a leak");
  EXPECT_CONTAINS(event("none", "kind = \"fault\"\nfault = \"sensor_drift\"\nvalue = 0\n"),
                  "value = 0: is required for sensor_drift");
  EXPECT_CONTAINS(event("none", "kind = \"fault\"\nfault = \"pump_failure\"\nvalue = 3\n"),
                  "value = 3: fault \"pump_failure\" takes no value");
  EXPECT_CONTAINS(event("none", "kind = \"clear_fault\"\n"), "fault: is required");
}

TEST(ScenarioErrors, ExerciseNeedsAnLopAndAValidPlan) {
  EXPECT_CONTAINS(
      error_of(base("controller") + "[[events]]\nat_s = 1\nkind = \"start_exercise\"\n"),
      "start_exercise needs an LOP");
  EXPECT_EQ(error_of(base("controller") + "[[events]]\nat_s = 1\nkind = \"measure_lop\"\n"
                                          "[[events]]\nat_s = 50\nkind = \"start_exercise\"\n"),
            "");
  EXPECT_CONTAINS(error_of(base("controller") + "reps = []\n"),
                  "[drive] reps = []: must be a list");
  EXPECT_CONTAINS(error_of(base("controller") + "reps = [30, 0]\n"),
                  "[drive] reps = [30, 0]: each set's target must be a whole number of 1-200");
  EXPECT_CONTAINS(error_of(base("controller") + "reps = [1, 2, 3, 4, 5, 6, 7, 8, 9]\n"),
                  "must be a list of 1-8 target reps");
  EXPECT_CONTAINS(error_of(base("controller") + "target_percent_of_lop = 120\n"),
                  "target_percent_of_lop = 120: must be 1-100 % of LOP");
  EXPECT_CONTAINS(error_of(base("controller") + "hard_cap_mmhg = 350\n"),
                  "hard_cap_mmhg = 350: must be 50-300 mmHg");
}

TEST(ScenarioErrors, MissingFileIsAScenarioError) {
  try {
    load_scenario("/nonexistent/dir/none.toml");
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_CONTAINS(e.what(), "/nonexistent/dir/none.toml: cannot read");
  }
}

TEST(ScenarioFiles, EveryExampleParses) {
  const std::filesystem::path dir = std::filesystem::path(OPENBFR_SOURCE_DIR) / "scenarios";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    try {
      const Scenario s = load_scenario(entry.path().string());
      EXPECT_EQ(s.source, entry.path().filename().string());
      EXPECT_FALSE(s.name.empty());
    } catch (const ScenarioError& e) {
      ADD_FAILURE() << e.what();
    }
  }
  EXPECT_GE(files, 5);
}

}  // namespace
}  // namespace bfr::sim

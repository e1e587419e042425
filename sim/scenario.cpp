#include "sim/scenario.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <map>
#include <sstream>
#include <utility>

#include "sim/population.hpp"

namespace bfr::sim {
namespace {

// How a value looked in the file, for messages ("40", "\"wide\"", "[30, 15]").
std::string show_value(const toml::node& node) {
  if (const auto* v = node.as_integer()) return std::to_string(v->get());
  if (const auto* v = node.as_floating_point()) {
    std::ostringstream out;
    out << v->get();
    return out.str();
  }
  if (const auto* v = node.as_string()) return "\"" + v->get() + "\"";
  if (const auto* v = node.as_boolean()) return v->get() ? "true" : "false";
  if (const auto* a = node.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (i > 0) out += ", ";
      out += a->get(i)->is_table() ? "{...}" : show_value(*a->get(i));
    }
    return out + "]";
  }
  if (node.is_table()) return "{...}";
  return "(date/time)";
}

std::string num_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::string quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// One TOML table being read. Every key the parser asks about is recorded as
// known, so that whatever else is in the table can be reported as unknown
// (with the keys that were expected) when the table is finished.
class Section {
 public:
  Section(std::string_view source, std::string label, const toml::table& table)
      : source_(source), label_(std::move(label)), table_(table) {}

  const toml::node* find(std::string_view key) {
    known_.emplace_back(key);
    return table_.get(key);
  }
  bool has(std::string_view key) const { return table_.contains(key); }

  [[noreturn]] void fail(std::string_view key, std::string_view problem) const {
    std::string where = std::string(source_) + ": ";
    if (!label_.empty()) where += label_ + " ";
    where += key;
    const toml::node* node = table_.get(key);
    if (node != nullptr) {
      where += " = " + show_value(*node) + ": " + std::string(problem);
      where += " (line " + std::to_string(node->source().begin.line) + ")";
    } else {
      where += ": " + std::string(problem);
    }
    throw ScenarioError(where);
  }

  std::optional<double> number(std::string_view key, double lo, double hi,
                               std::string_view range_text) {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_number()) fail(key, "must be a number");
    const double v = node->value<double>().value_or(std::nan(""));
    // Written so that NaN fails: every comparison with NaN is false.
    if (!(v >= lo && v <= hi)) fail(key, range_text);
    return v;
  }
  double number_or(std::string_view key, double fallback, double lo, double hi,
                   std::string_view range_text) {
    return number(key, lo, hi, range_text).value_or(fallback);
  }
  double required_number(std::string_view key, double lo, double hi, std::string_view range_text) {
    const auto v = number(key, lo, hi, range_text);
    if (!v) fail(key, "is required");
    return *v;
  }

  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi,
                                      std::string_view range_text) {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    const auto* v = node->as_integer();
    if (v == nullptr) fail(key, "must be a whole number");
    if (v->get() < lo || v->get() > hi) fail(key, range_text);
    return v->get();
  }

  std::optional<std::string> text(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    const auto* v = node->as_string();
    if (v == nullptr) fail(key, "must be a string");
    return v->get();
  }

  std::optional<bool> flag(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    const auto* v = node->as_boolean();
    if (v == nullptr) fail(key, "must be true or false");
    return v->get();
  }

  template <typename T>
  std::optional<T> choice(std::string_view key,
                          std::initializer_list<std::pair<std::string_view, T>> options) {
    return choice_in<T>(key, options);
  }
  template <typename T, typename Options>
  std::optional<T> choice_in(std::string_view key, const Options& options) {
    const auto name = text(key);
    if (!name) return std::nullopt;
    for (const auto& [n, value] : options) {
      if (n == *name) return value;
    }
    std::string expected = "must be one of ";
    bool first = true;
    for (const auto& option : options) {
      expected += (first ? "" : ", ") + quoted(option.first);
      first = false;
    }
    fail(key, expected);
  }

  const toml::table* subtable(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) fail(key, "must be a table ([" + std::string(key) + "])");
    return node->as_table();
  }

  // Fails on the first key (in file order) that nothing asked about.
  void finish() const {
    const toml::node* first = nullptr;
    std::string first_key;
    for (const auto& [key, node] : table_) {
      if (std::find(known_.begin(), known_.end(), key.str()) != known_.end()) continue;
      if (first == nullptr || node.source().begin.line < first->source().begin.line) {
        first = &node;
        first_key = std::string(key.str());
      }
    }
    if (first == nullptr) return;
    std::string problem = "unknown key (expected ";
    if (known_.empty()) {
      problem += "no keys here";
    } else {
      problem += "one of ";
      for (std::size_t i = 0; i < known_.size(); ++i) problem += (i > 0 ? ", " : "") + known_[i];
    }
    fail(first_key, problem + ")");
  }

  std::string_view source() const { return source_; }

 private:
  std::string_view source_;
  std::string label_;
  const toml::table& table_;
  std::vector<std::string> known_;
};

void parse_person(Section& s, Scenario& out) {
  const auto cohort_name = s.text("cohort");
  const auto population_seed =
      s.integer("population_seed", 0, std::numeric_limits<std::int64_t>::max(), "must be >= 0");
  const auto index = s.integer("index", 0, 10'000'000, "must be 0-10000000");

  Person p = demo_person();
  bool any_explicit = false;
  auto num = [&](std::string_view key, double lo, double hi, std::string_view range_text,
                 double& field) {
    if (const auto v = s.number(key, lo, hi, range_text)) {
      field = *v;
      any_explicit = true;
    }
  };
  if (const auto age = s.integer("age_years", 18, 100, "must be 18-100 years")) {
    p.age_years = static_cast<int>(*age);
    any_explicit = true;
  }
  if (const auto sex = s.choice<Sex>("sex", {{"female", Sex::kFemale}, {"male", Sex::kMale}})) {
    p.sex = *sex;
    any_explicit = true;
  }
  num("systolic_mmhg", 70, 250, "must be 70-250 mmHg", p.systolic_mmhg);
  num("diastolic_mmhg", 30, 150, "must be 30-150 mmHg", p.diastolic_mmhg);
  num("heart_rate_bpm", 30, 200, "must be 30-200 bpm", p.heart_rate_bpm);
  num("height_cm", 120, 220, "must be 120-220 cm", p.height_cm);
  num("thigh_circumference_cm", 30, 100, "must be 30-100 cm", p.thigh_circumference_cm);
  num("arm_circumference_cm", 15, 60, "must be 15-60 cm", p.arm_circumference_cm);
  // Around the Babbs 2012 normal (0.11, 0.03) and stiff (0.076, 0.021)
  // arteries, with room for the population's spread.
  num("artery_a_per_mmhg", 0.02, 0.3, "must be 0.02-0.3 per mmHg", p.artery_a_per_mmhg);
  num("artery_b_per_mmhg", 0.005, 0.1, "must be 0.005-0.1 per mmHg", p.artery_b_per_mmhg);

  if (cohort_name) {
    CohortSpec cohort;
    if (!cohort_by_name(*cohort_name, cohort)) {
      s.fail("cohort", "must be one of \"general\", \"young\"");
    }
    // A drawn person is used as drawn: mixing in explicit values would make
    // a person the population model never produces.
    if (any_explicit) {
      for (const char* key : {"age_years", "sex", "systolic_mmhg", "diastolic_mmhg",
                              "heart_rate_bpm", "height_cm", "thigh_circumference_cm",
                              "arm_circumference_cm", "artery_a_per_mmhg", "artery_b_per_mmhg"}) {
        if (s.has(key))
          s.fail(key, "cannot be combined with cohort (a drawn person is used as drawn)");
      }
    }
    const auto pop_seed =
        static_cast<std::uint64_t>(population_seed.value_or(static_cast<std::int64_t>(out.seed)));
    const auto i = static_cast<std::size_t>(index.value_or(0));
    p = draw_person(cohort, pop_seed, i);
    out.person_origin = *cohort_name + " cohort, population seed " + std::to_string(pop_seed) +
                        ", index " + std::to_string(i);
  } else {
    if (population_seed) s.fail("population_seed", "needs cohort");
    if (index) s.fail("index", "needs cohort");
    if (any_explicit) out.person_origin = "demo person with scenario overrides";
    if (!(p.diastolic_mmhg < p.systolic_mmhg)) {
      s.fail(s.has("diastolic_mmhg") ? "diastolic_mmhg" : "systolic_mmhg",
             "diastolic pressure must be below systolic pressure");
    }
  }
  s.finish();
  out.person = p;
}

void parse_controller_settings(Section& s, Scenario& out) {
  ScenarioControllerSettings& c = out.controller;
  const bool controller = out.drive == DriveMode::kController;
  auto only_controller = [&](std::string_view key) {
    if (!controller && s.has(key)) {
      s.fail(key, "applies only to mode = \"controller\"");
    }
  };
  for (const char* key : {"target_percent_of_lop", "reps", "rest_s", "max_set_s", "lop_mmhg",
                          "auto_sets", "hard_cap_mmhg", "max_inflation_s",
                          "lop_fast_ramp_mmhg_per_s", "lop_cap_mmhg", "inflate_timeout_s"}) {
    only_controller(key);
  }
  // Patterson 2019: 40-80 % LOP in practice; never above 100 % (full
  // occlusion is not BFR, and the controller refuses it).
  c.target_percent_of_lop = s.number_or("target_percent_of_lop", c.target_percent_of_lop, 1, 100,
                                        "must be 1-100 % of LOP");
  if (const toml::node* reps = s.find("reps")) {
    const auto* array = reps->as_array();
    if (array == nullptr || array->empty() ||
        array->size() > static_cast<std::size_t>(kScenarioMaxSets)) {
      s.fail("reps", "must be a list of 1-" + std::to_string(kScenarioMaxSets) +
                         " target reps, one per set");
    }
    c.reps.clear();
    for (const toml::node& n : *array) {
      const auto* v = n.as_integer();
      if (v == nullptr || v->get() < 1 || v->get() > 200) {
        s.fail("reps", "each set's target must be a whole number of 1-200 reps");
      }
      c.reps.push_back(static_cast<int>(v->get()));
    }
  }
  c.rest_s = s.number_or("rest_s", c.rest_s, 0, 600, "must be 0-600 s");
  c.max_set_s = s.number_or("max_set_s", c.max_set_s, 10, 600, "must be 10-600 s");
  c.lop_mmhg = s.number("lop_mmhg", 20, 300, "must be 20-300 mmHg");
  c.auto_sets = s.flag("auto_sets").value_or(c.auto_sets);
  // 300 mmHg is the absolute ceiling (manual LOP protocol, bfr-facts
  // section 1): a scenario may lower the caps, never raise them.
  c.hard_cap_mmhg = s.number_or("hard_cap_mmhg", c.hard_cap_mmhg, 50, 300, "must be 50-300 mmHg");
  c.max_inflation_s =
      s.number_or("max_inflation_s", c.max_inflation_s, 10, 3600, "must be 10-3600 s");
  c.lop_fast_ramp_mmhg_per_s = s.number_or("lop_fast_ramp_mmhg_per_s", c.lop_fast_ramp_mmhg_per_s,
                                           1, 20, "must be 1-20 mmHg/s");
  c.lop_cap_mmhg = s.number_or("lop_cap_mmhg", c.lop_cap_mmhg, 50, 300, "must be 50-300 mmHg");
  c.inflate_timeout_s =
      s.number_or("inflate_timeout_s", c.inflate_timeout_s, 1, 120, "must be 1-120 s");
}

constexpr std::array<std::pair<std::string_view, ScenarioEventKind>, 14> kEventKinds = {{
    {"measure_lop", ScenarioEventKind::kMeasureLop},
    {"start_exercise", ScenarioEventKind::kStartExercise},
    {"end_set", ScenarioEventKind::kEndSet},
    {"stop", ScenarioEventKind::kStop},
    {"emergency_stop", ScenarioEventKind::kEmergencyStop},
    {"reset", ScenarioEventKind::kReset},
    {"inflate_to", ScenarioEventKind::kInflateTo},
    {"deflate", ScenarioEventKind::kDeflate},
    {"vent", ScenarioEventKind::kVent},
    {"hold", ScenarioEventKind::kHold},
    {"contractions", ScenarioEventKind::kContractions},
    {"motion", ScenarioEventKind::kMotion},
    {"fault", ScenarioEventKind::kFault},
    {"clear_fault", ScenarioEventKind::kClearFault},
}};

bool is_manual_action(ScenarioEventKind kind) {
  return kind == ScenarioEventKind::kInflateTo || kind == ScenarioEventKind::kDeflate ||
         kind == ScenarioEventKind::kVent || kind == ScenarioEventKind::kHold;
}

FaultKind parse_fault_name(Section& s, std::string_view key) {
  const auto name = s.text(key);
  if (!name) s.fail(key, "is required");
  if (const auto kind = parse_fault_kind(*name)) return *kind;
  std::string names;
  for (const FaultKind k :
       {FaultKind::kSensorStuck, FaultKind::kSensorDrift, FaultKind::kPumpFailure,
        FaultKind::kVentStuckOpen, FaultKind::kVentStuckClosed, FaultKind::kBleedStuckClosed,
        FaultKind::kTubeDisconnect, FaultKind::kLeak, FaultKind::kPumpStuckOn,
        FaultKind::kSensorJump, FaultKind::kSensorRail}) {
    names += (names.empty() ? "" : ", ") + quoted(fault_name(k));
  }
  s.fail(key, "must be one of " + names);
}

ScenarioEvent parse_event(Section& s, const Scenario& scenario) {
  ScenarioEvent e;
  e.at_s = s.required_number("at_s", 0, 7200, "must be 0-7200 s");
  if (!(e.at_s < scenario.duration_s)) {
    s.fail("at_s", "must be before the end of the run (duration_s = " +
                       num_text(scenario.duration_s) + ")");
  }
  const auto kind = s.choice_in<ScenarioEventKind>("kind", kEventKinds);
  if (!kind) s.fail("kind", "is required");
  e.kind = *kind;

  const std::string mode = quoted(drive_mode_name(scenario.drive));
  if (is_controller_command(e.kind) && scenario.drive != DriveMode::kController) {
    s.fail("kind",
           "is a controller command: it needs [drive] mode = \"controller\" (this "
           "scenario's mode is " +
               mode + ")");
  }
  if (is_manual_action(e.kind) && scenario.drive != DriveMode::kManual) {
    s.fail("kind",
           "works the valves by hand: it needs [drive] mode = \"manual\" (this "
           "scenario's mode is " +
               mode + ")");
  }

  switch (e.kind) {
    case ScenarioEventKind::kInflateTo:
      // Up to the 300 mmHg ceiling of the manual LOP protocol (facts section 1).
      e.pressure_mmhg = s.required_number("pressure_mmhg", 5, 300, "must be 5-300 mmHg");
      break;
    case ScenarioEventKind::kDeflate:
      e.rate_mmhg_per_s = s.required_number("rate_mmhg_per_s", 0.5, 50, "must be 0.5-50 mmHg/s");
      break;
    case ScenarioEventKind::kContractions:
      e.reps = static_cast<int>(s.integer("reps", 1, 200, "must be 1-200 reps").value_or(0));
      if (e.reps == 0) s.fail("reps", "is required");
      e.period_s = s.number("period_s", 1, 20, "must be 1-20 s per rep");
      e.set_index = static_cast<int>(
          s.integer("set_index", 0, kScenarioMaxSets - 1,
                    "must be 0-" + std::to_string(kScenarioMaxSets - 1) + " (0 = first set)")
              .value_or(0));
      break;
    case ScenarioEventKind::kMotion: {
      e.motion.start_s = e.at_s;
      e.motion.amplitude_mmhg = s.number_or("amplitude_mmhg", e.motion.amplitude_mmhg, 0.01, 100,
                                            "must be above 0 and at most 100 mmHg");
      e.motion.duration_s =
          s.number_or("duration_s", e.motion.duration_s, 0.05, 600, "must be 0.05-600 s");
      e.motion.shape = s.choice<MotionShape>("shape", {{"impulse", MotionShape::kImpulse},
                                                       {"tremor", MotionShape::kTremor}})
                           .value_or(MotionShape::kImpulse);
      const auto frequency = s.number("frequency_hz", 0.1, 50, "must be 0.1-50 Hz");
      if (frequency && e.motion.shape != MotionShape::kTremor) {
        s.fail("frequency_hz", "applies only to shape = \"tremor\"");
      }
      if (frequency) e.motion.frequency_hz = *frequency;
      break;
    }
    case ScenarioEventKind::kFault: {
      e.fault.kind = parse_fault_name(s, "fault");
      const std::string name = quoted(fault_name(e.fault.kind));
      if (e.fault.kind == FaultKind::kLeak) {
        const auto v = s.number("value", 0.1, 500, "must be 0.1-500 mL/s at 100 mmHg");
        if (!v) s.fail("value", "is required for a leak: its size in mL/s at 100 mmHg");
        e.fault.value = *v;
      } else if (e.fault.kind == FaultKind::kSensorDrift) {
        const auto v = s.number("value", -20, 20, "must be -20 to 20 mmHg/s");
        if (!v || *v == 0) s.fail("value", "is required for sensor_drift: a non-zero mmHg/s");
        e.fault.value = *v;
      } else if (s.find("value") != nullptr) {
        s.fail("value", "fault " + name + " takes no value");
      }
      break;
    }
    case ScenarioEventKind::kClearFault:
      e.fault.kind = parse_fault_name(s, "fault");
      break;
    case ScenarioEventKind::kMeasureLop:
    case ScenarioEventKind::kStartExercise:
    case ScenarioEventKind::kEndSet:
    case ScenarioEventKind::kStop:
    case ScenarioEventKind::kEmergencyStop:
    case ScenarioEventKind::kReset:
    case ScenarioEventKind::kVent:
    case ScenarioEventKind::kHold:
      break;
  }
  s.finish();
  return e;
}

}  // namespace

std::string_view drive_mode_name(DriveMode mode) {
  switch (mode) {
    case DriveMode::kController:
      return "controller";
    case DriveMode::kManual:
      return "manual";
    case DriveMode::kNone:
      return "none";
  }
  return "unknown";
}

std::string_view event_kind_name(ScenarioEventKind kind) {
  for (const auto& [name, k] : kEventKinds) {
    if (k == kind) return name;
  }
  return "unknown";
}

bool is_controller_command(ScenarioEventKind kind) {
  switch (kind) {
    case ScenarioEventKind::kMeasureLop:
    case ScenarioEventKind::kStartExercise:
    case ScenarioEventKind::kEndSet:
    case ScenarioEventKind::kStop:
    case ScenarioEventKind::kEmergencyStop:
    case ScenarioEventKind::kReset:
      return true;
    default:
      return false;
  }
}

std::string_view segment_name(Segment segment) {
  return segment == Segment::kThigh ? "thigh" : "upper_arm";
}

std::string_view posture_name(Posture posture) {
  switch (posture) {
    case Posture::kSupine:
      return "supine";
    case Posture::kSeated:
      return "seated";
    case Posture::kStanding:
      return "standing";
  }
  return "unknown";
}

Scenario parse_scenario(std::string_view toml_text, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(std::string(source_name) + ":" + std::to_string(e.source().begin.line) +
                        ":" + std::to_string(e.source().begin.column) +
                        ": not valid TOML: " + std::string(e.description()));
  }

  Scenario out;
  out.source = std::string(source_name);
  Section top(out.source, "", root);

  const auto name = top.text("name");
  if (!name || name->empty()) top.fail("name", "is required (a non-empty string)");
  // The name heads trace files as a one-line comment.
  if (name->find_first_of("\r\n") != std::string::npos) top.fail("name", "must be one line");
  out.name = *name;
  out.description = top.text("description").value_or("");
  // Two hours covers any BFR session (15-20 min, facts section 1) many times
  // over and keeps a trace at 100 Hz under a million rows.
  out.duration_s =
      top.required_number("duration_s", 1e-3, 7200, "must be above 0 and at most 7200 s");
  out.seed = static_cast<std::uint64_t>(
      top.integer("seed", 0, std::numeric_limits<std::int64_t>::max(), "must be >= 0").value_or(1));
  out.model_rate_hz =
      top.number_or("model_rate_hz", out.model_rate_hz, 200, 10000, "must be 200-10000 Hz");

  // Drive first: it decides which events and keys are allowed.
  const toml::table* drive = top.subtable("drive");
  if (drive == nullptr)
    top.fail("drive", "is required: [drive] mode = \"controller\", \"manual\" or \"none\"");
  {
    Section s(out.source, "[drive]", *drive);
    const auto mode = s.choice<DriveMode>("mode", {{"controller", DriveMode::kController},
                                                   {"manual", DriveMode::kManual},
                                                   {"none", DriveMode::kNone}});
    if (!mode) s.fail("mode", "is required (\"controller\", \"manual\" or \"none\")");
    out.drive = *mode;
    parse_controller_settings(s, out);
    s.finish();
  }

  if (const toml::table* person = top.subtable("person")) {
    Section s(out.source, "[person]", *person);
    parse_person(s, out);
  } else {
    out.person = demo_person();
  }

  if (const toml::table* limb = top.subtable("limb")) {
    Section s(out.source, "[limb]", *limb);
    out.segment = s.choice<Segment>("segment",
                                    {{"thigh", Segment::kThigh}, {"upper_arm", Segment::kUpperArm}})
                      .value_or(Segment::kThigh);
    out.posture = s.choice<Posture>("posture", {{"supine", Posture::kSupine},
                                                {"seated", Posture::kSeated},
                                                {"standing", Posture::kStanding}})
                      .value_or(Posture::kSeated);
    s.finish();
  }

  // Default widths: the 11.5 cm Delfi thigh cuff (Hughes 2018) and a 13 cm
  // arm cuff, the wide one of Brown 2018 (facts section 3).
  out.cuff_width_cm = out.segment == Segment::kThigh ? 11.5 : 13.0;
  if (const toml::table* cuff = top.subtable("cuff")) {
    Section s(out.source, "[cuff]", *cuff);
    out.cuff_width_cm = s.number_or("width_cm", out.cuff_width_cm, 3, 30, "must be 3-30 cm");
    s.finish();
  }

  out.sensor = mpx5050_profile();
  if (const toml::table* sensor = top.subtable("sensor")) {
    Section s(out.source, "[sensor]", *sensor);
    out.sensor_name = s.text("profile").value_or("mpx5050");
    SensorProfile profile;
    if (!sensor_profile_by_name(out.sensor_name, 100, profile)) {
      s.fail("profile", "must be one of \"mpx5050\", \"hx710b\"");
    }
    // Each profile's own default rate: 100 Hz for the analog part, 40 for the HX710B.
    const double default_rate = out.sensor_name == "hx710b" ? 40 : 100;
    const double rate = s.number_or("rate_hz", default_rate, 10, 1000, "must be 10-1000 Hz");
    if (rate > out.model_rate_hz) {
      s.fail("rate_hz", "must not exceed model_rate_hz (" + num_text(out.model_rate_hz) + " Hz)");
    }
    sensor_profile_by_name(out.sensor_name, rate, out.sensor);
    out.sensor.noise_sd_mmhg =
        s.number_or("noise_sd_mmhg", out.sensor.noise_sd_mmhg, 0, 20, "must be 0-20 mmHg");
    out.sensor.offset_mmhg =
        s.number_or("offset_mmhg", out.sensor.offset_mmhg, -50, 50, "must be -50 to 50 mmHg");
    out.sensor.gain_error =
        s.number_or("gain_error", out.sensor.gain_error, -0.5, 0.5, "must be -0.5 to 0.5");
    out.sensor.lag_s = s.number_or("lag_s", out.sensor.lag_s, 0, 2, "must be 0-2 s");
    s.finish();
  }

  if (const toml::node* events = top.find("events")) {
    const auto* array = events->as_array();
    if (array == nullptr || !(array->empty() || array->is_array_of_tables())) {
      top.fail("events", "must be a list of tables, each written [[events]]");
    }
    bool lop_measured_before = false;
    for (std::size_t i = 0; i < array->size(); ++i) {
      Section s(out.source, "[[events]] #" + std::to_string(i + 1), *array->get(i)->as_table());
      ScenarioEvent e = parse_event(s, out);
      if (!out.events.empty() && e.at_s < out.events.back().at_s) {
        s.fail("at_s", "events must be in time order (the one before is at " +
                           num_text(out.events.back().at_s) + " s)");
      }
      if (e.kind == ScenarioEventKind::kStartExercise && !lop_measured_before &&
          !out.controller.lop_mmhg) {
        s.fail("kind",
               "start_exercise needs an LOP: add a measure_lop event before it or set "
               "[drive] lop_mmhg");
      }
      lop_measured_before = lop_measured_before || e.kind == ScenarioEventKind::kMeasureLop;
      out.events.push_back(e);
    }
  }
  top.finish();
  return out;
}

Scenario load_scenario(const std::string& path) {
  const std::string source = std::filesystem::path(path).filename().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path + ": cannot read the scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ScenarioError(path + ": cannot read the scenario file");
  return parse_scenario(text.str(), source);
}

}  // namespace bfr::sim

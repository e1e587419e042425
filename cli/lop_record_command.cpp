#include "cli/lop_record_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/clinic_cli_support.hpp"
#include "cli/console_observer.hpp"
#include "clinic/enum_text.hpp"
#include "clinic/lop_estimate.hpp"
#include "clinic/record_json.hpp"
#include "clinic/record_validation.hpp"
#include "clinic/session_runner.hpp"
#include "clinic/simulated_patient.hpp"
#include "clinic/timestamp.hpp"
#include "device/virtual_device.hpp"

namespace bfr::cli {

namespace {

// The estimate and its refusal are the clinic's (clinic/lop_estimate.hpp),
// shared with the web app; the caller sets posture, cuff and time.
clinic::LopMeasurement estimate(const clinic::Patient& patient, const clinic::Limb& limb,
                                double cuff_width_cm, int year) {
  const auto entry =
      clinic::estimate_lop(patient, limb, cuff_width_cm, clinic::Posture::kSeated, year, "");
  if (!entry.ok()) throw UsageError(entry.error);
  return entry.value->record;
}

}  // namespace

CLI::App* add_lop_record_command(CLI::App& lop, LopRecordOptions& o) {
  o.record = lop.add_subcommand(
      "record",
      "Store a LOP for a patient's limb, posture and cuff: --measure (on the simulated limb), "
      "--estimate (prediction equation, stored as an estimate) or --value (entered by hand)");
  o.record->add_option("patient", o.patient, "Patient id or exact name")->required();
  o.record->add_option("--limb", o.limb, "The limb (e.g. right_thigh)")->required();
  o.record->add_option("--posture", o.posture, "supine, seated (default) or standing")
      ->check(CLI::IsMember({"supine", "seated", "standing"}));
  o.record->add_option("--cuff-width-cm", o.cuff_width_cm, "Cuff width (default 11.5)");
  auto* measure = o.record->add_flag("--measure", o.measure, "Measure on the simulated limb");
  auto* estimated =
      o.record->add_flag("--estimate", o.estimate, "Estimate from the prediction equation");
  o.value_given = o.record->add_option("--value", o.value, "LOP in mmHg measured elsewhere");
  measure->excludes(estimated)->excludes(o.value_given);
  estimated->excludes(o.value_given);
  o.record->add_option("--quality", o.quality, "Quality 0-1 of a --value (default 1)");
  o.record->add_option("--seed", o.seed, "Seed of the simulated limb's noise (--measure)");
  o.record->add_option("--at", o.at, "When (UTC, 2025-03-03T09:00:00Z); default now");
  add_database_option(*o.record, o.database);
  o.record->add_flag("--json", o.json, "Print as JSON");
  return o.record;
}

int run_lop_record(const LopRecordOptions& o) {
  return with_usage_errors([&] {
    const int ways = (o.measure ? 1 : 0) + (o.estimate ? 1 : 0) + (o.value_given->count() ? 1 : 0);
    if (ways != 1) throw UsageError("give one of --measure, --estimate or --value");
    const std::chrono::sys_seconds at = time_arg(o.at);
    const clinic::Posture posture = parse_posture_arg(o.posture);
    const clinic::LimbKey key = parse_limb(o.limb);
    auto repository = open_existing_store(o.database);
    const clinic::Patient patient = find_patient(*repository, o.patient);
    const clinic::Limb limb = find_limb(*repository, patient, key);

    clinic::LopMeasurement m;
    if (o.measure) {
      if (!(o.cuff_width_cm >= 2 && o.cuff_width_cm <= 50)) {
        throw UsageError(fmt::format("--cuff-width-cm {} is outside 2-50 cm", o.cuff_width_cm));
      }
      device::VirtualDevice device(
          clinic::simulated_plant(patient, limb, posture, o.cuff_width_cm, year_of(at), o.seed),
          core::ControllerConfig{});
      ConsoleObserver observer(o.json ? stderr : stdout);
      clinic::SessionRunner runner(device, *repository, observer, clinic::Pacer{});
      m = runner.measure_lop(limb, posture, o.cuff_width_cm, clinic::format_utc_timestamp(at));
    } else {
      m = o.estimate ? estimate(patient, limb, o.cuff_width_cm, year_of(at))
                     : clinic::LopMeasurement{};
      m.limb_id = limb.id;
      if (!o.estimate) {
        m.method = clinic::LopMethod::kMeasured;
        m.lop_mmhg = o.value;
        m.quality = o.quality;
      }
      m.posture = posture;
      m.cuff_width_cm = o.cuff_width_cm;
      m.measured_at = clinic::format_utc_timestamp(at);
      try {
        clinic::validate_new_lop_measurement(m);
        m.id = repository->add_lop_measurement(m);
      } catch (const clinic::StorageError& e) {
        throw UsageError(e.what());
      }
    }
    if (o.json) {
      fmt::print("{}\n", to_json(m).dump(2));
    } else if (m.lop_mmhg) {
      fmt::print(
          "LOP {} {:.1f} mmHg on the {} of {}, {}, {:g} cm cuff (quality {:.2f}), stored as "
          "measurement {}\n",
          clinic::to_text(m.method), *m.lop_mmhg, o.limb, patient.display_name, o.posture,
          o.cuff_width_cm, m.quality, m.id);
      if (m.method == clinic::LopMethod::kEstimated) {
        fmt::print("An ESTIMATE from a population equation, not a measurement of this limb\n");
      }
    } else {
      fmt::print("No LOP: {} (stored as measurement {})\n", m.abort_reason, m.id);
    }
    return m.lop_mmhg ? 0 : 3;
  });
}

}  // namespace bfr::cli

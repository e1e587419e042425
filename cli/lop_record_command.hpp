#pragma once
// `bfr lop record PATIENT --limb L --posture P`: a LOP for the patient's
// limb, in a posture and with a cuff width, stored for prescriptions:
//  --measure   measured by the real controller on the simulated limb built
//              from the patient record (clinic/simulated_patient.hpp);
//  --estimate  predicted from the published equation (core/lop_prediction.hpp)
//              from the patient's age, sex, resting systolic pressure and the
//              limb's circumference; stored as an estimate, quality = the
//              equation's R^2;
//  --value X   a value measured elsewhere (a Doppler, another device),
//              entered by hand, with --quality.

#include <cstdint>
#include <string>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace bfr::cli {

struct LopRecordOptions {
  std::string database;
  bool json = false;
  std::string patient;
  std::string limb;
  std::string posture = "seated";
  double cuff_width_cm = 11.5;
  bool measure = false;
  bool estimate = false;
  double value = 0;
  double quality = 1;
  std::uint64_t seed = 1;
  std::string at;
  CLI::App* record = nullptr;
  CLI::Option* value_given = nullptr;
};

CLI::App* add_lop_record_command(CLI::App& lop, LopRecordOptions& options);
// 0 with a stored value, 3 when the measurement or estimate gave none (a
// failed measurement is stored with its reason), 2 for bad input.
int run_lop_record(const LopRecordOptions& options);

}  // namespace bfr::cli

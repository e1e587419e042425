#include "clinic_cli_fixture.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace bfr::clinic::testing {

bfr::testing::CommandResult ClinicCliTest::bfr(std::vector<std::string> args, int expected) {
  args.push_back("--db");
  args.push_back(store_->url());
  bfr::testing::CommandResult r = bfr::testing::run_bfr(args);
  EXPECT_EQ(r.exit_code, expected) << fmt::format("bfr {}\n", fmt::join(args, " ")) << r.err;
  return r;
}

nlohmann::json ClinicCliTest::json(std::vector<std::string> args) {
  args.push_back("--json");
  const bfr::testing::CommandResult r = bfr(std::move(args));
  try {
    return nlohmann::json::parse(r.out);
  } catch (const nlohmann::json::parse_error&) {
    ADD_FAILURE() << "not JSON: " << r.out;
    return nlohmann::json{};
  }
}

std::string ClinicCliTest::add_patient(const std::string& name) {
  return std::to_string(
      json({"patient", "add", "--name", name, "--birth-year", "1982", "--sex", "female", "--sbp",
            "122", "--dbp", "78", "--hr", "64", "--limb", "right_thigh:54"})["id"]
          .get<std::int64_t>());
}

nlohmann::json ClinicCliTest::template_json(const std::string& name) {
  const bfr::testing::CommandResult r = bfr::testing::run_bfr({"program", "show", name, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

std::string march_2025(int day, int hour) {
  return fmt::format("2025-03-{:02}T{:02}:00:00Z", 3 + day, hour);
}

}  // namespace bfr::clinic::testing

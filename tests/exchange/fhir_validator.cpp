#include "tests/exchange/fhir_validator.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/cli/command_runner.hpp"

namespace bfr::testing {
namespace {

const std::filesystem::path kToolDir = OPENBFR_FHIR_VALIDATE_DIR;

}  // namespace

::testing::AssertionResult fhir_validator_installed() {
  if (std::system("command -v node >/dev/null 2>&1") != 0) {
    return ::testing::AssertionFailure() << "node is not on PATH: install Node.js 20.19 or later";
  }
  if (!std::filesystem::exists(kToolDir / "node_modules" / "@medplum" / "core") ||
      !std::filesystem::exists(kToolDir / "node_modules" / "@medplum" / "definitions")) {
    return ::testing::AssertionFailure()
           << "the FHIR validator is not installed: run `npm ci --prefix tools/fhir-validate`";
  }
  return ::testing::AssertionSuccess();
}

Validation validate_fhir(const nlohmann::json& bundle) {
  TempDir dir;
  const auto file = dir.path() / "bundle.json";
  std::ofstream(file) << bundle.dump(2);
  const std::string command =
      "node '" + (kToolDir / "validate.mjs").string() + "' --quiet '" + file.string() + "' 2>&1";
  Validation v;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return v;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    v.output.append(buffer, n);
  const int status = pclose(pipe);
  v.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return v;
}

}  // namespace bfr::testing

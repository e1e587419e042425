// LeakSanitizer asks the binary for default suppressions through this hook;
// outside a sanitizer build nothing calls it.

#include "tests/report/lsan_suppressions.hpp"

extern "C" const char* __lsan_default_suppressions();
extern "C" const char* __lsan_default_suppressions() {
  return bfr::testing::kFontconfigLeakSuppressions;
}

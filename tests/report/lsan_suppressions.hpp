#pragma once
// fontconfig (which cairo's text uses) keeps its font cache for the life of
// the process and never frees it; LeakSanitizer in the sanitizer build would
// report that as a leak of ours. These suppress exactly that library.

namespace bfr::testing {

inline constexpr const char* kFontconfigLeakSuppressions = "leak:libfontconfig.so\n";

}  // namespace bfr::testing

#include "server/web_dir.hpp"

#include <filesystem>
#include <system_error>
#include <vector>

namespace bfr::server {

std::string default_web_dir() {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  std::vector<fs::path> candidates{fs::path(OPENBFR_SOURCE_WEB_DIST)};
  if (!error) candidates.push_back(executable.parent_path() / ".." / "share" / "openbfr" / "web");
  for (const fs::path& candidate : candidates) {
    if (fs::exists(candidate / "index.html", error)) return candidate.lexically_normal().string();
  }
  return {};
}

}  // namespace bfr::server

#pragma once
// Runs the real `bfr` binary and captures its exit code and output.

#include <filesystem>
#include <string>
#include <vector>

namespace bfr::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CommandResult run_bfr(const std::vector<std::string>& args);

// True when `what` appears anywhere in `text` (a command's output).
inline bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace bfr::testing

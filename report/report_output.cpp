#include "report/report_output.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "report/html_renderer.hpp"
#include "report/pdf_renderer.hpp"

namespace bfr::report {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, int error) {
  throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(error)));
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, const std::string& bytes) {
  if (path.empty()) throw std::runtime_error("cannot write a report to an empty file name");
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::string pattern = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) fail(path, errno);
  const std::string temp(name.data());
  auto give_up = [&](int error) {
    ::close(fd);
    ::unlink(temp.c_str());
    fail(path, error);
  };
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      give_up(errno);
    }
    written += static_cast<std::size_t>(n);
  }
  // mkstemp creates the file 0600; a report is an ordinary document.
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) give_up(errno);
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(path, error);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(path, error);
  }
}

void write_report(const ReportDocument& doc, ReportFormat format,
                  const std::filesystem::path& path) {
  const std::string bytes = format == ReportFormat::kPdf ? render_pdf(doc).bytes : render_html(doc);
  write_file_atomically(path, bytes);
}

}  // namespace bfr::report

#pragma once
// Writing a rendered report to a file without ever leaving half a file: the
// bytes go to a temporary file beside the target, which is renamed over it
// only when complete.

#include <filesystem>
#include <string>

#include "report/report_document.hpp"

namespace bfr::report {

enum class ReportFormat { kPdf, kHtml };

// Throws std::runtime_error naming the file and the reason; the target is
// then untouched and no temporary file is left.
void write_file_atomically(const std::filesystem::path& path, const std::string& bytes);

void write_report(const ReportDocument& doc, ReportFormat format,
                  const std::filesystem::path& path);

}  // namespace bfr::report

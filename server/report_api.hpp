#pragma once
// Reports for the web app: the same session and progress reports as
// `bfr report` (docs/REPORTS.md), rendered in memory for a download.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "clinic/repository.hpp"
#include "report/report_output.hpp"

namespace bfr::server {

// A progress report covers this many weeks up to now unless asked
// otherwise; as `bfr report progress`.
inline constexpr int kDefaultReportWeeks = 12;
inline constexpr int kMaxReportWeeks = 520;

struct ReportFile {
  std::string bytes;
  std::string content_type;  // application/pdf or text/html; charset=utf-8
  std::string filename;      // for Content-Disposition
};

// "pdf" or "html"; nothing for anything else.
std::optional<report::ReportFormat> report_format_named(std::string_view name);

// Throw report::ReportError when the session or patient is not stored or
// its records cannot be read into a report.
ReportFile session_report_file(clinic::Repository& repository, std::int64_t session_id,
                               report::ReportFormat format);
ReportFile progress_report_file(clinic::Repository& repository, std::int64_t patient_id, int weeks,
                                report::ReportFormat format);

}  // namespace bfr::server

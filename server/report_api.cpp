#include "server/report_api.hpp"

#include <fmt/format.h>

#include "clinic/timestamp.hpp"
#include "report/html_renderer.hpp"
#include "report/pdf_renderer.hpp"
#include "report/progress_report.hpp"
#include "report/report_loader.hpp"
#include "report/session_report.hpp"

namespace bfr::server {
namespace {

ReportFile rendered(const report::ReportDocument& doc, report::ReportFormat format,
                    const std::string& stem) {
  if (format == report::ReportFormat::kPdf) {
    return {report::render_pdf(doc).bytes, "application/pdf", stem + ".pdf"};
  }
  return {report::render_html(doc), "text/html; charset=utf-8", stem + ".html"};
}

}  // namespace

std::optional<report::ReportFormat> report_format_named(std::string_view name) {
  if (name == "pdf") return report::ReportFormat::kPdf;
  if (name == "html") return report::ReportFormat::kHtml;
  return std::nullopt;
}

ReportFile session_report_file(clinic::Repository& repository, std::int64_t session_id,
                               report::ReportFormat format) {
  const auto data = report::load_session_report(repository, session_id);
  return rendered(report::session_report(data, clinic::utc_timestamp_now()), format,
                  fmt::format("openbfr-session-{}", session_id));
}

ReportFile progress_report_file(clinic::Repository& repository, std::int64_t patient_id, int weeks,
                                report::ReportFormat format) {
  const auto data = report::load_progress_report(repository, patient_id, weeks,
                                                 report::progress_period_end_now());
  return rendered(report::progress_report(data, clinic::utc_timestamp_now()), format,
                  fmt::format("openbfr-progress-{}", patient_id));
}

}  // namespace bfr::server

#pragma once
// `bfr report session ID` and `bfr report progress PATIENT_ID`: the session
// and progress reports (docs/REPORTS.md) as PDF or self-contained HTML. The
// file appears complete or not at all.

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

// Project choice: twelve weeks, about one rehabilitation phase.
inline constexpr int kDefaultProgressWeeks = 12;
inline constexpr int kMaxProgressWeeks = 520;

struct ReportOptions {
  std::string database;
  std::int64_t id = 0;  // session id, or patient id for the progress report
  std::string pdf;      // exactly one of pdf and html is set
  std::string html;
  int weeks = kDefaultProgressWeeks;  // progress report only
};

struct ReportCommands {
  CLI::App* session = nullptr;
  CLI::App* progress = nullptr;
};

// Adds `report` with `session` and `progress` under `app`; a missing id or
// output, or both --pdf and --html, is a usage error (exit 2).
ReportCommands add_report_command(CLI::App& app, ReportOptions& session, ReportOptions& progress);

// 0 when written; 1 on an unknown id or a file that cannot be written.
int run_report_session(const ReportOptions& options);
int run_report_progress(const ReportOptions& options);

}  // namespace bfr::cli

#pragma once
// The progress report of one patient over weeks: LOP over time, load, reps
// and restriction time per session, and adherence (sessions per week against
// the planned frequency when it is known).

#include <string>
#include <vector>

#include "report/report_data.hpp"
#include "report/report_document.hpp"

namespace bfr::report {

// Sessions in each week of the period, first week first.
std::vector<int> sessions_per_week(const ProgressReportData& data);

// `generated_at` goes in the footer (ISO 8601 UTC).
ReportDocument progress_report(const ProgressReportData& data, const std::string& generated_at);

}  // namespace bfr::report

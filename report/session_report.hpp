#pragma once
// The session report: who and which limb, screening, LOP, prescription, the
// per-set target/actual table, the pressure trace with its target band, time
// in band, restriction time, alarms, events and symptoms.

#include <string>

#include "report/report_data.hpp"
#include "report/report_document.hpp"

namespace bfr::report {

// `generated_at` goes in the footer (ISO 8601 UTC).
ReportDocument session_report(const SessionReportData& data, const std::string& generated_at);

}  // namespace bfr::report

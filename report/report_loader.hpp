#pragma once
// Gathers report data from the clinic store: the session with its sets (and
// the load, RPE and pain entered for them), trace, events and symptoms, the
// patient's newest screening with its overrides for the session's limb, and
// the prescription of the programme phase the session was recorded under.
// What the store does not hold stays empty in the data.

#include <chrono>
#include <cstdint>
#include <stdexcept>

#include "clinic/repository.hpp"
#include "report/report_data.hpp"

namespace bfr::report {

// An unknown session or patient, or a record that points at nothing.
class ReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

SessionReportData load_session_report(clinic::Repository& repo, std::int64_t session_id);

// The patient's sessions that started in the `weeks` weeks before `end`.
ProgressReportData load_progress_report(clinic::Repository& repo, std::int64_t patient_id,
                                        int weeks, std::chrono::sys_seconds end);

// The end of a progress report's period made now: after the current second,
// so that a session begun in this very second is in it.
std::chrono::sys_seconds progress_period_end_now();

}  // namespace bfr::report

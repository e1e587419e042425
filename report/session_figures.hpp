#pragma once
// Figures the session report derives from the stored trace and sets.

#include <optional>
#include <vector>

#include "clinic/records.hpp"
#include "report/plot.hpp"
#include "report/report_data.hpp"

namespace bfr::report {

// The target band is +-10 % of target, as in each set's time in band
// (clinic/set_statistics.hpp; bfr-facts section 2, Swain 2025).
inline constexpr double kBandShare = 0.10;

// Share of the trace samples inside sets that lie within the band; from the
// sets' own figures weighted by duration when the trace has no set samples;
// nullopt when there is neither.
std::optional<double> overall_time_in_band(const std::vector<clinic::TraceSample>& trace,
                                           const std::vector<SessionSet>& sets);

// The pressure trace with its target band and the sets marked.
PlotSpec pressure_trace_plot(const SessionReportData& data);

}  // namespace bfr::report

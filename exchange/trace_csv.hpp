#pragma once
// The raw pressure trace as CSV, units in the column names:
//   t_s,cuff_mmhg,target_mmhg,phase,phase_name,set_index
// Doubles are written in their shortest form that reads back to the same
// value, so write -> read gives back exactly the stored samples. `phase` is
// the controller phase's number (what the store keeps) and `phase_name` its
// name for readers; set_index is -1 outside a set.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/records.hpp"

namespace bfr::exchange {

class TraceCsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr std::string_view kTraceHeader =
    "t_s,cuff_mmhg,target_mmhg,phase,phase_name,set_index";

std::string trace_csv(const std::vector<clinic::TraceSample>& samples);

// Reads a file written by trace_csv. A trace is read whole or not at all: any
// bad line throws TraceCsvError naming the line, and nothing is returned.
std::vector<clinic::TraceSample> read_trace_csv(std::string_view text);

}  // namespace bfr::exchange

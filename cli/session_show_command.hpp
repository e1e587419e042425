#pragma once
// `bfr session show ID`: a stored session read back with its sets, events
// and (optionally written to CSV) its full pressure trace.

#include <cstdint>
#include <string>

namespace bfr::cli {

struct SessionShowOptions {
  std::string database;
  std::int64_t session_id = 0;
  std::string trace_csv;  // write the trace here when set
  bool json = false;
};

int run_session_show(const SessionShowOptions& options);

}  // namespace bfr::cli

#include "exchange/trace_csv.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/events.hpp"
#include "exchange/csv.hpp"

namespace bfr::exchange {
namespace {

constexpr int kLastPhase = static_cast<int>(core::Phase::kSafeState);

std::string phase_name(int phase) {
  if (phase < 0 || phase > kLastPhase) return "unknown";
  return core::to_string(static_cast<core::Phase>(phase));
}

template <typename T>
T read_value(const std::string& text, int line, std::string_view column) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc{} || stop != end) {
    throw TraceCsvError(fmt::format("line {}: {} '{}' is not a number", line, column, text));
  }
  return value;
}

}  // namespace

std::string trace_csv(const std::vector<clinic::TraceSample>& samples) {
  std::string out = std::string(kTraceHeader) + "\n";
  for (const auto& s : samples) {
    // "{}" is the shortest text that reads back as the same double.
    out += fmt::format("{},{},{},{},{},{}\n", s.t_s, s.cuff_mmhg, s.target_mmhg, s.phase,
                       phase_name(s.phase), s.set_index);
  }
  return out;
}

std::vector<clinic::TraceSample> read_trace_csv(std::string_view text) {
  const std::vector<CsvRecord> records = read_csv(text);
  if (records.empty() ||
      csv_row(records.front().fields, Quoting::kWhenNeeded) != std::string(kTraceHeader) + "\n") {
    throw TraceCsvError(fmt::format("not a trace: the first line must be '{}'", kTraceHeader));
  }
  std::vector<clinic::TraceSample> samples;
  samples.reserve(records.size() - 1);
  for (std::size_t i = 1; i < records.size(); ++i) {
    const CsvRecord& r = records[i];
    if (!r.error.empty()) throw TraceCsvError(fmt::format("line {}: {}", r.line, r.error));
    if (r.fields.size() != 6) {
      throw TraceCsvError(
          fmt::format("line {}: {} fields where a trace has 6", r.line, r.fields.size()));
    }
    clinic::TraceSample s;
    s.t_s = read_value<double>(r.fields[0], r.line, "t_s");
    s.cuff_mmhg = read_value<double>(r.fields[1], r.line, "cuff_mmhg");
    s.target_mmhg = read_value<double>(r.fields[2], r.line, "target_mmhg");
    s.phase = read_value<int>(r.fields[3], r.line, "phase");
    // phase_name (fields[4]) is for people; the number is what is stored.
    s.set_index = read_value<int>(r.fields[5], r.line, "set_index");
    samples.push_back(s);
  }
  return samples;
}

}  // namespace bfr::exchange

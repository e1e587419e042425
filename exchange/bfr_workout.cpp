#include "exchange/bfr_workout.hpp"

#include <fmt/format.h>

#include <cmath>

#include "clinic/enum_text.hpp"
#include "exchange/date_text.hpp"
#include "exchange/limb_names.hpp"

namespace bfr::exchange {
namespace {

std::string percent(double fraction) {
  return fmt::format("{:.0f} %", fraction * 100);
}

std::string lop_text(const clinic::LopMeasurement& lop) {
  if (!lop.lop_mmhg) return fmt::format("LOP not obtained ({})", lop.abort_reason);
  return fmt::format("LOP {:.0f} mmHg {} {}, {:g} cm cuff", *lop.lop_mmhg,
                     clinic::to_text(lop.method), clinic::to_text(lop.posture), lop.cuff_width_cm);
}

// "BFR 148 mmHg (80 % LOP), right thigh": the prescription in one phrase.
std::string restriction_text(const BfrSessionInput& input) {
  std::string text = fmt::format("BFR {:.0f} mmHg ({} LOP)", input.session.target_mmhg,
                                 percent(input.session.target_fraction));
  if (input.limb) text += ", " + limb_text(*input.limb);
  return text;
}

std::string session_description(const BfrSessionInput& input) {
  const auto& s = input.session;
  std::string text = fmt::format("OpenBFR session {}: {}", s.id, restriction_text(input));
  if (input.lop) text += "; " + lop_text(*input.lop);
  text += fmt::format("; {:.1f} min under restriction; ended: {}", s.total_restriction_s / 60,
                      s.stop_reason.empty() ? "unknown" : s.stop_reason);
  return text;
}

std::string exercise_notes(const BfrSessionInput& input) {
  std::string text = restriction_text(input) + "; time in band by set:";
  for (std::size_t i = 0; i < input.sets.size(); ++i) {
    text += fmt::format("{} {}", i == 0 ? "" : ",", percent(input.sets[i].time_in_band_fraction));
  }
  return text;
}

std::string set_notes(const BfrSessionInput& input, const clinic::SetRecord& set) {
  return fmt::format(
      "{}; {}/{} reps; {} of the set in band; cuff mean {:.0f}, peak {:.0f}, min {:.0f} mmHg",
      restriction_text(input), set.actual_reps, set.target_reps, percent(set.time_in_band_fraction),
      set.mean_mmhg, set.peak_mmhg, set.min_mmhg);
}

}  // namespace

std::chrono::sys_seconds parse_store_timestamp(const std::string& text) {
  const auto time = parse_store_time(text);
  if (!time) {
    throw ExportError(fmt::format("'{}' is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)", text));
  }
  return *time;
}

Workout workout_from_session(const BfrSessionInput& input) {
  const auto& s = input.session;
  if (s.ended_at.empty()) {
    throw ExportError(fmt::format("session {} has not finished: nothing to export yet", s.id));
  }
  if (!input.load_kg.empty() && input.load_kg.size() != input.sets.size()) {
    throw ExportError(fmt::format("session {}: {} loads given for {} sets", s.id,
                                  input.load_kg.size(), input.sets.size()));
  }
  Workout w;
  w.title = "BFR " + s.exercise;
  w.start = parse_store_timestamp(s.started_at);
  w.end = parse_store_timestamp(s.ended_at);
  w.description = session_description(input);
  w.exercise = s.exercise;
  w.exercise_notes = exercise_notes(input);
  for (std::size_t i = 0; i < input.sets.size(); ++i) {
    const clinic::SetRecord& set = input.sets[i];
    WorkoutSet out;
    out.set_index = set.set_index;
    out.reps = set.actual_reps;
    out.duration_s = static_cast<int>(std::lround(set.duration_s));
    // A load given for the export wins over the one entered with the set.
    out.weight_kg = input.load_kg.empty() ? set.load_kg : input.load_kg[i];
    if (out.weight_kg && !(std::isfinite(*out.weight_kg) && *out.weight_kg >= 0)) {
      throw ExportError(fmt::format("session {} set {}: load {} kg is not a weight", s.id,
                                    set.set_index, *out.weight_kg));
    }
    out.notes = set_notes(input, set);
    w.sets.push_back(std::move(out));
  }
  return w;
}

}  // namespace bfr::exchange

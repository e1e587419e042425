#include "exchange/history_import.hpp"

namespace bfr::exchange {

std::vector<OneRmEstimate> best_one_rep_max(const std::vector<ImportedSet>& sets,
                                            clinic::OneRmEquation equation) {
  std::map<std::string, OneRmEstimate, std::less<>> best;
  for (const ImportedSet& s : sets) {
    // A set without a load or with zero load says nothing about strength;
    // sets beyond kMaxTestReps are outside the equations' range.
    if (!s.weight_kg || *s.weight_kg <= 0 || !s.reps || *s.reps < 1 ||
        *s.reps > clinic::kMaxTestReps) {
      continue;
    }
    const auto estimate = clinic::estimate_one_rep_max(*s.weight_kg, *s.reps, equation);
    if (!estimate.ok()) continue;
    const auto found = best.find(s.exercise);
    if (found == best.end() || *estimate.value > found->second.one_rep_max_kg) {
      best[s.exercise] = {s.exercise, *estimate.value, *s.weight_kg, *s.reps, s.line, s.start};
    }
  }
  std::vector<OneRmEstimate> out;
  for (auto& [name, estimate] : best) out.push_back(std::move(estimate));
  return out;
}

}  // namespace bfr::exchange

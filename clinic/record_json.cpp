#include "clinic/record_json.hpp"

#include "clinic/enum_text.hpp"

namespace bfr::clinic {
namespace {
template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json to_json(const Patient& p) {
  return {{"id", p.id},
          {"display_name", p.display_name},
          {"birth_year", p.birth_year},
          {"sex", to_text(p.sex)},
          {"resting_sbp_mmhg", p.resting_sbp_mmhg},
          {"resting_dbp_mmhg", p.resting_dbp_mmhg},
          {"resting_hr_bpm", p.resting_hr_bpm},
          {"notes", p.notes},
          {"created_at", p.created_at}};
}

nlohmann::json to_json(const Limb& l) {
  return {{"id", l.id},
          {"patient_id", l.patient_id},
          {"side", to_text(l.side)},
          {"segment", to_text(l.segment)},
          {"circumference_cm", l.circumference_cm}};
}

nlohmann::json to_json(const LopMeasurement& m) {
  return {{"id", m.id},
          {"limb_id", m.limb_id},
          {"measured_at", m.measured_at},
          {"method", to_text(m.method)},
          {"lop_mmhg", or_null(m.lop_mmhg)},
          {"quality", m.quality},
          {"posture", to_text(m.posture)},
          {"cuff_width_cm", m.cuff_width_cm},
          {"heart_rate_bpm", or_null(m.heart_rate_bpm)},
          {"simulation_true_lop_mmhg", or_null(m.sim_true_lop_mmhg)},
          {"abort_reason", m.abort_reason},
          {"trace_id", or_null(m.trace_id)}};
}

nlohmann::json to_json(const SessionRecord& s) {
  return {{"id", s.id},
          {"patient_id", s.patient_id},
          {"limb_id", s.limb_id},
          {"lop_measurement_id", or_null(s.lop_measurement_id)},
          {"started_at", s.started_at},
          {"ended_at", s.ended_at},
          {"exercise", s.exercise},
          {"device", s.device},
          {"target_fraction", s.target_fraction},
          {"target_mmhg", s.target_mmhg},
          {"rest_s", s.rest_s},
          {"total_restriction_s", s.total_restriction_s},
          {"stop_reason", s.stop_reason},
          {"trace_id", or_null(s.trace_id)}};
}

nlohmann::json to_json(const SetRecord& s) {
  // What was not entered is null, so a reader tells "not recorded" from 0.
  const auto or_null = [](const auto& value) -> nlohmann::json {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  };
  return {{"set_index", s.set_index},
          {"target_reps", s.target_reps},
          {"actual_reps", s.actual_reps},
          {"started_s", s.started_s},
          {"duration_s", s.duration_s},
          {"rest_after_s", s.rest_after_s},
          {"time_in_band_fraction", s.time_in_band_fraction},
          {"peak_mmhg", s.peak_mmhg},
          {"mean_mmhg", s.mean_mmhg},
          {"min_mmhg", s.min_mmhg},
          {"load_kg", or_null(s.load_kg)},
          {"rpe_cr10", or_null(s.rpe_cr10)},
          {"pain_0_10", or_null(s.pain_0_10)}};
}

nlohmann::json to_json(const EventRecord& e) {
  return {{"t_s", e.t_s}, {"kind", e.kind}, {"detail", e.detail}};
}

}  // namespace bfr::clinic

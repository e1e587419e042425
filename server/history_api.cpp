#include "server/history_api.hpp"

#include <fmt/format.h>

#include "clinic/enum_text.hpp"
#include "server/api_error.hpp"

namespace bfr::server::history_api {

namespace {

using nlohmann::json;

json optional_json(const auto& value) {
  return value ? json(*value) : json(nullptr);
}

std::string limb_name(const clinic::Limb& limb) {
  return fmt::format("{}_{}", clinic::to_text(limb.side), clinic::to_text(limb.segment));
}

std::string limb_of(clinic::Repository& repository, const clinic::SessionRecord& session) {
  for (const clinic::Limb& limb : repository.limbs_of(session.patient_id)) {
    if (limb.id == session.limb_id) return limb_name(limb);
  }
  return {};
}

}  // namespace

json set_json(const clinic::SetRecord& set) {
  return {{"set", set.set_index + 1},
          {"target_reps", set.target_reps},
          {"actual_reps", set.actual_reps},
          {"started_s", set.started_s},
          {"duration_s", set.duration_s},
          {"rest_after_s", set.rest_after_s},
          {"time_in_band_fraction", set.time_in_band_fraction},
          {"peak_mmhg", set.peak_mmhg},
          {"mean_mmhg", set.mean_mmhg},
          {"min_mmhg", set.min_mmhg},
          {"load_kg", optional_json(set.load_kg)},
          {"rpe_cr10", optional_json(set.rpe_cr10)},
          {"pain_0_10", optional_json(set.pain_0_10)}};
}

json lop_json(const clinic::Limb& limb, const clinic::LopMeasurement& m) {
  return {{"id", m.id},
          {"limb", limb_name(limb)},
          {"measured_at", m.measured_at},
          {"method", clinic::to_text(m.method)},
          {"lop_mmhg", optional_json(m.lop_mmhg)},
          {"quality", m.quality},
          {"posture", clinic::to_text(m.posture)},
          {"cuff_width_cm", m.cuff_width_cm},
          {"heart_rate_bpm", optional_json(m.heart_rate_bpm)},
          {"abort_reason", m.abort_reason},
          {"trace_id", optional_json(m.trace_id)}};
}

json session_json(clinic::Repository& repository, const clinic::SessionRecord& s) {
  json sets = json::array();
  int reps = 0;
  int target = 0;
  double volume_kg = 0;
  for (const clinic::SetRecord& set : repository.sets_of(s.id)) {
    sets.push_back(set_json(set));
    reps += set.actual_reps;
    target += set.target_reps;
    volume_kg += set.load_kg.value_or(0) * set.actual_reps;
  }
  json symptoms = json::array();
  for (const clinic::SymptomRecord& symptom : repository.symptoms_of(s.id)) {
    symptoms.push_back({{"symptom", symptom.symptom},
                        {"severity", symptom.severity},
                        {"noted_at", symptom.noted_at},
                        {"note", symptom.note}});
  }
  return {{"id", s.id},
          {"patient_id", s.patient_id},
          {"limb", limb_of(repository, s)},
          {"lop_measurement_id", optional_json(s.lop_measurement_id)},
          {"started_at", s.started_at},
          {"ended_at", s.ended_at},
          {"exercise", s.exercise},
          {"device", s.device},
          {"target_fraction", s.target_fraction},
          {"target_mmhg", s.target_mmhg},
          {"rest_s", s.rest_s},
          {"total_restriction_s", s.total_restriction_s},
          {"stop_reason", s.stop_reason},
          {"trace_id", optional_json(s.trace_id)},
          {"reps", reps},
          {"target_reps", target},
          {"volume_kg", volume_kg},
          {"sets", sets},
          {"symptoms", symptoms}};
}

json patient_sessions(clinic::Repository& repository, std::int64_t patient_id) {
  if (!repository.get_patient(patient_id)) {
    throw ApiError(404, fmt::format("no patient with id {}", patient_id));
  }
  json list = json::array();
  for (const clinic::SessionRecord& s : repository.sessions_of(patient_id)) {
    list.push_back(session_json(repository, s));
  }
  return list;
}

json session_detail(clinic::Repository& repository, std::int64_t session_id) {
  const auto session = repository.get_session(session_id);
  if (!session) throw ApiError(404, fmt::format("no session with id {}", session_id));
  json answer = session_json(repository, *session);
  json events = json::array();
  for (const clinic::EventRecord& e : repository.events_of(session_id)) {
    events.push_back({{"t_s", e.t_s}, {"kind", e.kind}, {"detail", e.detail}});
  }
  answer["events"] = events;
  json t = json::array(), cuff = json::array(), target = json::array(), phase = json::array(),
       set = json::array();
  if (session->trace_id) {
    for (const clinic::TraceSample& sample : repository.load_trace(*session->trace_id)) {
      t.push_back(sample.t_s);
      cuff.push_back(sample.cuff_mmhg);
      target.push_back(sample.target_mmhg);
      phase.push_back(sample.phase);
      set.push_back(sample.set_index);
    }
  }
  answer["trace"] = {{"t_s", t},
                     {"cuff_mmhg", cuff},
                     {"target_mmhg", target},
                     {"phase", phase},
                     {"set_index", set}};
  return answer;
}

}  // namespace bfr::server::history_api

#include "server/history_api.hpp"

#include <fmt/format.h>

#include "clinic/enum_text.hpp"
#include "clinic/record_json.hpp"
#include "server/api_error.hpp"

namespace bfr::server::history_api {

namespace {

using nlohmann::json;

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
  json j = clinic::to_json(set);
  j["set"] = set.set_index + 1;  // as the pages number them
  return j;
}

json lop_json(const clinic::Limb& limb, const clinic::LopMeasurement& m) {
  json j = clinic::to_json(m);
  j["limb"] = limb_name(limb);
  return j;
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
  json j = clinic::to_json(s);
  j["limb"] = limb_of(repository, s);
  j["reps"] = reps;
  j["target_reps"] = target;
  j["volume_kg"] = volume_kg;
  j["sets"] = sets;
  j["symptoms"] = symptoms;
  return j;
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
    events.push_back(clinic::to_json(e));
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

#include "exchange/fhir_bundle.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "clinic/enum_text.hpp"
#include "clinic/timestamp.hpp"
#include "exchange/fhir_ids.hpp"
#include "exchange/fhir_json.hpp"
#include "exchange/fhir_screening.hpp"
#include "exchange/limb_names.hpp"

namespace bfr::exchange {
namespace {

using nlohmann::json;

// bfr-facts §5: vital-signs profiles and their LOINC codes.
constexpr std::string_view kBpProfile = "http://hl7.org/fhir/StructureDefinition/bp";
constexpr std::string_view kHeartRateProfile = "http://hl7.org/fhir/StructureDefinition/heartrate";

// bfr-facts §5 names SNOMED CT 229065009 for the session; its display
// "Exercise therapy" is as tx.fhir.org expands it (SNOMED CT International,
// 2025-02), docs/EXPORTS.md.
constexpr std::string_view kExerciseTherapyCode = "229065009";
constexpr std::string_view kExerciseTherapyDisplay = "Exercise therapy";

// A store timestamp checked before it goes out as a FHIR dateTime (the two
// formats agree: "YYYY-MM-DDTHH:MM:SSZ").
std::string date_time(const std::string& store_time) {
  parse_store_timestamp(store_time);  // throws ExportError when malformed
  return store_time;
}

std::string seconds_after(const std::string& store_time, double seconds) {
  return clinic::format_utc_timestamp(parse_store_timestamp(store_time) +
                                      std::chrono::seconds{std::llround(seconds)});
}

json entry(const std::string& uuid, json resource) {
  resource["id"] = uuid;
  return {{"fullUrl", urn_uuid(uuid)}, {"resource", std::move(resource)}};
}

json body_site(const clinic::Limb& limb) {
  return fhir::local_concept(limb_code(limb), limb_text(limb));
}

json patient_resource(const clinic::Patient& p) {
  json r = {{"resourceType", "Patient"},
            {"identifier",
             json::array({{{"system", kPatientIdSystem}, {"value", std::to_string(p.id)}}})},
            {"gender", p.sex == clinic::Sex::kMale ? "male" : "female"}};
  if (!p.display_name.empty()) r["name"] = json::array({{{"text", p.display_name}}});
  if (p.birth_year > 0) r["birthDate"] = fmt::format("{:04}", p.birth_year);
  return r;
}

json vital_sign(std::string_view profile, std::string_view loinc, std::string_view display,
                const std::string& patient_uuid, const std::string& when) {
  return {{"resourceType", "Observation"},
          {"meta", {{"profile", json::array({profile})}}},
          {"status", "final"},
          {"category", fhir::vital_signs_category()},
          {"code", fhir::concept_of(fhir::kLoinc, loinc, display)},
          {"subject", fhir::reference(patient_uuid)},
          {"effectiveDateTime", date_time(when)}};
}

json blood_pressure(double sbp, double dbp, const std::string& patient_uuid,
                    const std::string& when) {
  json r = vital_sign(kBpProfile, "85354-9", "Blood pressure panel with all children optional",
                      patient_uuid, when);
  r["component"] =
      json::array({{{"code", fhir::concept_of(fhir::kLoinc, "8480-6", "Systolic blood pressure")},
                    {"valueQuantity", fhir::quantity(sbp, "mmHg", "mm[Hg]")}},
                   {{"code", fhir::concept_of(fhir::kLoinc, "8462-4", "Diastolic blood pressure")},
                    {"valueQuantity", fhir::quantity(dbp, "mmHg", "mm[Hg]")}}});
  return r;
}

json heart_rate(double bpm, const std::string& patient_uuid, const std::string& when) {
  json r = vital_sign(kHeartRateProfile, "8867-4", "Heart rate", patient_uuid, when);
  r["valueQuantity"] = fhir::quantity(bpm, "beats/minute", "/min");
  return r;
}

json component(std::string_view code, std::string_view display, json value,
               std::string_view value_key) {
  return {{"code", fhir::local_concept(code, display)}, {std::string(value_key), std::move(value)}};
}

json lop_observation(const clinic::LopMeasurement& m, const std::optional<clinic::Limb>& limb,
                     const std::string& patient_uuid) {
  const bool measured = m.method == clinic::LopMethod::kMeasured;
  const json method = fhir::local_concept(
      measured ? "measured" : "estimated",
      measured ? "measured through the cuff" : "estimated from a prediction equation");
  json r = {
      {"resourceType", "Observation"},
      {"status", "final"},
      {"category", json::array({fhir::concept_of(fhir::kObservationCategory, "exam", "Exam")})},
      {"code", fhir::local_concept("lop", "Limb occlusion pressure")},
      {"subject", fhir::reference(patient_uuid)},
      {"effectiveDateTime", date_time(m.measured_at)},
      {"method", method}};
  if (limb) r["bodySite"] = body_site(*limb);
  if (m.lop_mmhg) {
    r["valueQuantity"] = fhir::quantity(*m.lop_mmhg, "mmHg", "mm[Hg]");
  } else {
    r["dataAbsentReason"] = fhir::concept_of(
        "http://terminology.hl7.org/CodeSystem/data-absent-reason", "error", "Error");
    if (!m.abort_reason.empty()) {
      r["note"] = json::array({{{"text", "measurement ended without a value: " + m.abort_reason}}});
    }
  }
  const std::string posture(clinic::to_text(m.posture));
  json components =
      json::array({component("lop-method", "LOP method", method, "valueCodeableConcept"),
                   component("posture", "Posture", fhir::local_concept(posture, posture),
                             "valueCodeableConcept"),
                   component("cuff-width", "Cuff bladder width",
                             fhir::quantity(m.cuff_width_cm, "cm", "cm"), "valueQuantity"),
                   component("measurement-quality", "Measurement quality (0 to 1)",
                             fhir::quantity(m.quality, "1", "1"), "valueQuantity")});
  if (m.sim_true_lop_mmhg) {
    components.push_back(
        component("simulated-true-lop", "True LOP of the simulated limb (simulation only)",
                  fhir::quantity(*m.sim_true_lop_mmhg, "mmHg", "mm[Hg]"), "valueQuantity"));
  }
  r["component"] = std::move(components);
  return r;
}

// The store's symptom names as words ("dizziness_or_fainting" -> "dizziness or fainting").
std::string symptom_display(const std::string& name) {
  std::string text = name;
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

std::string procedure_status(const clinic::SessionRecord& s) {
  if (s.ended_at.empty()) return "in-progress";
  return s.stop_reason == "completed" ? "completed" : "stopped";
}

json procedure(const BfrSessionInput& in, const std::string& patient_uuid) {
  const auto& s = in.session;
  json code = fhir::concept_of(fhir::kSnomed, kExerciseTherapyCode, kExerciseTherapyDisplay);
  code["text"] = "Blood flow restriction training: " + s.exercise;
  json period = {{"start", date_time(s.started_at)}};
  if (!s.ended_at.empty()) period["end"] = date_time(s.ended_at);
  json r = {{"resourceType", "Procedure"},
            {"status", procedure_status(s)},
            {"code", code},
            {"subject", fhir::reference(patient_uuid)},
            {"performedPeriod", period}};
  if (r["status"] == "stopped") r["statusReason"] = {{"text", s.stop_reason}};
  if (in.limb) r["bodySite"] = json::array({body_site(*in.limb)});
  json notes = json::array();
  std::string summary = fmt::format(
      "OpenBFR session {}: {} at {:.0f} mmHg ({:.0f} % LOP), {} sets, {:.1f} min under "
      "restriction, {} device",
      s.id, s.exercise, s.target_mmhg, s.target_fraction * 100, in.sets.size(),
      s.total_restriction_s / 60, s.device);
  notes.push_back({{"text", summary}});
  if (!in.events.empty()) {
    std::string events = "Events:";
    for (const auto& e : in.events) {
      events +=
          fmt::format(" [{:.1f} s] {}{}{};", e.t_s, e.kind, e.detail.empty() ? "" : ": ", e.detail);
    }
    notes.push_back({{"text", events}});
  }
  r["note"] = notes;
  // Symptoms during or after the session are its complications in FHIR's
  // sense (adverse events, bfr-facts §1). A CodeableConcept has no place for
  // the severity, so it is in the text with the note.
  json complications = json::array();
  for (const clinic::SymptomRecord& symptom : in.symptoms) {
    json complication =
        fhir::local_concept("symptom-" + symptom.symptom, symptom_display(symptom.symptom));
    std::string text = fmt::format("{}, {}", symptom_display(symptom.symptom), symptom.severity);
    if (!symptom.noted_at.empty()) text += fmt::format(", noted {}", symptom.noted_at);
    if (!symptom.note.empty()) text += ": " + symptom.note;
    complication["text"] = text;
    complications.push_back(std::move(complication));
  }
  if (!complications.empty()) r["complication"] = std::move(complications);
  return r;
}

json quantity_component(std::string_view code, std::string_view display, double value,
                        std::string_view unit, std::string_view ucum) {
  return component(code, display, fhir::quantity(value, unit, ucum), "valueQuantity");
}

json integer_component(std::string_view code, std::string_view display, int value) {
  return component(code, display, value, "valueInteger");
}

json therapy_observation(std::string_view code, std::string_view display,
                         const std::string& patient_uuid, const std::string& procedure_uuid) {
  return {{"resourceType", "Observation"},
          {"status", "final"},
          {"category",
           json::array({fhir::concept_of(fhir::kObservationCategory, "therapy", "Therapy")})},
          {"code", fhir::local_concept(code, display)},
          {"subject", fhir::reference(patient_uuid)},
          {"partOf", json::array({fhir::reference(procedure_uuid)})}};
}

json restriction_observation(const BfrSessionInput& in, const std::string& patient_uuid,
                             const std::string& procedure_uuid) {
  const auto& s = in.session;
  json r = therapy_observation("bfr-restriction", "BFR restriction of a session", patient_uuid,
                               procedure_uuid);
  r["effectiveDateTime"] = date_time(s.started_at);
  if (in.limb) r["bodySite"] = body_site(*in.limb);
  r["component"] = json::array(
      {quantity_component("target-pressure", "Target cuff pressure", s.target_mmhg, "mmHg",
                          "mm[Hg]"),
       quantity_component("target-fraction-of-lop", "Target pressure as a share of LOP",
                          s.target_fraction * 100, "%", "%"),
       quantity_component("restriction-time", "Time under restriction", s.total_restriction_s, "s",
                          "s"),
       quantity_component("rest-between-sets", "Planned rest between sets", s.rest_s, "s", "s")});
  return r;
}

json set_observation(const BfrSessionInput& in, const clinic::SetRecord& set,
                     const std::string& patient_uuid, const std::string& procedure_uuid) {
  json r = therapy_observation("bfr-set", "BFR exercise set", patient_uuid, procedure_uuid);
  r["effectiveDateTime"] = seconds_after(in.session.started_at, set.started_s);
  r["component"] = json::array(
      {integer_component("set-index", "Set number, from 0", set.set_index),
       integer_component("target-reps", "Target repetitions", set.target_reps),
       integer_component("actual-reps", "Repetitions done", set.actual_reps),
       quantity_component("set-duration", "Set duration", set.duration_s, "s", "s"),
       quantity_component("rest-after", "Rest after the set", set.rest_after_s, "s", "s"),
       quantity_component("time-in-band", "Share of the set within 10 % of the target pressure",
                          set.time_in_band_fraction * 100, "%", "%"),
       quantity_component("cuff-pressure-mean", "Mean cuff pressure", set.mean_mmhg, "mmHg",
                          "mm[Hg]"),
       quantity_component("cuff-pressure-peak", "Peak cuff pressure", set.peak_mmhg, "mmHg",
                          "mm[Hg]"),
       quantity_component("cuff-pressure-min", "Lowest cuff pressure", set.min_mmhg, "mmHg",
                          "mm[Hg]")});
  // What the patient entered after the set, only when entered: a missing
  // value is left out rather than written as 0.
  if (set.load_kg) {
    r["component"].push_back(quantity_component("load", "Load lifted", *set.load_kg, "kg", "kg"));
  }
  if (set.rpe_cr10) {
    r["component"].push_back(quantity_component("rpe-cr10",
                                                "Rating of perceived exertion (Borg CR-10)",
                                                *set.rpe_cr10, "score", "{score}"));
  }
  if (set.pain_0_10) {
    r["component"].push_back(
        {{"code",
          fhir::concept_of(fhir::kLoinc, "72514-3",
                           "Pain severity - 0-10 verbal numeric rating [Score] - Reported")},
         {"valueInteger", *set.pain_0_10}});
  }
  return r;
}

std::optional<clinic::Limb> find_limb(const FhirExportInput& input, std::int64_t limb_id) {
  for (const auto& limb : input.limbs) {
    if (limb.id == limb_id) return limb;
  }
  for (const auto& s : input.sessions) {
    if (s.limb && s.limb->id == limb_id) return s.limb;
  }
  return std::nullopt;
}

}  // namespace

json fhir_bundle(const FhirExportInput& input, BundleScope scope) {
  if (scope == BundleScope::kSession && input.sessions.size() != 1) {
    throw ExportError(
        fmt::format("a session Bundle holds one session, not {}", input.sessions.size()));
  }
  const clinic::Patient& p = input.patient;
  const std::string patient_key = std::to_string(p.id);
  const std::string patient_uuid = deterministic_uuid("patient", patient_key);
  json entries = json::array();
  entries.push_back(entry(patient_uuid, patient_resource(p)));

  // Resting values are recorded with the patient, so they are dated then.
  if (p.resting_sbp_mmhg > 0 && p.resting_dbp_mmhg > 0 && !p.created_at.empty()) {
    entries.push_back(
        entry(deterministic_uuid("resting-bp", patient_key),
              blood_pressure(p.resting_sbp_mmhg, p.resting_dbp_mmhg, patient_uuid, p.created_at)));
  }
  if (p.resting_hr_bpm > 0 && !p.created_at.empty()) {
    entries.push_back(entry(deterministic_uuid("resting-hr", patient_key),
                            heart_rate(p.resting_hr_bpm, patient_uuid, p.created_at)));
  }

  if (input.screening) {
    const ScreeningExport& sc = *input.screening;
    const std::string key = patient_key + "/" + clinic::answers_fingerprint(sc.answers);
    const std::string when = clinic::format_utc_timestamp(sc.answered_at);
    const auto& pa = sc.answers.patient;
    if (pa.resting_sbp_mmhg > 0 && pa.resting_dbp_mmhg > 0) {
      entries.push_back(
          entry(deterministic_uuid("screening-bp", key),
                blood_pressure(pa.resting_sbp_mmhg, pa.resting_dbp_mmhg, patient_uuid, when)));
    }
    for (json& e : screening_entries(sc, patient_uuid, key)) entries.push_back(std::move(e));
  }

  std::set<std::int64_t> lops_done;
  for (const BfrSessionInput& in : input.sessions) {
    if (!in.lop || !lops_done.insert(in.lop->id).second) continue;
    const clinic::LopMeasurement& m = *in.lop;
    const std::string key = std::to_string(m.id);
    entries.push_back(entry(deterministic_uuid("lop", key),
                            lop_observation(m, find_limb(input, m.limb_id), patient_uuid)));
    if (m.heart_rate_bpm) {
      entries.push_back(entry(deterministic_uuid("lop-hr", key),
                              heart_rate(*m.heart_rate_bpm, patient_uuid, m.measured_at)));
    }
  }

  for (const BfrSessionInput& in : input.sessions) {
    const std::string key = std::to_string(in.session.id);
    const std::string procedure_uuid = deterministic_uuid("session", key);
    entries.push_back(entry(procedure_uuid, procedure(in, patient_uuid)));
    entries.push_back(entry(deterministic_uuid("session-restriction", key),
                            restriction_observation(in, patient_uuid, procedure_uuid)));
    for (const clinic::SetRecord& set : in.sets) {
      entries.push_back(entry(deterministic_uuid("set", fmt::format("{}/{}", key, set.set_index)),
                              set_observation(in, set, patient_uuid, procedure_uuid)));
    }
  }

  const std::string bundle_key =
      scope == BundleScope::kPatient
          ? "patient/" + patient_key
          : "session/" + std::to_string(input.sessions.front().session.id);
  return {{"resourceType", "Bundle"},
          {"id", deterministic_uuid("bundle", bundle_key)},
          {"type", "collection"},
          {"entry", std::move(entries)}};
}

}  // namespace bfr::exchange

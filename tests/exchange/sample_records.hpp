#pragma once
// Records as the store would hold them, written out by hand so that the
// exchange tests do not depend on a simulation run.

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

#include "clinic/records.hpp"
#include "clinic/screening.hpp"
#include "exchange/bfr_workout.hpp"
#include "exchange/fhir_bundle.hpp"

namespace bfr::testing {

inline clinic::Patient sample_patient() {
  clinic::Patient p;
  p.id = 7;
  p.display_name = "Ada \"Test\" Patient, Jr.";
  p.birth_year = 1980;
  p.sex = clinic::Sex::kFemale;
  p.resting_sbp_mmhg = 124;
  p.resting_dbp_mmhg = 78;
  p.resting_hr_bpm = 64;
  p.created_at = "2025-07-20T09:00:00Z";
  return p;
}

inline clinic::Limb sample_limb() {
  return clinic::Limb{11, 7, clinic::LimbSide::kLeft, clinic::LimbSegment::kThigh, 55.5};
}

inline clinic::LopMeasurement sample_lop() {
  clinic::LopMeasurement m;
  m.id = 21;
  m.limb_id = 11;
  m.measured_at = "2025-07-26T07:01:30Z";
  m.method = clinic::LopMethod::kMeasured;
  m.lop_mmhg = 186.5;
  m.quality = 0.82;
  m.posture = clinic::Posture::kSeated;
  m.cuff_width_cm = 11.5;
  m.heart_rate_bpm = 71;
  return m;
}

// A 30-15-15-15 session at 80 % LOP, with set figures that differ per set.
inline exchange::BfrSessionInput sample_session() {
  exchange::BfrSessionInput in;
  auto& s = in.session;
  s.id = 31;
  s.patient_id = 7;
  s.limb_id = 11;
  s.lop_measurement_id = 21;
  s.started_at = "2025-07-26T07:06:00Z";
  s.ended_at = "2025-07-26T07:48:10Z";
  s.exercise = "leg press, single \"slow\" reps";
  s.device = "simulated";
  s.target_fraction = 0.8;
  s.target_mmhg = 149.2;
  s.rest_s = 30;
  s.total_restriction_s = 412.5;
  s.stop_reason = "completed";
  const int target[] = {30, 15, 15, 15};
  const int actual[] = {30, 15, 14, 12};
  double t = 5;
  for (int i = 0; i < 4; ++i) {
    clinic::SetRecord set;
    set.id = 100 + i;
    set.session_id = 31;
    set.set_index = i;
    set.target_reps = target[i];
    set.actual_reps = actual[i];
    set.started_s = t;
    set.duration_s = 2.0 * 2 * actual[i] + 0.4 * i;
    set.rest_after_s = i < 3 ? 30 : 0;
    set.time_in_band_fraction = 0.97 - 0.02 * i;
    set.peak_mmhg = 160 + i;
    set.mean_mmhg = 148 + 0.5 * i;
    set.min_mmhg = 131 - i;
    t += set.duration_s + set.rest_after_s;
    in.sets.push_back(set);
  }
  in.limb = sample_limb();
  in.lop = sample_lop();
  in.events = {{12.5, "alarm", "over-pressure, 2 s"}, {80, "symptom", "numbness 3/10"}};
  return in;
}

// Aerobic or passive work as the session runner stores it: bouts without
// repetitions (target and actual 0) lasting minutes, no load.
inline exchange::BfrSessionInput sample_aerobic_session() {
  exchange::BfrSessionInput in = sample_session();
  in.session.id = 41;
  in.session.exercise = "treadmill walking";
  in.session.started_at = "2025-07-27T07:00:00Z";
  in.session.ended_at = "2025-07-27T07:24:00Z";
  in.session.target_fraction = 0.6;
  in.session.target_mmhg = 111.9;
  in.session.rest_s = 60;
  in.session.total_restriction_s = 1140;
  in.events.clear();
  in.sets.resize(3);
  double t = 5;
  for (auto& set : in.sets) {
    set.session_id = 41;
    set.target_reps = 0;
    set.actual_reps = 0;
    set.started_s = t;
    set.duration_s = 360;
    set.rest_after_s = set.set_index < 2 ? 60 : 0;
    t += set.duration_s + set.rest_after_s;
  }
  return in;
}

// Every question answered no, except a caution and a DVT risk point.
inline clinic::ScreeningAnswers sample_answers() {
  clinic::ScreeningAnswers a;
  a.patient.birth_year = 1980;
  a.patient.resting_sbp_mmhg = 126;
  a.patient.resting_dbp_mmhg = 80;
  auto& p = a.patient;
  for (clinic::Answer* answer : {&p.current_dvt,
                                 &p.sickle_cell,
                                 &p.pregnant,
                                 &p.uncontrolled_hypertension,
                                 &p.cardiopulmonary_disease,
                                 &p.diabetes,
                                 &p.poor_circulation,
                                 &p.infection,
                                 &p.cancer,
                                 &p.clotting_condition,
                                 &p.hypertension,
                                 &p.post_covid19,
                                 &p.postpartum,
                                 &p.oral_contraceptives,
                                 &p.rheumatoid_arthritis,
                                 &p.chronic_kidney_disease,
                                 &p.orthopaedic_post_surgery,
                                 &p.anabolic_steroids,
                                 &p.previous_vte,
                                 &p.known_thrombophilia,
                                 &p.lower_limb_paralysis,
                                 &p.cancer_last_5_years,
                                 &p.icu_ccu_stay,
                                 &p.immobilised_one_day_or_more,
                                 &p.acute_myocarditis,
                                 &p.angina_or_st_depression_below_6_mets,
                                 &p.ejection_fraction_below_30_percent,
                                 &p.heart_failure_class_3_or_4,
                                 &p.uncontrolled_complex_arrhythmia,
                                 &p.recent_revascularisation,
                                 &p.exercise_capacity_below_6_mets,
                                 &p.bp_falls_below_rest_during_exercise,
                                 &p.peripheral_artery_disease,
                                 &p.symptomatic_postural_hypotension,
                                 &p.abdominal_aortic_aneurysm,
                                 &p.prior_cardiac_arrest}) {
    *answer = clinic::Answer::kNo;
  }
  p.orthopaedic_post_surgery = clinic::Answer::kYes;
  p.icu_ccu_stay = clinic::Answer::kYes;
  clinic::LimbAnswers limb;
  limb.limb = {clinic::LimbSide::kLeft, clinic::LimbSegment::kThigh};
  limb.wound_or_infection_near_cuff_site = clinic::Answer::kNo;
  limb.lymph_nodes_removed = clinic::Answer::kNo;
  limb.lymphoedema = clinic::Answer::kNo;
  limb.dvt = clinic::Answer::kNo;
  limb.peripheral_vascular_disease = clinic::Answer::kNo;
  a.limbs.push_back(limb);
  clinic::LimbAnswers arm = limb;
  arm.limb = {clinic::LimbSide::kRight, clinic::LimbSegment::kUpperArm};
  arm.lymph_nodes_removed = clinic::Answer::kYes;
  a.limbs.push_back(arm);
  return a;
}

inline std::chrono::sys_seconds sample_screening_time() {
  return std::chrono::sys_days{std::chrono::year{2025} / 7 / 21} + std::chrono::hours{10};
}

// The sample session as a workout for the training-log exports, with the
// load of each set given (nullopt: no load recorded).
inline exchange::Workout sample_workout(std::vector<std::optional<double>> loads) {
  exchange::BfrSessionInput in = sample_session();
  in.load_kg = std::move(loads);
  return exchange::workout_from_session(in);
}

}  // namespace bfr::testing

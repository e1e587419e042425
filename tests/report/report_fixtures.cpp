#include "tests/report/report_fixtures.hpp"

#include <random>

#include "clinic/programme_json.hpp"
#include "clinic/screening_store.hpp"
#include "clinic/session_runner.hpp"
#include "clinic/timestamp.hpp"
#include "device/set_reporter.hpp"
#include "device/virtual_device.hpp"
#include "sim/person.hpp"
#include "sim/pressure_sensor.hpp"

namespace bfr::testing {
namespace {

class QuietObserver : public clinic::RunObserver {};

std::int64_t add_patient(clinic::Repository& repo, const std::string& name) {
  clinic::Patient p;
  p.display_name = name;
  p.birth_year = 1980;
  p.sex = clinic::Sex::kFemale;
  p.resting_sbp_mmhg = 122;
  p.resting_dbp_mmhg = 78;
  p.resting_hr_bpm = 64;
  return repo.add_patient(p);
}

std::int64_t add_thigh(clinic::Repository& repo, std::int64_t patient_id) {
  return repo.add_limb({0, patient_id, clinic::LimbSide::kLeft, clinic::LimbSegment::kThigh, 54});
}

}  // namespace

ScratchDir::ScratchDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("openbfr-report-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

StoredSession simulated_session(const std::filesystem::path& db) {
  StoredSession out;
  out.repo = clinic::open_repository(db.string());
  auto& repo = *out.repo;
  const sim::Person person = sim::demo_person();
  clinic::Patient patient;
  patient.display_name = person.name;
  patient.birth_year = 1990;
  patient.resting_sbp_mmhg = person.systolic_mmhg;
  patient.resting_dbp_mmhg = person.diastolic_mmhg;
  patient.resting_hr_bpm = person.heart_rate_bpm;
  patient.id = repo.add_patient(patient);
  clinic::Limb limb{0, patient.id, clinic::LimbSide::kRight, clinic::LimbSegment::kThigh,
                    person.thigh_circumference_cm};
  limb.id = repo.add_limb(limb);

  constexpr double kCuffWidthCm = 11.5;
  const auto plant =
      sim::plant_for(person, {sim::Segment::kThigh, kCuffWidthCm}, sim::mpx5050_profile(100), 1);
  device::VirtualDevice device(plant, core::ControllerConfig{});
  QuietObserver observer;
  clinic::SessionRunner runner(device, repo, observer, clinic::Pacer{});
  const auto lop = runner.measure_lop(limb, clinic::Posture::kSeated, kCuffWidthCm);
  if (!lop.lop_mmhg) {
    throw std::runtime_error("the simulated LOP measurement failed: " + lop.abort_reason);
  }
  clinic::ExerciseRequest request;
  device::SimulatedLifterReporter lifter(device);
  const auto run = runner.run_exercise(patient, limb, lop, request, lifter);
  out.patient_id = patient.id;
  out.session_id = run.session.id;
  return out;
}

namespace {

// The hand-filled session of an existing patient and limb, under a programme
// assignment (phase 1) when one is given.
std::int64_t add_hand_session(clinic::Repository& repo, std::int64_t patient_id,
                              std::int64_t limb_id, std::optional<std::int64_t> assignment_id) {
  clinic::LopMeasurement lop;
  lop.limb_id = limb_id;
  lop.measured_at = "2026-03-02T08:50:00Z";
  lop.method = clinic::LopMethod::kEstimated;
  lop.lop_mmhg = kHandLopMmhg;
  lop.posture = clinic::Posture::kSupine;
  lop.cuff_width_cm = 11.5;
  lop.id = repo.add_lop_measurement(lop);

  // 10 Hz: 5 s inflating, then sets of 40 s with 30 s rests, 5 s deflating.
  constexpr double kRate = 10;
  const std::int64_t trace_id = repo.create_trace("session", kRate);
  std::vector<clinic::TraceSample> trace;
  std::vector<clinic::SetRecord> sets;
  double t = 0;
  auto push = [&](double seconds, double cuff, double target, int phase, int set_index) {
    for (int i = 0; i < static_cast<int>(seconds * kRate); ++i, t += 1 / kRate) {
      trace.push_back({t, cuff, target, phase, set_index});
    }
  };
  push(5, 80, kHandTargetMmhg, 2, -1);
  for (int s = 0; s < 4; ++s) {
    clinic::SetRecord set;
    set.set_index = s;
    set.target_reps = kHandTargetReps[static_cast<std::size_t>(s)];
    set.actual_reps = kHandActualReps[static_cast<std::size_t>(s)];
    set.started_s = t;
    set.duration_s = 40;
    set.rest_after_s = s < 3 ? 30 : 0;
    set.time_in_band_fraction = 1.0;
    set.peak_mmhg = set.mean_mmhg = set.min_mmhg = kHandTargetMmhg;
    sets.push_back(set);
    push(40, kHandTargetMmhg, kHandTargetMmhg, 3, s);
    if (s < 3) push(30, kHandTargetMmhg * 0.95, kHandTargetMmhg, 4, -1);
  }
  push(5, 20, 0, 5, -1);
  repo.append_trace(trace_id, trace);

  clinic::SessionRecord session;
  session.patient_id = patient_id;
  session.limb_id = limb_id;
  session.programme_assignment_id = assignment_id;
  if (assignment_id) session.phase_index = 0;
  session.lop_measurement_id = lop.id;
  session.started_at = "2026-03-02T09:00:00Z";
  session.exercise = "leg press";
  session.device = "simulated";
  session.target_fraction = kHandTargetMmhg / kHandLopMmhg;
  session.target_mmhg = kHandTargetMmhg;
  session.rest_s = 30;
  session.trace_id = trace_id;
  session.id = repo.begin_session(session);
  for (auto& set : sets) {
    set.session_id = session.id;
    repo.add_set(set);
  }
  const std::vector<clinic::EventRecord> events{
      {5.0, "set_started", "set 1"},
      {200.0, "alarm_raised", "over_pressure_cap at 301.0 mmHg"},
  };
  repo.add_events(session.id, events);
  session.ended_at = "2026-03-02T09:05:00Z";
  session.total_restriction_s = 255;
  session.stop_reason = "completed";
  repo.finish_session(session);
  return session.id;
}

// A one-phase custom programme of leg press at the thigh defaults.
std::int64_t assign_leg_press_programme(clinic::Repository& repo, std::int64_t patient_id) {
  clinic::Programme programme;
  programme.name = kRecordedProgramme;
  programme.indication = "knee rehabilitation";
  clinic::Exercise exercise{"leg press",
                            clinic::resistance_prescription(clinic::LimbSegment::kThigh), ""};
  exercise.prescription.sessions_per_week = kRecordedSessionsPerWeek;
  programme.phases.push_back({kRecordedPhase, "strength", {exercise}, {}});
  clinic::ProgrammeAssignment assignment;
  assignment.patient_id = patient_id;
  assignment.programme_name = programme.name;
  assignment.source = "custom";
  assignment.programme_json = clinic::programme_to_json(programme).dump();
  assignment.started_at = "2026-03-01T12:00:00Z";
  return repo.assign_programme(assignment);
}

// Every answer "no" except orthopaedic post-surgery, which needs a clinician.
clinic::ScreeningAnswers screening_answers() {
  clinic::ScreeningAnswers answers;
  answers.patient.birth_year = 1980;
  answers.patient.resting_sbp_mmhg = 122;
  answers.patient.resting_dbp_mmhg = 78;
  for (auto key : clinic::patient_question_keys())
    clinic::set_patient_answer(answers.patient, key, clinic::Answer::kNo);
  clinic::set_patient_answer(answers.patient, "orthopaedic_post_surgery", clinic::Answer::kYes);
  clinic::LimbAnswers limb;
  limb.limb = {clinic::LimbSide::kLeft, clinic::LimbSegment::kThigh};
  for (auto key : clinic::limb_question_keys())
    clinic::set_limb_answer(limb, key, clinic::Answer::kNo);
  answers.limbs.push_back(limb);
  return answers;
}

}  // namespace

StoredSession hand_filled_session(const std::filesystem::path& db) {
  StoredSession out;
  out.repo = clinic::open_repository(db.string());
  out.patient_id = add_patient(*out.repo, kHandPatientName);
  const std::int64_t limb_id = add_thigh(*out.repo, out.patient_id);
  out.session_id = add_hand_session(*out.repo, out.patient_id, limb_id, std::nullopt);
  return out;
}

StoredSession recorded_session(const std::filesystem::path& db) {
  StoredSession out;
  out.repo = clinic::open_repository(db.string());
  auto& repo = *out.repo;
  out.patient_id = add_patient(repo, kHandPatientName);
  const std::int64_t limb_id = add_thigh(repo, out.patient_id);

  const auto answers = screening_answers();
  const auto when = clinic::parse_utc_timestamp(kRecordedScreenedAt);
  const auto judged = clinic::evaluate_screening(answers, *when);
  if (!judged.ok()) throw std::runtime_error("fixture screening: " + judged.error);
  const std::int64_t screening_id =
      repo.add_screening(clinic::screening_record(out.patient_id, answers, *judged.value, 30));
  repo.add_screening_override({0, screening_id, clinic::LimbSide::kLeft,
                               clinic::LimbSegment::kThigh, kRecordedClinician,
                               kRecordedOverrideReason, "2026-03-01T11:00:00Z"});

  const std::int64_t assignment_id = assign_leg_press_programme(repo, out.patient_id);

  out.session_id = add_hand_session(repo, out.patient_id, limb_id, assignment_id);
  repo.record_set_feedback(out.session_id, 1, {kRecordedLoadKg, kRecordedRpe, kRecordedPain});
  repo.add_symptom(
      {0, out.session_id, "numbness", "moderate", "2026-03-02T09:06:00Z", kRecordedSymptomNote});
  return out;
}

StoredSession progress_store(const std::filesystem::path& db) {
  StoredSession out;
  out.repo = clinic::open_repository(db.string());
  auto& repo = *out.repo;
  out.patient_id = add_patient(repo, "Progress Patient");
  const std::int64_t limb_id = add_thigh(repo, out.patient_id);
  std::vector<std::string> starts{kProgressSessionBefore};
  starts.insert(starts.end(), kProgressSessionStarts.begin(), kProgressSessionStarts.end());
  for (std::size_t i = 0; i < starts.size(); ++i) {
    clinic::LopMeasurement lop;
    lop.limb_id = limb_id;
    lop.measured_at = starts[i];
    lop.method = i == 3 ? clinic::LopMethod::kEstimated : clinic::LopMethod::kMeasured;
    lop.lop_mmhg = 170 + 2.0 * static_cast<double>(i);
    lop.quality = 0.9;
    lop.cuff_width_cm = 11.5;
    lop.id = repo.add_lop_measurement(lop);

    clinic::SessionRecord s;
    s.patient_id = out.patient_id;
    s.limb_id = limb_id;
    s.lop_measurement_id = lop.id;
    s.started_at = starts[i];
    s.exercise = "leg press";
    s.device = "simulated";
    s.target_fraction = 0.8;
    s.target_mmhg = *lop.lop_mmhg * 0.8;
    s.rest_s = 30;
    s.id = repo.begin_session(s);
    for (int k = 0; k < 4; ++k) {
      clinic::SetRecord set;
      set.session_id = s.id;
      set.set_index = k;
      set.target_reps = k == 0 ? 30 : 15;
      set.actual_reps = set.target_reps - static_cast<int>(i % 3);
      set.duration_s = 40;
      // The heaviest set is the last one.
      set.load_kg = progress_load_kg(i) - 2.5 * (3 - k);
      repo.add_set(set);
    }
    s.ended_at = starts[i].substr(0, 11) + "09:10:00Z";
    s.total_restriction_s = 240 + 10.0 * static_cast<double>(i);
    s.stop_reason = "completed";
    repo.finish_session(s);
  }
  assign_leg_press_programme(repo, out.patient_id);
  return out;
}

}  // namespace bfr::testing

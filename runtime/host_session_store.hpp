#pragma once
// The store a session runner writes through when it drives a LinkedDevice:
// every call goes to the real repository, and the link's own account is
// added where the runner cannot give it. When the device was lost, the
// session (or LOP measurement) ends with the loss as its reason and a
// "device_lost" event at the last recorded sample; a command the device
// refused is stored as a "link_refused" event with the device's words. A
// set the device ended by itself (its set-done input) before the host's
// reporter did is stored with the repetitions its length makes at the
// prescribed cadence (at most the target): firmware 1.x counts none.
// The runner itself stays the same for in-process and linked devices.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/repository.hpp"
#include "runtime/linked_device.hpp"

namespace bfr::runtime {

class HostSessionStore : public clinic::Repository {
 public:
  // Neither is owned; both outlive the store.
  HostSessionStore(clinic::Repository& inner, const LinkedDevice& device)
      : inner_(inner), device_(device) {}

  // When the loss was written into a record: for the watchdog figures.
  std::optional<std::chrono::steady_clock::time_point> loss_recorded_at() const {
    return loss_recorded_at_;
  }

  // Forwarded as they are.
  std::int64_t add_patient(const clinic::Patient& patient) override {
    return inner_.add_patient(patient);
  }
  std::optional<clinic::Patient> get_patient(std::int64_t id) override {
    return inner_.get_patient(id);
  }
  std::optional<clinic::Patient> find_patient_by_name(std::string_view display_name) override {
    return inner_.find_patient_by_name(display_name);
  }
  void update_patient(const clinic::Patient& patient) override { inner_.update_patient(patient); }
  std::vector<clinic::Patient> list_patients() override { return inner_.list_patients(); }
  std::int64_t add_limb(const clinic::Limb& limb) override { return inner_.add_limb(limb); }
  std::vector<clinic::Limb> limbs_of(std::int64_t patient_id) override {
    return inner_.limbs_of(patient_id);
  }
  std::int64_t create_trace(std::string_view kind, double sample_rate_hz) override {
    return inner_.create_trace(kind, sample_rate_hz);
  }
  void append_trace(std::int64_t trace_id, std::span<const clinic::TraceSample> samples) override;
  std::vector<clinic::TraceSample> load_trace(std::int64_t trace_id) override {
    return inner_.load_trace(trace_id);
  }
  std::int64_t add_lop_measurement(const clinic::LopMeasurement& measurement) override;
  std::optional<clinic::LopMeasurement> get_lop_measurement(std::int64_t id) override {
    return inner_.get_lop_measurement(id);
  }
  std::vector<clinic::LopMeasurement> lop_measurements_of(std::int64_t limb_id) override {
    return inner_.lop_measurements_of(limb_id);
  }
  std::optional<clinic::LopMeasurement> latest_lop(std::int64_t limb_id, clinic::Posture posture,
                                                   double cuff_width_cm) override {
    return inner_.latest_lop(limb_id, posture, cuff_width_cm);
  }
  std::int64_t begin_session(const clinic::SessionRecord& session) override {
    return inner_.begin_session(session);
  }
  void finish_session(const clinic::SessionRecord& session) override;
  std::optional<clinic::SessionRecord> get_session(std::int64_t id) override {
    return inner_.get_session(id);
  }
  std::vector<clinic::SessionRecord> sessions_of(std::int64_t patient_id) override {
    return inner_.sessions_of(patient_id);
  }
  std::int64_t add_set(const clinic::SetRecord& set) override;
  std::vector<clinic::SetRecord> sets_of(std::int64_t session_id) override {
    return inner_.sets_of(session_id);
  }
  void record_set_feedback(std::int64_t session_id, int set_index,
                           const clinic::SetFeedback& feedback) override {
    inner_.record_set_feedback(session_id, set_index, feedback);
  }
  std::int64_t add_symptom(const clinic::SymptomRecord& symptom) override {
    return inner_.add_symptom(symptom);
  }
  std::vector<clinic::SymptomRecord> symptoms_of(std::int64_t session_id) override {
    return inner_.symptoms_of(session_id);
  }
  std::int64_t add_screening(const clinic::ScreeningRecord& screening) override {
    return inner_.add_screening(screening);
  }
  std::optional<clinic::ScreeningRecord> latest_screening(std::int64_t patient_id) override {
    return inner_.latest_screening(patient_id);
  }
  std::int64_t add_screening_override(const clinic::ScreeningOverrideRecord& given) override {
    return inner_.add_screening_override(given);
  }
  std::vector<clinic::ScreeningOverrideRecord> overrides_of(std::int64_t screening_id) override {
    return inner_.overrides_of(screening_id);
  }
  std::int64_t add_one_rep_max(const clinic::OneRepMaxRecord& record) override {
    return inner_.add_one_rep_max(record);
  }
  std::vector<std::int64_t> add_one_rep_maxes(
      const std::vector<clinic::OneRepMaxRecord>& records) override {
    return inner_.add_one_rep_maxes(records);
  }
  std::vector<clinic::OneRepMaxRecord> one_rep_maxes_of(std::int64_t patient_id) override {
    return inner_.one_rep_maxes_of(patient_id);
  }
  std::int64_t assign_programme(const clinic::ProgrammeAssignment& assignment) override {
    return inner_.assign_programme(assignment);
  }
  std::optional<clinic::ProgrammeAssignment> current_programme(std::int64_t patient_id) override {
    return inner_.current_programme(patient_id);
  }
  std::optional<clinic::ProgrammeAssignment> get_programme_assignment(std::int64_t id) override {
    return inner_.get_programme_assignment(id);
  }
  void set_programme_phase(std::int64_t assignment_id, int phase,
                           const std::string& phase_started_at) override {
    inner_.set_programme_phase(assignment_id, phase, phase_started_at);
  }
  void add_events(std::int64_t session_id, std::span<const clinic::EventRecord> events) override {
    inner_.add_events(session_id, events);
  }
  std::vector<clinic::EventRecord> events_of(std::int64_t session_id) override {
    return inner_.events_of(session_id);
  }
  std::string location() const override { return inner_.location(); }

 private:
  std::string refusal_text() const;

  clinic::Repository& inner_;
  const LinkedDevice& device_;
  // The time of each trace's last sample, to date the device_lost event.
  std::map<std::int64_t, double> last_sample_s_;
  std::optional<std::chrono::steady_clock::time_point> loss_recorded_at_;
};

}  // namespace bfr::runtime

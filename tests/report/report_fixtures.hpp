#pragma once
// Stores to report on: a session run through the real controller on a
// simulated limb, and hand-filled stores whose every figure the tests know.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "clinic/repository.hpp"

namespace bfr::testing {

// Sample pages rendered by the tests are kept here (in the build folder).
inline const std::filesystem::path kArtefacts = OPENBFR_REPORT_ARTEFACT_DIR;

// A directory under the system temp dir, removed with its contents.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct StoredSession {
  std::unique_ptr<clinic::Repository> repo;
  std::int64_t patient_id = 0;
  std::int64_t session_id = 0;
};

// LOP measured and a 30-15-15-15 calf raise at 80 % LOP run by
// clinic::SessionRunner on device::VirtualDevice, as `bfr demo` does.
StoredSession simulated_session(const std::filesystem::path& db);

// Values of the hand-filled session.
inline constexpr const char* kHandPatientName = "Ada Testperson";
inline constexpr double kHandLopMmhg = 184.5;  // estimated
inline constexpr double kHandTargetMmhg = 147.6;
inline const std::vector<int> kHandTargetReps{30, 15, 15, 15};
inline const std::vector<int> kHandActualReps{27, 14, 12, 9};

// An estimated LOP, four sets with a synthetic 10 Hz trace that holds the
// cuff at target during sets (and at 95 % in rests), one alarm event.
StoredSession hand_filled_session(const std::filesystem::path& db);

// The hand-filled session again, with what the store keeps beside it: a
// screening of the left thigh that needs a clinician (orthopaedic
// post-surgery) and the clinician's override, a one-phase programme whose
// prescription the session was recorded under, the patient's load, RPE and
// pain for set 2, and one moderate numbness.
StoredSession recorded_session(const std::filesystem::path& db);
inline constexpr const char* kRecordedScreenedAt = "2026-03-01T10:00:00Z";
inline constexpr const char* kRecordedClinician = "Dr Grey";
inline constexpr const char* kRecordedOverrideReason = "surgeon cleared at 6 weeks";
inline constexpr const char* kRecordedProgramme = "Knee strength";
inline constexpr const char* kRecordedPhase = "Loading";
inline constexpr int kRecordedSessionsPerWeek = 3;
inline constexpr double kRecordedLoadKg = 22.5;
inline constexpr double kRecordedRpe = 6.5;
inline constexpr int kRecordedPain = 3;
inline constexpr const char* kRecordedSymptomNote = "outer calf, gone after 5 min";

// Start of the hand-filled progress period and the sessions' days in it.
inline constexpr const char* kProgressEnd = "2026-03-29T00:00:00Z";  // 4 weeks after Mar 1
inline const std::vector<std::string> kProgressSessionStarts{
    "2026-03-02T09:00:00Z", "2026-03-04T09:00:00Z", "2026-03-06T09:00:00Z",  // week 1
    "2026-03-10T09:00:00Z", "2026-03-13T09:00:00Z",                          // week 2
    "2026-03-24T09:00:00Z",                                                  // week 4
};
// Outside the 4-week period: must not be counted.
inline constexpr const char* kProgressSessionBefore = "2026-02-20T09:00:00Z";

// The heaviest set load of the i-th session (0 is the one before the period).
inline double progress_load_kg(std::size_t i) {
  return 20 + 2.5 * static_cast<double>(i);
}

// A patient with the sessions above, each with its own LOP (measured, the
// third one estimated) and sets with loads, and the programme of
// recorded_session() (kRecordedSessionsPerWeek) assigned.
StoredSession progress_store(const std::filesystem::path& db);

}  // namespace bfr::testing

#pragma once
// Schema version 2 (SQLite): the clinical workflow on top of version 1.
// Screenings with their per-limb outcomes and reasons, clinician overrides,
// 1RM records, programme assignments, per-set load/RPE/pain, symptoms, and
// the programme a session belonged to. Existing rows keep their values; the
// new columns read as NULL (not entered). Once released this text never
// changes. The limits repeat record_validation.cpp.

#include <string_view>

namespace bfr::clinic {

inline constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE screenings (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  taken_at TEXT NOT NULL CHECK (taken_at IS strftime('%Y-%m-%dT%H:%M:%SZ', taken_at)),
  answers_text TEXT NOT NULL CHECK (length(answers_text) > 0),
  answers_fingerprint TEXT NOT NULL CHECK (length(answers_fingerprint) = 16),
  validity_days INTEGER NOT NULL CHECK (validity_days BETWEEN 1 AND 365),
  age_years INTEGER NOT NULL CHECK (age_years BETWEEN 0 AND 150),
  dvt_risk_points INTEGER NOT NULL CHECK (dvt_risk_points >= 0)
) STRICT;
CREATE INDEX screenings_by_patient ON screenings (patient_id, taken_at);

CREATE TABLE screening_limbs (
  screening_id INTEGER NOT NULL REFERENCES screenings (id),
  side TEXT NOT NULL CHECK (side IN ('left', 'right')),
  segment TEXT NOT NULL CHECK (segment IN ('thigh', 'upper_arm')),
  outcome TEXT NOT NULL
    CHECK (outcome IN ('cleared', 'needs_clinician_clearance', 'contraindicated')),
  PRIMARY KEY (screening_id, side, segment)
) STRICT, WITHOUT ROWID;

CREATE TABLE screening_reasons (
  screening_id INTEGER NOT NULL,
  side TEXT NOT NULL,
  segment TEXT NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 0),
  level TEXT NOT NULL
    CHECK (level IN ('cleared', 'needs_clinician_clearance', 'contraindicated')),
  text TEXT NOT NULL CHECK (length(trim(text, char(32, 9, 10, 13))) > 0),
  PRIMARY KEY (screening_id, side, segment, position),
  FOREIGN KEY (screening_id, side, segment) REFERENCES screening_limbs (screening_id, side, segment)
) STRICT, WITHOUT ROWID;

CREATE TABLE screening_overrides (
  id INTEGER PRIMARY KEY,
  screening_id INTEGER NOT NULL,
  side TEXT NOT NULL,
  segment TEXT NOT NULL,
  clinician TEXT NOT NULL CHECK (length(trim(clinician, char(32, 9, 10, 13))) > 0),
  reason TEXT NOT NULL CHECK (length(trim(reason, char(32, 9, 10, 13))) > 0),
  given_at TEXT NOT NULL CHECK (given_at IS strftime('%Y-%m-%dT%H:%M:%SZ', given_at)),
  -- An override names a limb the screening judged.
  FOREIGN KEY (screening_id, side, segment) REFERENCES screening_limbs (screening_id, side, segment)
) STRICT;
CREATE INDEX screening_overrides_by_screening ON screening_overrides (screening_id);

CREATE TABLE one_rep_maxes (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  exercise TEXT NOT NULL CHECK (length(trim(exercise, char(32, 9, 10, 13))) > 0),
  one_rep_max_kg REAL NOT NULL CHECK (one_rep_max_kg > 0 AND one_rep_max_kg <= 1000),
  method TEXT NOT NULL CHECK (method IN ('entered', 'epley', 'brzycki')),
  test_load_kg REAL CHECK (test_load_kg > 0 AND test_load_kg <= 1000),
  test_reps INTEGER CHECK (test_reps BETWEEN 1 AND 12),
  recorded_at TEXT NOT NULL CHECK (recorded_at IS strftime('%Y-%m-%dT%H:%M:%SZ', recorded_at)),
  -- An estimate says what test it came from; an entered value has no test.
  CHECK ((method = 'entered') = (test_load_kg IS NULL AND test_reps IS NULL)),
  CHECK ((test_load_kg IS NULL) = (test_reps IS NULL))
) STRICT;
CREATE INDEX one_rep_maxes_by_patient ON one_rep_maxes (patient_id, exercise, recorded_at);

CREATE TABLE programme_assignments (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  programme_name TEXT NOT NULL CHECK (length(trim(programme_name, char(32, 9, 10, 13))) > 0),
  source TEXT NOT NULL CHECK (source IN ('template', 'custom')),
  programme_json TEXT NOT NULL CHECK (json_valid(programme_json)),
  current_phase INTEGER NOT NULL CHECK (current_phase >= 0),
  started_at TEXT NOT NULL CHECK (started_at IS strftime('%Y-%m-%dT%H:%M:%SZ', started_at)),
  phase_started_at TEXT NOT NULL
    CHECK (phase_started_at IS strftime('%Y-%m-%dT%H:%M:%SZ', phase_started_at)
           AND phase_started_at >= started_at)
) STRICT;
CREATE INDEX programme_assignments_by_patient ON programme_assignments (patient_id);

ALTER TABLE session_sets ADD COLUMN load_kg REAL CHECK (load_kg BETWEEN 0 AND 1000);
ALTER TABLE session_sets ADD COLUMN rpe_cr10 REAL CHECK (rpe_cr10 BETWEEN 0 AND 10);
ALTER TABLE session_sets ADD COLUMN pain_0_10 INTEGER CHECK (pain_0_10 BETWEEN 0 AND 10);

ALTER TABLE sessions ADD COLUMN programme_assignment_id INTEGER
  REFERENCES programme_assignments (id);
ALTER TABLE sessions ADD COLUMN phase_index INTEGER CHECK (phase_index >= 0);

CREATE TABLE session_symptoms (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id),
  symptom TEXT NOT NULL CHECK (symptom IN ('numbness', 'dizziness_or_fainting', 'bruising',
                                           'unusual_pain', 'excessive_soreness')),
  severity TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe')),
  noted_at TEXT NOT NULL CHECK (noted_at IS strftime('%Y-%m-%dT%H:%M:%SZ', noted_at)),
  note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX session_symptoms_by_session ON session_symptoms (session_id);
)sql";

}  // namespace bfr::clinic

#pragma once
// Schema version 2 for PostgreSQL: the tables and limits of schema_v2.hpp in
// PostgreSQL's types, following the translation notes of
// postgres_schema_v1.hpp. The programme is kept as TEXT holding JSON (checked
// by a cast to jsonb) so that it reads back byte for byte, as in SQLite.
// Once released this text never changes.

#include <string_view>

namespace bfr::clinic {

inline constexpr std::string_view kPostgresSchemaV2 = R"sql(
CREATE FUNCTION openbfr_is_json(value TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql IMMUTABLE STRICT AS $body$
BEGIN
  PERFORM value::jsonb;
  RETURN true;
EXCEPTION WHEN invalid_text_representation THEN
  RETURN false;
END
$body$;

CREATE TABLE screenings (
  id BIGSERIAL PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  taken_at TEXT COLLATE "C" NOT NULL CHECK (openbfr_is_utc_timestamp(taken_at)),
  answers_text TEXT NOT NULL CHECK (length(answers_text) > 0),
  answers_fingerprint TEXT NOT NULL CHECK (length(answers_fingerprint) = 16),
  validity_days INTEGER NOT NULL CHECK (validity_days BETWEEN 1 AND 365),
  age_years INTEGER NOT NULL CHECK (age_years BETWEEN 0 AND 150),
  dvt_risk_points INTEGER NOT NULL CHECK (dvt_risk_points >= 0)
);
CREATE INDEX screenings_by_patient ON screenings (patient_id, taken_at);

CREATE TABLE screening_limbs (
  screening_id BIGINT NOT NULL REFERENCES screenings (id),
  side TEXT NOT NULL CHECK (side IN ('left', 'right')),
  segment TEXT NOT NULL CHECK (segment IN ('thigh', 'upper_arm')),
  outcome TEXT NOT NULL
    CHECK (outcome IN ('cleared', 'needs_clinician_clearance', 'contraindicated')),
  PRIMARY KEY (screening_id, side, segment)
);

CREATE TABLE screening_reasons (
  screening_id BIGINT NOT NULL,
  side TEXT NOT NULL,
  segment TEXT NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 0),
  level TEXT NOT NULL
    CHECK (level IN ('cleared', 'needs_clinician_clearance', 'contraindicated')),
  text TEXT NOT NULL CHECK (length(btrim(text, E' \t\n\r')) > 0),
  PRIMARY KEY (screening_id, side, segment, position),
  FOREIGN KEY (screening_id, side, segment) REFERENCES screening_limbs (screening_id, side, segment)
);

CREATE TABLE screening_overrides (
  id BIGSERIAL PRIMARY KEY,
  screening_id BIGINT NOT NULL,
  side TEXT NOT NULL,
  segment TEXT NOT NULL,
  clinician TEXT NOT NULL CHECK (length(btrim(clinician, E' \t\n\r')) > 0),
  reason TEXT NOT NULL CHECK (length(btrim(reason, E' \t\n\r')) > 0),
  given_at TEXT COLLATE "C" NOT NULL CHECK (openbfr_is_utc_timestamp(given_at)),
  -- An override names a limb the screening judged.
  FOREIGN KEY (screening_id, side, segment) REFERENCES screening_limbs (screening_id, side, segment)
);
CREATE INDEX screening_overrides_by_screening ON screening_overrides (screening_id);

CREATE TABLE one_rep_maxes (
  id BIGSERIAL PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  exercise TEXT NOT NULL CHECK (length(btrim(exercise, E' \t\n\r')) > 0),
  one_rep_max_kg DOUBLE PRECISION NOT NULL CHECK (one_rep_max_kg > 0 AND one_rep_max_kg <= 1000),
  method TEXT NOT NULL CHECK (method IN ('entered', 'epley', 'brzycki')),
  test_load_kg DOUBLE PRECISION CHECK (test_load_kg > 0 AND test_load_kg <= 1000),
  test_reps INTEGER CHECK (test_reps BETWEEN 1 AND 12),
  recorded_at TEXT COLLATE "C" NOT NULL CHECK (openbfr_is_utc_timestamp(recorded_at)),
  -- An estimate says what test it came from; an entered value has no test.
  CHECK ((method = 'entered') = (test_load_kg IS NULL AND test_reps IS NULL)),
  CHECK ((test_load_kg IS NULL) = (test_reps IS NULL))
);
CREATE INDEX one_rep_maxes_by_patient ON one_rep_maxes (patient_id, exercise, recorded_at);

CREATE TABLE programme_assignments (
  id BIGSERIAL PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  programme_name TEXT NOT NULL CHECK (length(btrim(programme_name, E' \t\n\r')) > 0),
  source TEXT NOT NULL CHECK (source IN ('template', 'custom')),
  programme_json TEXT NOT NULL CHECK (openbfr_is_json(programme_json)),
  current_phase INTEGER NOT NULL CHECK (current_phase >= 0),
  started_at TEXT COLLATE "C" NOT NULL CHECK (openbfr_is_utc_timestamp(started_at)),
  phase_started_at TEXT COLLATE "C" NOT NULL
    CHECK (openbfr_is_utc_timestamp(phase_started_at) AND phase_started_at >= started_at)
);
CREATE INDEX programme_assignments_by_patient ON programme_assignments (patient_id);

ALTER TABLE session_sets ADD COLUMN load_kg DOUBLE PRECISION CHECK (load_kg BETWEEN 0 AND 1000);
ALTER TABLE session_sets ADD COLUMN rpe_cr10 DOUBLE PRECISION CHECK (rpe_cr10 BETWEEN 0 AND 10);
ALTER TABLE session_sets ADD COLUMN pain_0_10 INTEGER CHECK (pain_0_10 BETWEEN 0 AND 10);

ALTER TABLE sessions ADD COLUMN programme_assignment_id BIGINT
  REFERENCES programme_assignments (id);
ALTER TABLE sessions ADD COLUMN phase_index INTEGER CHECK (phase_index >= 0);

CREATE TABLE session_symptoms (
  id BIGSERIAL PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES sessions (id),
  symptom TEXT NOT NULL CHECK (symptom IN ('numbness', 'dizziness_or_fainting', 'bruising',
                                           'unusual_pain', 'excessive_soreness')),
  severity TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe')),
  noted_at TEXT COLLATE "C" NOT NULL CHECK (openbfr_is_utc_timestamp(noted_at)),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_symptoms_by_session ON session_symptoms (session_id);
)sql";

}  // namespace bfr::clinic

#pragma once
// Schema version 1. Once released this text never changes: later schema
// changes are new migration steps. The limits repeat those in
// record_validation.cpp so that a write that bypasses the C++ checks still
// cannot store implausible data. STRICT tables (SQLite >= 3.37) refuse values
// of the wrong type instead of silently converting them. Timestamps must read
// back unchanged through strftime(), which pins the "YYYY-MM-DDTHH:MM:SSZ"
// shape; the C++ side also checks that the date exists.

#include <string_view>

namespace bfr::clinic {

inline constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL UNIQUE CHECK (length(trim(display_name, char(32, 9, 10, 13))) > 0),
  birth_year INTEGER NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  resting_sbp_mmhg REAL NOT NULL CHECK (resting_sbp_mmhg BETWEEN 60 AND 260),
  resting_dbp_mmhg REAL NOT NULL CHECK (resting_dbp_mmhg BETWEEN 30 AND 160),
  resting_hr_bpm REAL NOT NULL CHECK (resting_hr_bpm BETWEEN 25 AND 220),
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL CHECK (created_at IS strftime('%Y-%m-%dT%H:%M:%SZ', created_at)),
  CHECK (resting_dbp_mmhg < resting_sbp_mmhg)
) STRICT;

CREATE TABLE limbs (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  side TEXT NOT NULL CHECK (side IN ('left', 'right')),
  segment TEXT NOT NULL CHECK (segment IN ('thigh', 'upper_arm')),
  circumference_cm REAL NOT NULL CHECK (circumference_cm BETWEEN 10 AND 120),
  -- Lets sessions reference (limb, patient) pairs, so that a session can
  -- never name another patient's limb.
  UNIQUE (id, patient_id)
) STRICT;
CREATE INDEX limbs_by_patient ON limbs (patient_id);

CREATE TABLE traces (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (length(trim(kind, char(32, 9, 10, 13))) > 0),
  sample_rate_hz REAL NOT NULL CHECK (sample_rate_hz BETWEEN 0.001 AND 100000),
  created_at TEXT NOT NULL CHECK (created_at IS strftime('%Y-%m-%dT%H:%M:%SZ', created_at))
) STRICT;

CREATE TABLE trace_samples (
  trace_id INTEGER NOT NULL REFERENCES traces (id),
  t_s REAL NOT NULL CHECK (t_s >= 0),
  cuff_mmhg REAL NOT NULL CHECK (cuff_mmhg BETWEEN -50 AND 500),
  target_mmhg REAL NOT NULL CHECK (target_mmhg BETWEEN 0 AND 400),
  phase INTEGER NOT NULL CHECK (phase >= 0),
  set_index INTEGER NOT NULL CHECK (set_index >= -1),
  PRIMARY KEY (trace_id, t_s)
) STRICT, WITHOUT ROWID;

-- Traces only grow at the end; the primary key makes this check a single
-- index lookup.
CREATE TRIGGER trace_samples_append_in_time_order
BEFORE INSERT ON trace_samples
WHEN NEW.t_s <= (SELECT max(t_s) FROM trace_samples WHERE trace_id = NEW.trace_id)
BEGIN
  SELECT RAISE(ABORT, 'trace samples must be appended in increasing t_s order');
END;

CREATE TABLE lop_measurements (
  id INTEGER PRIMARY KEY,
  limb_id INTEGER NOT NULL REFERENCES limbs (id),
  measured_at TEXT NOT NULL CHECK (measured_at IS strftime('%Y-%m-%dT%H:%M:%SZ', measured_at)),
  method TEXT NOT NULL CHECK (method IN ('measured', 'estimated')),
  lop_mmhg REAL CHECK (lop_mmhg BETWEEN 20 AND 400),
  quality REAL NOT NULL CHECK (quality BETWEEN 0 AND 1),
  posture TEXT NOT NULL CHECK (posture IN ('supine', 'seated', 'standing')),
  cuff_width_cm REAL NOT NULL CHECK (cuff_width_cm BETWEEN 2 AND 50),
  heart_rate_bpm REAL CHECK (heart_rate_bpm BETWEEN 25 AND 220),
  sim_true_lop_mmhg REAL CHECK (sim_true_lop_mmhg BETWEEN 20 AND 400),
  abort_reason TEXT NOT NULL DEFAULT '',
  trace_id INTEGER REFERENCES traces (id),
  -- A failed measurement must say why it failed.
  CHECK (lop_mmhg IS NOT NULL OR length(trim(abort_reason, char(32, 9, 10, 13))) > 0),
  -- Lets sessions reference (measurement, limb) pairs.
  UNIQUE (id, limb_id)
) STRICT;
CREATE INDEX lop_measurements_by_limb ON lop_measurements (limb_id);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  limb_id INTEGER NOT NULL,
  lop_measurement_id INTEGER,
  started_at TEXT NOT NULL CHECK (started_at IS strftime('%Y-%m-%dT%H:%M:%SZ', started_at)),
  -- NULL while the session runs.
  ended_at TEXT
    CHECK (ended_at IS strftime('%Y-%m-%dT%H:%M:%SZ', ended_at) AND ended_at >= started_at),
  exercise TEXT NOT NULL CHECK (length(trim(exercise, char(32, 9, 10, 13))) > 0),
  device TEXT NOT NULL CHECK (length(trim(device, char(32, 9, 10, 13))) > 0),
  target_fraction REAL NOT NULL CHECK (target_fraction BETWEEN 0 AND 1),
  target_mmhg REAL NOT NULL CHECK (target_mmhg BETWEEN 0 AND 400),
  rest_s REAL NOT NULL CHECK (rest_s >= 0),
  total_restriction_s REAL NOT NULL CHECK (total_restriction_s >= 0),
  stop_reason TEXT NOT NULL DEFAULT '',
  trace_id INTEGER REFERENCES traces (id),
  -- The limb belongs to the patient, and the LOP was measured on that limb.
  FOREIGN KEY (limb_id, patient_id) REFERENCES limbs (id, patient_id),
  FOREIGN KEY (lop_measurement_id, limb_id) REFERENCES lop_measurements (id, limb_id),
  -- A finished session always says why it stopped.
  CHECK ((ended_at IS NULL) = (stop_reason = ''))
) STRICT;
CREATE INDEX sessions_by_patient ON sessions (patient_id, started_at);

CREATE TABLE session_sets (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id),
  set_index INTEGER NOT NULL CHECK (set_index >= 0),
  target_reps INTEGER NOT NULL CHECK (target_reps >= 0),
  actual_reps INTEGER NOT NULL CHECK (actual_reps >= 0),
  started_s REAL NOT NULL CHECK (started_s >= 0),
  duration_s REAL NOT NULL CHECK (duration_s >= 0),
  rest_after_s REAL NOT NULL CHECK (rest_after_s >= 0),
  time_in_band_fraction REAL NOT NULL CHECK (time_in_band_fraction BETWEEN 0 AND 1),
  peak_mmhg REAL NOT NULL CHECK (peak_mmhg BETWEEN -50 AND 500),
  mean_mmhg REAL NOT NULL CHECK (mean_mmhg BETWEEN -50 AND 500),
  min_mmhg REAL NOT NULL CHECK (min_mmhg BETWEEN -50 AND 500),
  CHECK (min_mmhg <= mean_mmhg AND mean_mmhg <= peak_mmhg),
  UNIQUE (session_id, set_index)
) STRICT;

CREATE TABLE session_events (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id),
  t_s REAL NOT NULL CHECK (t_s >= 0),
  kind TEXT NOT NULL CHECK (length(trim(kind, char(32, 9, 10, 13))) > 0),
  detail TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX session_events_by_session ON session_events (session_id, t_s);
)sql";

}  // namespace bfr::clinic

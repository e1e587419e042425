#pragma once
// Schema version 1 for PostgreSQL: the tables, limits and rules of
// schema_v1.hpp in PostgreSQL's types. Once released this text never changes:
// later schema changes are new migration steps, written for both backends.
//
// Translation notes:
// - Ids are BIGSERIAL (SQLite's INTEGER PRIMARY KEY is 64-bit too); SQLite's
//   REAL is DOUBLE PRECISION, so doubles come back bit for bit.
// - Timestamps stay TEXT in the records' "YYYY-MM-DDTHH:MM:SSZ" form, with the
//   "C" collation so that ordering and comparing them is byte order, as in
//   SQLite, whatever the database's locale. openbfr_is_utc_timestamp() plays
//   the part of SQLite's strftime() round trip.
// - PostgreSQL sorts NaN above every number, so checks with only a lower bound
//   exclude it explicitly (SQLite stores NaN as NULL, which NOT NULL refuses).
// - The time-order trigger raises the same message as SQLite's.

#include <string_view>

namespace bfr::clinic {

inline constexpr std::string_view kPostgresSchemaV1 = R"sql(
CREATE FUNCTION openbfr_is_utc_timestamp(value TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql IMMUTABLE STRICT AS $body$
BEGIN
  IF value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' THEN
    RETURN false;
  END IF;
  -- A date or time that does not exist either fails to convert or comes
  -- back different (24:00:00 becomes the next day).
  RETURN to_char(value::timestamp, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') = value;
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
  RETURN false;
END
$body$;

CREATE TABLE patients (
  id BIGSERIAL PRIMARY KEY,
  display_name TEXT NOT NULL UNIQUE CHECK (length(btrim(display_name, E' \t\n\r')) > 0),
  birth_year INTEGER NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  resting_sbp_mmhg DOUBLE PRECISION NOT NULL CHECK (resting_sbp_mmhg BETWEEN 60 AND 260),
  resting_dbp_mmhg DOUBLE PRECISION NOT NULL CHECK (resting_dbp_mmhg BETWEEN 30 AND 160),
  resting_hr_bpm DOUBLE PRECISION NOT NULL CHECK (resting_hr_bpm BETWEEN 25 AND 220),
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT COLLATE "C" NOT NULL CHECK (openbfr_is_utc_timestamp(created_at)),
  CHECK (resting_dbp_mmhg < resting_sbp_mmhg)
);

CREATE TABLE limbs (
  id BIGSERIAL PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  side TEXT NOT NULL CHECK (side IN ('left', 'right')),
  segment TEXT NOT NULL CHECK (segment IN ('thigh', 'upper_arm')),
  circumference_cm DOUBLE PRECISION NOT NULL CHECK (circumference_cm BETWEEN 10 AND 120),
  -- Lets sessions reference (limb, patient) pairs, so that a session can
  -- never name another patient's limb.
  UNIQUE (id, patient_id)
);
CREATE INDEX limbs_by_patient ON limbs (patient_id);

CREATE TABLE traces (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL CHECK (length(btrim(kind, E' \t\n\r')) > 0),
  sample_rate_hz DOUBLE PRECISION NOT NULL CHECK (sample_rate_hz BETWEEN 0.001 AND 100000),
  created_at TEXT COLLATE "C" NOT NULL CHECK (openbfr_is_utc_timestamp(created_at))
);

CREATE TABLE trace_samples (
  trace_id BIGINT NOT NULL REFERENCES traces (id),
  t_s DOUBLE PRECISION NOT NULL CHECK (t_s >= 0 AND t_s <> 'NaN'),
  cuff_mmhg DOUBLE PRECISION NOT NULL CHECK (cuff_mmhg BETWEEN -50 AND 500),
  target_mmhg DOUBLE PRECISION NOT NULL CHECK (target_mmhg BETWEEN 0 AND 400),
  phase INTEGER NOT NULL CHECK (phase >= 0),
  set_index INTEGER NOT NULL CHECK (set_index >= -1),
  PRIMARY KEY (trace_id, t_s)
);

-- Traces only grow at the end; the primary key makes this check a single
-- index lookup.
CREATE FUNCTION trace_samples_append_in_time_order() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  IF NEW.t_s <= (SELECT max(t_s) FROM trace_samples WHERE trace_id = NEW.trace_id) THEN
    RAISE EXCEPTION 'trace samples must be appended in increasing t_s order';
  END IF;
  RETURN NEW;
END
$body$;
CREATE TRIGGER trace_samples_append_in_time_order
BEFORE INSERT ON trace_samples
FOR EACH ROW EXECUTE FUNCTION trace_samples_append_in_time_order();

CREATE TABLE lop_measurements (
  id BIGSERIAL PRIMARY KEY,
  limb_id BIGINT NOT NULL REFERENCES limbs (id),
  measured_at TEXT COLLATE "C" NOT NULL CHECK (openbfr_is_utc_timestamp(measured_at)),
  method TEXT NOT NULL CHECK (method IN ('measured', 'estimated')),
  lop_mmhg DOUBLE PRECISION CHECK (lop_mmhg BETWEEN 20 AND 400),
  quality DOUBLE PRECISION NOT NULL CHECK (quality BETWEEN 0 AND 1),
  posture TEXT NOT NULL CHECK (posture IN ('supine', 'seated', 'standing')),
  cuff_width_cm DOUBLE PRECISION NOT NULL CHECK (cuff_width_cm BETWEEN 2 AND 50),
  heart_rate_bpm DOUBLE PRECISION CHECK (heart_rate_bpm BETWEEN 25 AND 220),
  sim_true_lop_mmhg DOUBLE PRECISION CHECK (sim_true_lop_mmhg BETWEEN 20 AND 400),
  abort_reason TEXT NOT NULL DEFAULT '',
  trace_id BIGINT REFERENCES traces (id),
  -- A failed measurement must say why it failed.
  CHECK (lop_mmhg IS NOT NULL OR length(btrim(abort_reason, E' \t\n\r')) > 0),
  -- Lets sessions reference (measurement, limb) pairs.
  UNIQUE (id, limb_id)
);
CREATE INDEX lop_measurements_by_limb ON lop_measurements (limb_id);

CREATE TABLE sessions (
  id BIGSERIAL PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  limb_id BIGINT NOT NULL,
  lop_measurement_id BIGINT,
  started_at TEXT COLLATE "C" NOT NULL CHECK (openbfr_is_utc_timestamp(started_at)),
  -- NULL while the session runs.
  ended_at TEXT COLLATE "C",
  exercise TEXT NOT NULL CHECK (length(btrim(exercise, E' \t\n\r')) > 0),
  device TEXT NOT NULL CHECK (length(btrim(device, E' \t\n\r')) > 0),
  target_fraction DOUBLE PRECISION NOT NULL CHECK (target_fraction BETWEEN 0 AND 1),
  target_mmhg DOUBLE PRECISION NOT NULL CHECK (target_mmhg BETWEEN 0 AND 400),
  rest_s DOUBLE PRECISION NOT NULL CHECK (rest_s >= 0 AND rest_s <> 'NaN'),
  total_restriction_s DOUBLE PRECISION NOT NULL
    CHECK (total_restriction_s >= 0 AND total_restriction_s <> 'NaN'),
  stop_reason TEXT NOT NULL DEFAULT '',
  trace_id BIGINT REFERENCES traces (id),
  CHECK (openbfr_is_utc_timestamp(ended_at) AND ended_at >= started_at),
  -- The limb belongs to the patient, and the LOP was measured on that limb.
  FOREIGN KEY (limb_id, patient_id) REFERENCES limbs (id, patient_id),
  FOREIGN KEY (lop_measurement_id, limb_id) REFERENCES lop_measurements (id, limb_id),
  -- A finished session always says why it stopped.
  CHECK ((ended_at IS NULL) = (stop_reason = ''))
);
CREATE INDEX sessions_by_patient ON sessions (patient_id, started_at);

CREATE TABLE session_sets (
  id BIGSERIAL PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES sessions (id),
  set_index INTEGER NOT NULL CHECK (set_index >= 0),
  target_reps INTEGER NOT NULL CHECK (target_reps >= 0),
  actual_reps INTEGER NOT NULL CHECK (actual_reps >= 0),
  started_s DOUBLE PRECISION NOT NULL CHECK (started_s >= 0 AND started_s <> 'NaN'),
  duration_s DOUBLE PRECISION NOT NULL CHECK (duration_s >= 0 AND duration_s <> 'NaN'),
  rest_after_s DOUBLE PRECISION NOT NULL CHECK (rest_after_s >= 0 AND rest_after_s <> 'NaN'),
  time_in_band_fraction DOUBLE PRECISION NOT NULL CHECK (time_in_band_fraction BETWEEN 0 AND 1),
  peak_mmhg DOUBLE PRECISION NOT NULL CHECK (peak_mmhg BETWEEN -50 AND 500),
  mean_mmhg DOUBLE PRECISION NOT NULL CHECK (mean_mmhg BETWEEN -50 AND 500),
  min_mmhg DOUBLE PRECISION NOT NULL CHECK (min_mmhg BETWEEN -50 AND 500),
  CHECK (min_mmhg <= mean_mmhg AND mean_mmhg <= peak_mmhg),
  UNIQUE (session_id, set_index)
);

CREATE TABLE session_events (
  id BIGSERIAL PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES sessions (id),
  t_s DOUBLE PRECISION NOT NULL CHECK (t_s >= 0 AND t_s <> 'NaN'),
  kind TEXT NOT NULL CHECK (length(btrim(kind, E' \t\n\r')) > 0),
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_events_by_session ON session_events (session_id, t_s);
)sql";

}  // namespace bfr::clinic

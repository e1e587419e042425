// The JSON API of `bfr serve` (server/openapi.json). The session cookie is
// HttpOnly and sent by the browser; every request that changes state carries
// the session's CSRF token, which the server hands out at sign-in and in
// /api/me.

export interface Me {
  name: string;
  role: "admin" | "clinician";
  csrf_token: string;
}

export interface Limb {
  id?: number;
  limb: string;
  circumference_cm: number;
}

export interface Patient {
  id: number;
  name: string;
  birth_year: number;
  sex: "female" | "male";
  resting_sbp_mmhg: number;
  resting_dbp_mmhg: number;
  resting_hr_bpm: number;
  notes: string;
  created_at: string;
  limbs: Limb[];
  screening_voided?: boolean;
}

export interface Screening {
  id: number;
  taken_at: string;
  validity_days: number;
  age_years: number;
  dvt_risk_points: number;
  status: string;
  limbs: { limb: string; outcome: string; reasons: { level: string; text: string }[] }[];
  overrides?: ScreeningOverride[];
}

export interface ScreeningOverride {
  id: number;
  screening_id: number;
  limb: string;
  clinician: string;
  reason: string;
  given_at: string;
  expires_at: string | null;
}

export interface ProgrammeTemplate {
  key: string;
  programme: { name: string; indication: string; phases: { name: string; goal: string; exercises: { name: string }[] }[] };
}

export interface ProgrammeAssignment {
  id: number;
  programme_name: string;
  source: string;
  phase: number;
  started_at: string;
  phase_started_at: string;
  phases: { name: string; goal: string; exercises: string[] }[];
}

export interface OneRepMax {
  id: number;
  exercise: string;
  one_rep_max_kg: number;
  method: "entered" | "epley" | "brzycki";
  test_load_kg: number | null;
  test_reps: number | null;
  recorded_at: string;
}

export interface LopMeasurement {
  id: number;
  limb: string;
  measured_at: string;
  method: string;
  lop_mmhg: number | null;
  quality: number;
  posture: string;
  cuff_width_cm: number;
  // For an estimate only: its equation and published error.
  estimate?: LopEstimateError | null;
}

export interface LopEstimateError {
  equation: string;
  citation: string;
  standard_error_mmhg: number;
  interval_95_mmhg: [number, number];
  r_squared: number;
  n: number;
}

// How a stored LOP reads wherever it is shown: an estimate always says so,
// with its equation's published error.
export function lopMethodText(m: LopMeasurement): string {
  if (m.method !== "estimated") return m.method;
  const e = m.estimate;
  if (!e) return "ESTIMATE (not measured)";
  return (
    `ESTIMATE (not measured): ${e.equation}, ${e.citation}; SEE ±${e.standard_error_mmhg.toFixed(1)} mmHg, ` +
    `95 % ${e.interval_95_mmhg[0].toFixed(0)}–${e.interval_95_mmhg[1].toFixed(0)} mmHg`
  );
}

export interface Account {
  id: number;
  name: string;
  role: string;
  created_at: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  address: string;
  action: string;
  target: string;
  detail: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = "";

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, data.error ?? `request failed (${response.status})`);
  }
  return data as T;
}

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

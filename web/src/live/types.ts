// The live work routes of `bfr serve` (server/openapi.json, "Live work").

import type { LopMeasurement } from "../api";

export interface AlarmState {
  alarm: string;
  priority: string; // "high", "medium", "low"
  action: string; // "warn", "hold", "deflate", "vent"
}

export interface LiveRun {
  id: number;
  kind: "lop" | "session";
  state: "connecting" | "running" | "finished" | "failed" | "stopped";
  device: string;
  device_id: number;
  patient_id: number;
  patient: string;
  limb: string;
  posture: string;
  cuff_width_cm: number;
  started_by: string;
  stopped_by: string;
  error: string;
  phase: string;
  set: number;
  alarms: AlarmState[];
  session_id: number | null;
  exercise?: {
    name: string;
    target_fraction: number;
    target_mmhg: number | null;
    target_reps: number[];
    rest_s: number;
    inflations: number;
    set_duration_s: number | null;
    load: string;
    sets: number;
  };
  result: { lop?: LopResult; session?: SessionRecord } | null;
}

// The stored measurement a run ends with: the API's LOP record, with the
// heart rate and the reason when it failed.
export type LopResult = LopMeasurement & {
  heart_rate_bpm: number | null;
  abort_reason: string;
};

export interface SetRecord {
  set: number;
  target_reps: number;
  actual_reps: number;
  duration_s: number;
  time_in_band_fraction: number;
  mean_mmhg: number;
  load_kg: number | null;
  rpe_cr10: number | null;
  pain_0_10: number | null;
}

export interface SessionRecord {
  id: number;
  patient_id: number;
  limb: string;
  started_at: string;
  ended_at: string;
  exercise: string;
  device: string;
  target_mmhg: number;
  total_restriction_s: number;
  stop_reason: string;
  reps: number;
  target_reps: number;
  volume_kg: number;
  sets: SetRecord[];
  symptoms: { symptom: string; severity: string; note: string }[];
}

export interface SessionDetail extends SessionRecord {
  events: { t_s: number; kind: string; detail: string }[];
  trace: { t_s: number[]; cuff_mmhg: number[]; target_mmhg: number[]; phase: number[]; set_index: number[] };
}

export interface Device {
  id: number;
  label: string;
  kind: "virtual" | "linked";
  address: string;
  speed: number;
  state: "idle" | "busy";
  run: LiveRun | null;
  last_run: LiveRun | null;
}

export interface Telemetry {
  t: number;
  cuff: number[];
  target: number;
  band: [number, number] | null;
  phase: string;
  reps: number;
  lop_progress: number;
  restriction_s: number;
  restriction_limit_s: number;
  alarms: AlarmState[];
  exercise?: string;
  set?: number | null;
  sets?: number;
  target_reps?: number;
  rest_remaining_s?: number;
}

export interface LiveEvent {
  t?: number;
  kind: string;
  detail: string;
  set?: number;
  priority?: string;
  alarms?: AlarmState[];
}

export interface StreamHandlers {
  telemetry(t: Telemetry): void;
  event(e: LiveEvent): void;
  state(run: LiveRun): void;
}

// Follows a run's server-sent events; EventSource reconnects by itself and
// resumes after the last message (Last-Event-ID). Returns a closer.
export function follow(runId: number, handlers: StreamHandlers): () => void {
  const source = new EventSource(`/api/live/${runId}/stream`);
  source.addEventListener("telemetry", (m) => handlers.telemetry(JSON.parse((m as MessageEvent).data)));
  source.addEventListener("event", (m) => handlers.event(JSON.parse((m as MessageEvent).data)));
  source.addEventListener("state", (m) => {
    const run = JSON.parse((m as MessageEvent).data) as LiveRun;
    handlers.state(run);
    // Over: the server has closed the stream; do not reconnect.
    if (run.state !== "running" && run.state !== "connecting") source.close();
  });
  return () => source.close();
}

export function limbText(limb: string): string {
  return limb.replace(/_/g, " ");
}

export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

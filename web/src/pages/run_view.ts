// One live run in its own view (#/runs/ID): a LOP measurement or a session
// on a device. The pressure plot, the session's state in large type, the
// metronome and cues, restriction time against its limit, the alarm banner
// with sound and acknowledge, the end of a set, feedback per set, and the
// emergency deflate in a bar fixed to the screen (Escape sends it too).

import { call } from "../api";
import { h, show } from "../dom";
import { cues, Metronome, unlock } from "../live/audio";
import { PressureChart } from "../live/pressure_chart";
import {
  clock,
  follow,
  limbText,
  type AlarmState,
  type LiveEvent,
  type LiveRun,
  type LopResult,
  type SessionRecord,
  type Telemetry,
} from "../live/types";

const SYMPTOMS = ["numbness", "dizziness_or_fainting", "bruising", "unusual_pain", "excessive_soreness"];

let closeCurrent: (() => void) | null = null;

// Leaving the page stops its stream, sounds and shortcut.
export function leaveRunPage(): void {
  closeCurrent?.();
  closeCurrent = null;
}

function lopResultView(lop: LopResult): HTMLElement {
  if (lop.lop_mmhg === null) {
    return h("section", { class: "card result", id: "lop-result" }, h("h2", {}, "No LOP"), h("p", {}, `The measurement ended without a value: ${lop.abort_reason}. Nothing was inflated afterwards; measure again.`));
  }
  return h(
    "section",
    { class: "card result", id: "lop-result" },
    h("h2", {}, "Result"),
    h("p", { class: "big" }, `${lop.lop_mmhg.toFixed(0)} mmHg`),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Method"),
      h("dd", { id: "lop-method" }, lop.method === "estimated" ? "estimated (a population equation, not this limb)" : "measured on this limb"),
      h("dt", {}, "Quality"),
      h("dd", {}, lop.quality.toFixed(2)),
      h("dt", {}, "Posture"),
      h("dd", {}, lop.posture),
      h("dt", {}, "Cuff"),
      h("dd", {}, `${lop.cuff_width_cm} cm`),
      h("dt", {}, "Heart rate"),
      h("dd", {}, lop.heart_rate_bpm === null ? "-" : `${lop.heart_rate_bpm.toFixed(0)} bpm`),
    ),
  );
}

function sessionResultView(s: SessionRecord): HTMLElement {
  return h(
    "section",
    { class: "card result", id: "session-result" },
    h("h2", {}, "Stored"),
    h("p", {}, `Session ${s.id}: ${s.reps}/${s.target_reps} reps, ${clock(s.total_restriction_s)} under restriction, ended: ${s.stop_reason}.`),
    h("a", { href: `#/history/session/${s.id}`, class: "button" }, "Open the stored session"),
  );
}

export async function runPage(id: number): Promise<void> {
  leaveRunPage();
  let run = await call<LiveRun>("GET", `/api/live/${id}`);
  const isSession = run.kind === "session";
  const title = isSession ? `${run.exercise?.name} — ${run.patient}` : `LOP measurement — ${run.patient}`;

  const state = h("span", { id: "run-state" }, run.state);
  const phase = h("span", { class: "phase", id: "phase" }, run.phase.replace(/_/g, " "));
  const setText = h("span", { class: "huge", id: "set-text" }, "-");
  const repsText = h("span", { class: "huge", id: "reps-text" }, "-");
  const restText = h("span", { class: "huge", id: "rest-text" }, "-");
  const pressureText = h("span", { class: "huge", id: "pressure-text" }, "-");
  const restrictionBar = h("progress", { id: "restriction", max: 1800, value: 0 });
  const restrictionText = h("span", { id: "restriction-text" }, "0:00 of 30:00");
  const alarmText = h("span", { id: "alarm-text" });
  const ackButton = h("button", { type: "button", class: "button", id: "ack" }, "Acknowledge");
  const alarmBanner = h("div", { class: "alarm", id: "alarm-banner", role: "alert", hidden: true }, alarmText, ackButton);
  const chartBox = h("div", { class: "chart", id: "live-chart" });
  const resultBox = h("div", { id: "result" });
  const log = h("ul", { class: "log", id: "event-log", "aria-live": "polite" });
  const metronomeButton = h("button", { type: "button", class: "button", id: "metronome", "aria-pressed": "false" }, "Metronome off");
  const repsInput = h("input", { type: "number", min: 0, max: 1000, id: "end-reps", placeholder: "device count", "aria-label": "Reps done (empty: the device's count)" });
  const endSetButton = h("button", { type: "button", class: "button primary", id: "end-set" }, "End set");
  const feedbackBox = h("div", { id: "feedback" });
  const deflateButton = h("button", { type: "button", class: "deflate", id: "deflate", accesskey: "d" }, "EMERGENCY DEFLATE (Esc)");
  const deflateBar = h("div", { class: "deflate-bar", role: "region", "aria-label": "Emergency" }, deflateButton, h("span", { id: "device-name" }, `${run.device}`));

  show(
    h("h1", {}, title),
    h("p", { class: "muted" }, `${run.device}, ${limbText(run.limb)}, ${run.posture}, ${run.cuff_width_cm} cm cuff, started by ${run.started_by}. State: `, state),
    alarmBanner,
    h(
      "section",
      { class: "card status" },
      h("div", {}, h("span", { class: "label" }, "Phase"), phase),
      h("div", {}, h("span", { class: "label" }, "Cuff"), pressureText),
      isSession ? [h("div", {}, h("span", { class: "label" }, "Set"), setText), h("div", {}, h("span", { class: "label" }, "Reps"), repsText), h("div", {}, h("span", { class: "label" }, "Rest"), restText)] : [],
    ),
    isSession
      ? h(
          "section",
          { class: "card" },
          h("div", { class: "restriction" }, h("label", { for: "restriction" }, "Restriction time"), restrictionBar, restrictionText),
          h("p", { class: "muted" }, `Target ${run.exercise?.target_mmhg?.toFixed(0) ?? "-"} mmHg (${((run.exercise?.target_fraction ?? 0) * 100).toFixed(0)} % LOP); ${run.exercise?.target_reps.join("-")} reps, ${run.exercise?.rest_s} s rests; ${run.exercise?.load}`),
          h("div", { class: "actions" }, metronomeButton, repsInput, endSetButton),
        )
      : null,
    h("section", { class: "card" }, h("h2", {}, "Pressure"), chartBox),
    resultBox,
    isSession ? h("section", { class: "card" }, h("h2", {}, "Feedback per set"), feedbackBox) : null,
    h("section", { class: "card" }, h("h2", {}, "Events"), log),
    deflateBar,
  );

  const chart = new PressureChart(chartBox);
  const metronome = new Metronome(2);
  let acknowledged = new Set<string>();
  let alarmTimer: number | null = null;
  let lastSet = 0;
  let lastPhase = run.phase;
  let lastRest = Infinity;
  let cuedLastReps = false;
  let feedbackSets = 0;

  const addLog = (text: string) => {
    log.prepend(h("li", {}, text));
    while (log.children.length > 200) log.lastChild?.remove();
  };

  const deflate = async () => {
    unlock();
    deflateButton.disabled = true;
    try {
      const answer = await call<{ sent: boolean }>("POST", `/api/live/${id}/deflate`);
      addLog(answer.sent ? "Emergency deflate sent" : "The run was already over");
    } catch (e) {
      addLog(`Deflate failed: ${(e as Error).message}`);
    } finally {
      deflateButton.disabled = false;
    }
  };
  deflateButton.addEventListener("click", () => void deflate());
  const onKey = (e: KeyboardEvent) => {
    unlock();
    if (e.key === "Escape") {
      e.preventDefault();
      void deflate();
    }
  };
  document.addEventListener("keydown", onKey);
  document.addEventListener("pointerdown", unlock, { once: true });

  const showAlarms = (alarms: AlarmState[]) => {
    if (alarms.length === 0) {
      alarmBanner.hidden = true;
      if (alarmTimer !== null) window.clearInterval(alarmTimer);
      alarmTimer = null;
      acknowledged = new Set();
      return;
    }
    alarmBanner.hidden = false;
    alarmBanner.classList.toggle("high", alarms.some((a) => a.priority === "high"));
    alarmText.textContent = `ALARM: ${alarms.map((a) => `${a.alarm.replace(/_/g, " ")} (${a.action})`).join(", ")}`;
    const unseen = alarms.some((a) => !acknowledged.has(a.alarm));
    ackButton.hidden = !unseen;
    if (unseen && alarmTimer === null) {
      cues.alarm();
      alarmTimer = window.setInterval(() => cues.alarm(), 2000);
    } else if (!unseen && alarmTimer !== null) {
      window.clearInterval(alarmTimer);
      alarmTimer = null;
    }
  };
  let currentAlarms: AlarmState[] = run.alarms;
  ackButton.addEventListener("click", async () => {
    try {
      const answer = await call<{ acknowledged: AlarmState[] }>("POST", `/api/live/${id}/alarms/ack`, {});
      for (const a of answer.acknowledged) acknowledged.add(a.alarm);
      for (const a of currentAlarms) acknowledged.add(a.alarm);
      showAlarms(currentAlarms);
      addLog("Alarms acknowledged");
    } catch (e) {
      addLog(`Acknowledge failed: ${(e as Error).message}`);
    }
  });
  showAlarms(currentAlarms);

  metronomeButton.addEventListener("click", () => {
    if (metronome.running) metronome.stop();
    else metronome.start();
    metronomeButton.textContent = metronome.running ? "Metronome on" : "Metronome off";
    metronomeButton.setAttribute("aria-pressed", String(metronome.running));
  });
  endSetButton.addEventListener("click", async () => {
    const reps = repsInput.value === "" ? undefined : Number(repsInput.value);
    try {
      await call("POST", `/api/live/${id}/end-set`, reps === undefined ? {} : { reps });
      repsInput.value = "";
      addLog(reps === undefined ? "Set ended (device count)" : `Set ended at ${reps} reps`);
    } catch (e) {
      addLog(`End set: ${(e as Error).message}`);
    }
  });

  const feedbackRow = (set: number) => {
    const rpe = h("input", { type: "number", min: 0, max: 10, step: 0.5, id: `rpe-${set}`, "aria-label": `RPE set ${set}` });
    const pain = h("input", { type: "number", min: 0, max: 10, step: 1, id: `pain-${set}`, "aria-label": `Pain set ${set}` });
    const symptom = h("select", { id: `symptom-${set}`, "aria-label": `Symptom set ${set}` }, h("option", { value: "" }, "no symptom"), SYMPTOMS.map((s) => h("option", { value: s }, s.replace(/_/g, " "))));
    const severity = h("select", { id: `severity-${set}`, "aria-label": `Severity set ${set}` }, ["mild", "moderate", "severe"].map((s) => h("option", { value: s }, s)));
    const status = h("span", { class: "muted", id: `feedback-status-${set}` });
    const save = h("button", { type: "button", class: "button", id: `save-feedback-${set}` }, "Save");
    save.addEventListener("click", async () => {
      const body: Record<string, unknown> = {};
      if (rpe.value !== "") body.rpe = Number(rpe.value);
      if (pain.value !== "") body.pain = Number(pain.value);
      if (symptom.value !== "") body.symptoms = [{ symptom: symptom.value, severity: severity.value }];
      try {
        const answer = await call<{ stored: boolean }>("POST", `/api/live/${id}/sets/${set}/feedback`, body);
        status.textContent = answer.stored ? "stored" : "kept; stored with the set";
      } catch (e) {
        status.textContent = (e as Error).message;
      }
    });
    return h("div", { class: "feedback-row" }, h("strong", {}, `Set ${set}`), h("label", {}, "RPE ", rpe), h("label", {}, "Pain ", pain), symptom, severity, save, status);
  };
  const offerFeedback = (upTo: number) => {
    while (feedbackSets < upTo) feedbackBox.append(feedbackRow(++feedbackSets));
  };

  const onTelemetry = (t: Telemetry) => {
    chart.add(t.t, t.cuff[0], t.band, t.target);
    pressureText.textContent = `${t.cuff[0].toFixed(0)} mmHg`;
    phase.textContent = t.phase.replace(/_/g, " ") + (t.phase === "measuring_lop" ? ` ${(t.lop_progress * 100).toFixed(0)} %` : "");
    restrictionBar.max = t.restriction_limit_s;
    restrictionBar.value = t.restriction_s;
    restrictionText.textContent = `${clock(t.restriction_s)} of ${clock(t.restriction_limit_s)}`;
    if (isSession) {
      const set = t.set ?? 0;
      setText.textContent = set > 0 ? `${set} of ${t.sets}` : `- of ${t.sets}`;
      repsText.textContent = t.phase === "exercise" ? `${t.reps} / ${t.target_reps ?? "-"}` : set > 0 ? `${t.reps} done` : "-";
      restText.textContent = t.rest_remaining_s !== undefined ? clock(t.rest_remaining_s) : "-";
      if (set > lastSet) {
        if (lastSet > 0) offerFeedback(lastSet);
        lastSet = set;
        cuedLastReps = false;
        cues.setStart();
      }
      if (t.phase === "exercise" && t.target_reps !== undefined && !cuedLastReps && t.reps >= t.target_reps - 3) {
        cuedLastReps = true;
        cues.lastReps();
      }
      if (t.rest_remaining_s !== undefined) {
        if (lastRest > 0.5 && t.rest_remaining_s <= 0.5) cues.restOver();
        lastRest = t.rest_remaining_s;
      } else {
        lastRest = Infinity;
      }
      if (lastPhase === "exercise" && t.phase !== "exercise") offerFeedback(lastSet);
    }
    lastPhase = t.phase;
    currentAlarms = t.alarms;
    showAlarms(t.alarms);
  };
  const onEvent = (e: LiveEvent) => {
    addLog(`${e.t !== undefined ? clock(e.t) + " " : ""}${e.kind.replace(/_/g, " ")}${e.detail ? ": " + e.detail : ""}`);
  };
  const onState = (r: LiveRun) => {
    run = r;
    state.textContent = r.state;
    if (r.state === "running" || r.state === "connecting") return;
    metronome.stop();
    endSetButton.disabled = true;
    if (r.error) resultBox.replaceChildren(h("section", { class: "card result" }, h("p", { class: "warning" }, r.error)));
    if (r.result?.lop) resultBox.replaceChildren(lopResultView(r.result.lop));
    if (r.result?.session) {
      resultBox.replaceChildren(sessionResultView(r.result.session));
      offerFeedback(r.result.session.sets.length);
    }
  };
  const stop = follow(id, { telemetry: onTelemetry, event: onEvent, state: onState });
  closeCurrent = () => {
    stop();
    metronome.stop();
    if (alarmTimer !== null) window.clearInterval(alarmTimer);
    document.removeEventListener("keydown", onKey);
  };
}

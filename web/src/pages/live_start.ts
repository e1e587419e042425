// Starting live work for a patient (#/patients/ID/live): a LOP measurement
// on a limb, or today's planned session. The server checks the plan, the
// screening and the LOP first; a refusal says why and inflates nothing.

import { call, lopMethodText, type LopMeasurement, type Patient } from "../api";
import { h, show } from "../dom";
import { limbText, type Device, type LiveRun } from "../live/types";

function deviceSelect(devices: Device[], id: string): HTMLSelectElement {
  return h(
    "select",
    { id },
    h("option", { value: "" }, "first idle device"),
    devices.map((d) => h("option", { value: String(d.id), disabled: d.state === "busy" }, `Device ${d.id}: ${d.label}${d.state === "busy" ? " (busy)" : ""}`)),
  );
}

function postureSelect(id: string): HTMLSelectElement {
  return h("select", { id }, ["seated", "supine", "standing"].map((p) => h("option", { value: p }, p)));
}

function field(label: string, control: HTMLElement): HTMLElement {
  return h("label", { class: "field" }, label, control);
}

export async function liveStartPage(id: number): Promise<void> {
  const [patient, devices] = await Promise.all([call<Patient>("GET", `/api/patients/${id}`), call<Device[]>("GET", "/api/devices")]);
  const message = h("p", { class: "warning", id: "start-error", role: "alert", hidden: true });
  const fail = (e: unknown) => {
    message.textContent = (e as Error).message;
    message.hidden = false;
  };

  const limb = h("select", { id: "lop-limb" }, patient.limbs.map((l) => h("option", { value: l.limb }, limbText(l.limb))));
  const lopPosture = postureSelect("lop-posture");
  const lopWidth = h("input", { type: "number", id: "lop-width", value: "11.5", min: 2, max: 50, step: 0.5 });
  const lopDevice = deviceSelect(devices, "lop-device");
  const lopForm = h(
    "form",
    { class: "card", id: "lop-form" },
    h("h2", {}, "Measure LOP"),
    h("div", { class: "grid" }, field("Limb", limb), field("Posture", lopPosture), field("Cuff width (cm)", lopWidth), field("Device", lopDevice)),
    h("button", { type: "submit", class: "button primary", id: "measure" }, "Measure LOP (inflates the cuff)"),
  );
  lopForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const body: Record<string, unknown> = { limb: limb.value, posture: lopPosture.value, cuff_width_cm: Number(lopWidth.value) };
      if (lopDevice.value) body.device = Number(lopDevice.value);
      const run = await call<LiveRun>("POST", `/api/patients/${id}/lop/measure`, body);
      location.hash = `#/runs/${run.id}`;
    } catch (err) {
      fail(err);
    }
  });

  // When LOP cannot be measured through the cuff: the published prediction
  // equation, stored and shown as an estimate with its error (docs/LOP.md).
  const estimateLimb = h("select", { id: "estimate-limb" }, patient.limbs.map((l) => h("option", { value: l.limb }, limbText(l.limb))));
  const estimatePosture = postureSelect("estimate-posture");
  const estimateWidth = h("input", { type: "number", id: "estimate-width", value: "18", min: 2, max: 50, step: 0.5 });
  const estimateResult = h("p", { id: "lop-estimate-result", role: "status", hidden: true });
  const estimateForm = h(
    "form",
    { class: "card", id: "estimate-form" },
    h("h2", {}, "Estimate LOP instead (when it cannot be measured)"),
    h(
      "p",
      { class: "muted" },
      "A population prediction from the limb's circumference, resting systolic pressure, age and sex, for the cuff widths the equation was derived for. It is stored as an estimate, never as a measurement.",
    ),
    h("div", { class: "grid" }, field("Limb", estimateLimb), field("Posture", estimatePosture), field("Cuff width (cm)", estimateWidth)),
    estimateResult,
    h("button", { type: "submit", class: "button", id: "estimate" }, "Estimate LOP (no inflation)"),
  );
  estimateForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    message.hidden = true;
    estimateResult.hidden = true;
    try {
      const m = await call<LopMeasurement>("POST", `/api/patients/${id}/lop/estimate`, {
        limb: estimateLimb.value,
        posture: estimatePosture.value,
        cuff_width_cm: Number(estimateWidth.value),
      });
      estimateResult.textContent = `Estimated LOP ${m.lop_mmhg?.toFixed(0)} mmHg on the ${limbText(m.limb)} — ${lopMethodText(m)}. Stored as an estimate.`;
      estimateResult.hidden = false;
    } catch (err) {
      fail(err);
    }
  });

  const exercise = h("input", { type: "text", id: "session-exercise", placeholder: "first ready exercise of today's plan" });
  const sessionPosture = postureSelect("session-posture");
  const sessionWidth = h("input", { type: "number", id: "session-width", value: "11.5", min: 2, max: 50, step: 0.5 });
  const sessionDevice = deviceSelect(devices, "session-device");
  const sessionForm = h(
    "form",
    { class: "card", id: "session-form" },
    h("h2", {}, "Start today's session"),
    h("div", { class: "grid" }, field("Exercise", exercise), field("Posture", sessionPosture), field("Cuff width (cm)", sessionWidth), field("Device", sessionDevice)),
    h("button", { type: "submit", class: "button primary", id: "start-session" }, "Start session (inflates the cuff)"),
  );
  sessionForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const body: Record<string, unknown> = { posture: sessionPosture.value, cuff_width_cm: Number(sessionWidth.value) };
      if (exercise.value.trim()) body.exercise = exercise.value.trim();
      if (sessionDevice.value) body.device = Number(sessionDevice.value);
      const run = await call<LiveRun>("POST", `/api/patients/${id}/sessions`, body);
      location.hash = `#/runs/${run.id}`;
    } catch (err) {
      fail(err);
    }
  });

  show(h("h1", {}, `Live work: ${patient.name}`), message, lopForm, estimateForm, sessionForm, h("a", { href: `#/patients/${id}`, class: "button" }, "Back to the patient"));
}

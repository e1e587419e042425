import {
  ApiError,
  call,
  lopMethodText,
  type LopMeasurement,
  type OneRepMax,
  type Patient,
  type ProgrammeAssignment,
  type ProgrammeTemplate,
  type Screening,
} from "../api";
import { h, show } from "../dom";
import { oneRepMaxSection, overrideBlocks, programmeSection } from "./clinical_entries";
import { outcomeView } from "./outcome";

// A record the patient may not have yet: null on 404.
async function optional<T>(path: string): Promise<T | null> {
  try {
    return await call<T>("GET", path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export async function patientPage(id: number, voided: boolean): Promise<void> {
  const [patient, screening, lops, programme, templates, oneRepMaxes] = await Promise.all([
    call<Patient>("GET", `/api/patients/${id}`),
    optional<Screening>(`/api/patients/${id}/screenings`),
    call<LopMeasurement[]>("GET", `/api/patients/${id}/lop`),
    optional<ProgrammeAssignment>(`/api/patients/${id}/programs`),
    call<ProgrammeTemplate[]>("GET", "/api/programs/templates"),
    call<OneRepMax[]>("GET", `/api/patients/${id}/one-rep-max`),
  ]);
  // After an entry the page is drawn again from the server's records.
  const refresh = () => patientPage(id, false);
  const exercises = programme ? [...new Set(programme.phases.flatMap((p) => p.exercises))] : [];
  show(
    h("h1", {}, patient.name),
    voided
      ? h("p", { class: "warning", role: "status" }, "The change voids the newest screening: screen again before the next session.")
      : null,
    h(
      "div",
      { class: "actions" },
      h("a", { href: `#/patients/${id}/screen`, class: "button primary" }, "Screen"),
      h("a", { href: `#/patients/${id}/live`, class: "button primary", id: "live-work" }, "Measure LOP / start session"),
      h("a", { href: `#/patients/${id}/history`, class: "button", id: "history" }, "History"),
      h("a", { href: `#/patients/${id}/edit`, class: "button" }, "Edit"),
      h("a", { href: "#/patients", class: "button" }, "All patients"),
    ),
    h(
      "dl",
      { class: "card facts" },
      h("dt", {}, "Born"),
      h("dd", {}, patient.birth_year),
      h("dt", {}, "Sex"),
      h("dd", {}, patient.sex),
      h("dt", {}, "Resting BP"),
      h("dd", {}, `${patient.resting_sbp_mmhg}/${patient.resting_dbp_mmhg} mmHg`),
      h("dt", {}, "Resting HR"),
      h("dd", {}, `${patient.resting_hr_bpm} bpm`),
      h("dt", {}, "Limbs"),
      h("dd", {}, patient.limbs.map((l) => `${l.limb.replace(/_/g, " ")} ${l.circumference_cm} cm`).join(", ") || "none"),
      patient.notes ? [h("dt", {}, "Notes"), h("dd", {}, patient.notes)] : [],
    ),
    h("h2", {}, "Newest screening"),
    screening ? outcomeView(screening) : h("p", { class: "muted" }, "Not screened yet."),
    screening ? overrideBlocks(id, screening, refresh) : null,
    programmeSection(id, programme, templates, refresh),
    oneRepMaxSection(id, oneRepMaxes, exercises, refresh),
    h("h2", {}, "LOP measurements"),
    lops.length === 0
      ? h("p", { class: "muted" }, "None yet: measure one under Measure LOP / start session.")
      : h(
          "table",
          { class: "list" },
          h("thead", {}, h("tr", {}, ["When", "Limb", "LOP", "Method", "Quality", "Posture", "Cuff"].map((t) => h("th", {}, t)))),
          h(
            "tbody",
            {},
            lops.map((m) =>
              h(
                "tr",
                {},
                h("td", {}, m.measured_at),
                h("td", {}, m.limb.replace(/_/g, " ")),
                h("td", {}, m.lop_mmhg === null ? "failed" : `${m.lop_mmhg.toFixed(0)} mmHg`),
                h("td", { class: m.method === "estimated" ? "estimate" : undefined }, lopMethodText(m)),
                h("td", {}, m.quality.toFixed(2)),
                h("td", {}, m.posture),
                h("td", {}, `${m.cuff_width_cm} cm`),
              ),
            ),
          ),
        ),
  );
}

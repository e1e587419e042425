// A patient's history (#/patients/ID/history): LOP, load, reps and
// restriction time over their sessions, and every stored session with a
// link to its whole trace (#/history/session/ID).

import { call, type LopMeasurement, type Patient } from "../api";
import { h, show } from "../dom";
import { staticChart } from "../live/pressure_chart";
import { clock, limbText, type SessionDetail, type SessionRecord } from "../live/types";

const seconds = (iso: string) => Date.parse(iso) / 1000;

function chartCard(title: string, id: string): [HTMLElement, HTMLElement] {
  const box = h("div", { class: "chart", id });
  return [h("section", { class: "card" }, h("h2", {}, title), box), box];
}

export async function historyPage(id: number): Promise<void> {
  const [patient, sessions, lops] = await Promise.all([
    call<Patient>("GET", `/api/patients/${id}`),
    call<SessionRecord[]>("GET", `/api/patients/${id}/sessions`),
    call<LopMeasurement[]>("GET", `/api/patients/${id}/lop`),
  ]);
  const [lopCard, lopBox] = chartCard("LOP", "lop-chart");
  const [loadCard, loadBox] = chartCard("Load and reps per session", "load-chart");
  const [restrictionCard, restrictionBox] = chartCard("Restriction time per session", "restriction-chart");
  show(
    h("h1", {}, `History: ${patient.name}`),
    h(
      "p",
      { class: "actions" },
      h("a", { href: `#/patients/${id}`, class: "button" }, "Back to the patient"),
      // The reports of `bfr report`, opened by the browser (the session cookie goes along).
      h("a", { href: `/api/patients/${id}/report?format=pdf`, class: "button", target: "_blank", id: "progress-report" }, "Progress report (PDF)"),
      h("a", { href: `/api/patients/${id}/report?format=html`, class: "button", target: "_blank" }, "Progress report (HTML)"),
    ),
    lopCard,
    loadCard,
    restrictionCard,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Sessions"),
      sessions.length === 0
        ? h("p", { class: "muted" }, "No session yet.")
        : h(
            "table",
            { class: "list", id: "session-list" },
            h("thead", {}, h("tr", {}, ["When", "Exercise", "Limb", "Reps", "Load", "Restriction", "Ended", ""].map((t) => h("th", {}, t)))),
            h(
              "tbody",
              {},
              sessions.map((s) =>
                h(
                  "tr",
                  {},
                  h("td", {}, s.started_at),
                  h("td", {}, s.exercise),
                  h("td", {}, limbText(s.limb)),
                  h("td", {}, `${s.reps}/${s.target_reps}`),
                  h("td", {}, s.sets[0]?.load_kg != null ? `${s.sets[0].load_kg} kg` : "-"),
                  h("td", {}, clock(s.total_restriction_s)),
                  h("td", {}, s.stop_reason),
                  h("td", {}, h("a", { href: `#/history/session/${s.id}`, class: "button" }, "Open")),
                ),
              ),
            ),
          ),
    ),
  );
  // Measured and estimated LOP are separate series: never mixed.
  const lopTimes = lops.filter((m) => m.lop_mmhg !== null).map((m) => seconds(m.measured_at));
  const valued = lops.filter((m) => m.lop_mmhg !== null);
  staticChart(
    lopBox,
    lopTimes,
    [
      { label: "Measured", values: valued.map((m) => (m.method === "measured" ? m.lop_mmhg : null)), stroke: "#0b5cad", points: true },
      {
        label: estimateLabel(valued),
        values: valued.map((m) => (m.method === "estimated" ? m.lop_mmhg : null)),
        stroke: "#9a6200",
        points: true,
      },
    ],
    { xLabel: "date", yLabel: "mmHg", time: true },
  );
  const times = sessions.map((s) => seconds(s.started_at));
  staticChart(
    loadBox,
    times,
    [
      { label: "Reps", values: sessions.map((s) => s.reps), stroke: "#0b5cad", points: true },
      { label: "Load (kg)", values: sessions.map((s) => s.sets[0]?.load_kg ?? null), stroke: "#1d7a3a", points: true },
    ],
    { xLabel: "date", yLabel: "reps, kg", time: true },
  );
  staticChart(
    restrictionBox,
    times,
    [{ label: "Restriction (min)", values: sessions.map((s) => s.total_restriction_s / 60), stroke: "#b3261e", points: true }],
    { xLabel: "date", yLabel: "min", time: true },
  );
}

// The estimates' series says what they are and, when they share one
// equation, its published error.
function estimateLabel(lops: LopMeasurement[]): string {
  const errors = new Set(lops.filter((m) => m.method === "estimated" && m.estimate).map((m) => m.estimate!.standard_error_mmhg.toFixed(1)));
  return errors.size === 1 ? `Estimated, not measured (SEE ±${[...errors][0]} mmHg)` : "Estimated, not measured";
}

export async function storedSessionPage(id: number): Promise<void> {
  const s = await call<SessionDetail>("GET", `/api/sessions/${id}`);
  const [traceCard, traceBox] = chartCard("Pressure trace", "trace-chart");
  show(
    h("h1", {}, `Session ${s.id}: ${s.exercise}`),
    h(
      "p",
      { class: "actions" },
      h("a", { href: `#/patients/${s.patient_id}/history`, class: "button" }, "Back to the history"),
      h("a", { href: `/api/sessions/${s.id}/report?format=pdf`, class: "button", target: "_blank", id: "session-report" }, "Session report (PDF)"),
      h("a", { href: `/api/sessions/${s.id}/report?format=html`, class: "button", target: "_blank" }, "Session report (HTML)"),
    ),
    h("p", {}, `${s.started_at} to ${s.ended_at}, ${limbText(s.limb)}, target ${s.target_mmhg.toFixed(0)} mmHg, ${clock(s.total_restriction_s)} under restriction, ended: ${s.stop_reason}`),
    traceCard,
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Sets"),
      h(
        "table",
        { class: "list", id: "set-table" },
        h("thead", {}, h("tr", {}, ["Set", "Reps", "In band", "Mean", "Load", "RPE", "Pain"].map((t) => h("th", {}, t)))),
        h(
          "tbody",
          {},
          s.sets.map((set) =>
            h(
              "tr",
              {},
              h("td", {}, set.set),
              h("td", {}, `${set.actual_reps}/${set.target_reps}`),
              h("td", {}, `${(set.time_in_band_fraction * 100).toFixed(0)} %`),
              h("td", {}, `${set.mean_mmhg.toFixed(0)} mmHg`),
              h("td", {}, set.load_kg === null ? "-" : `${set.load_kg} kg`),
              h("td", {}, set.rpe_cr10 ?? "-"),
              h("td", {}, set.pain_0_10 ?? "-"),
            ),
          ),
        ),
      ),
      s.symptoms.length > 0 ? h("p", {}, `Symptoms: ${s.symptoms.map((x) => `${x.symptom.replace(/_/g, " ")} (${x.severity})`).join(", ")}`) : null,
    ),
    h("section", { class: "card" }, h("h2", {}, "Events"), h("ul", { class: "log" }, s.events.map((e) => h("li", {}, `${clock(e.t_s)} ${e.kind.replace(/_/g, " ")}: ${e.detail}`)))),
  );
  staticChart(
    traceBox,
    s.trace.t_s,
    [
      { label: "Cuff", values: s.trace.cuff_mmhg, stroke: "#0b5cad" },
      { label: "Target", values: s.trace.target_mmhg.map((v) => (v > 0 ? v : null)), stroke: "#1d7a3a" },
    ],
    { xLabel: "s", yLabel: "mmHg", height: 320 },
  );
}

// The clinician's entries on the patient page beside the screening: the
// programme (the one in force, a form to move it to another phase, and a
// form to assign a template from a start date and phase), 1RMs (measured, or from a submaximal test by Epley or
// Brzycki) and screening overrides for limbs the screening did not clear.
// The server applies the rules of `bfr program assign`/`phase`, `bfr patient
// one-rep-max` and `bfr screen override`; a refusal is shown as it says.

import { call, type OneRepMax, type ProgrammeAssignment, type ProgrammeTemplate, type Screening } from "../api";
import { h } from "../dom";

type Refresh = () => Promise<void>;

function field(label: string, control: HTMLElement, id?: string): HTMLElement {
  return h("label", { class: "field", id }, label, control);
}

function errorLine(id: string): HTMLParagraphElement {
  return h("p", { class: "warning", id, role: "alert", hidden: true });
}

// Runs `action`; on refusal shows the server's message in `line`.
async function attempt(line: HTMLElement, action: () => Promise<unknown>, refresh: Refresh): Promise<void> {
  line.hidden = true;
  try {
    await action();
  } catch (e) {
    line.textContent = (e as Error).message;
    line.hidden = false;
    return;
  }
  await refresh();
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function programmeSection(
  patientId: number,
  current: ProgrammeAssignment | null,
  templates: ProgrammeTemplate[],
  refresh: Refresh,
): HTMLElement {
  const summary = current
    ? h(
        "p",
        { id: "programme-current" },
        `${current.programme_name}: phase ${current.phase} of ${current.phases.length}`,
        current.phases[current.phase - 1] ? ` "${current.phases[current.phase - 1].name}"` : "",
        ` since ${current.phase_started_at} (started ${current.started_at}).`,
        current.phases[current.phase - 1]
          ? h("span", { class: "muted" }, ` Exercises: ${current.phases[current.phase - 1].exercises.join(", ")}.`)
          : null,
      )
    : h("p", { class: "muted", id: "programme-current" }, "No programme yet: sessions need one.");

  const template = h(
    "select",
    { id: "programme-template" },
    templates.map((t) => h("option", { value: t.key }, `${t.programme.name} (${t.programme.phases.length} phase${t.programme.phases.length === 1 ? "" : "s"})`)),
  );
  const phase = h("select", { id: "programme-phase" });
  const fillPhases = () => {
    const chosen = templates.find((t) => t.key === template.value);
    phase.replaceChildren(...(chosen?.programme.phases ?? []).map((p, i) => h("option", { value: String(i + 1) }, `${i + 1}: ${p.name}`)));
  };
  template.addEventListener("change", fillPhases);
  fillPhases();
  const start = h("input", { type: "date", id: "programme-start", value: today(), required: true });
  const error = errorLine("programme-error");
  const form = h(
    "form",
    { class: "card", id: "programme-form" },
    h("h3", {}, current ? "Assign another programme" : "Assign a programme"),
    h("div", { class: "grid" }, field("Programme template", template), field("Start date", start), field("Phase", phase)),
    error,
    h("button", { type: "submit", class: "button primary", id: "assign-programme" }, "Assign programme"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void attempt(
      error,
      () => call("POST", `/api/patients/${patientId}/programs`, { template: template.value, started_at: start.value, phase: Number(phase.value) }),
      refresh,
    );
  });
  return h("section", { "aria-label": "Programme" }, h("h2", {}, "Programme"), summary, current ? phaseForm(patientId, current, refresh) : null, form);
}

// Moves the programme in force to another of its phases from now (as `bfr
// program phase`): when the progression suggests it, or to step back.
function phaseForm(patientId: number, current: ProgrammeAssignment, refresh: Refresh): HTMLElement | null {
  if (current.phases.length < 2) return null;
  const phase = h(
    "select",
    { id: "programme-move-phase" },
    current.phases.map((p, i) => h("option", { value: String(i + 1), selected: i + 1 === current.phase }, `${i + 1}: ${p.name}`)),
  );
  const error = errorLine("programme-phase-error");
  const form = h(
    "form",
    { class: "card", id: "programme-phase-form" },
    h("h3", {}, "Change phase"),
    h("div", { class: "grid" }, field("Phase from today", phase)),
    error,
    h("button", { type: "submit", class: "button", id: "move-phase" }, "Move to this phase"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void attempt(error, () => call("POST", `/api/patients/${patientId}/programs/phase`, { phase: Number(phase.value) }), refresh);
  });
  return form;
}

function methodText(r: OneRepMax): string {
  if (r.method === "entered") return "measured";
  return `${r.method === "epley" ? "Epley" : "Brzycki"} from ${r.test_load_kg} kg × ${r.test_reps}`;
}

export function oneRepMaxSection(patientId: number, records: OneRepMax[], exercises: string[], refresh: Refresh): HTMLElement {
  const list =
    records.length === 0
      ? h("p", { class: "muted", id: "one-rep-max-list" }, "No 1RM yet: loaded exercises need one.")
      : h(
          "table",
          { class: "list", id: "one-rep-max-list" },
          h("thead", {}, h("tr", {}, ["When", "Exercise", "1RM", "How"].map((t) => h("th", {}, t)))),
          h(
            "tbody",
            {},
            records.map((r) =>
              h("tr", {}, h("td", {}, r.recorded_at), h("td", {}, r.exercise), h("td", {}, `${r.one_rep_max_kg.toFixed(1)} kg`), h("td", {}, methodText(r))),
            ),
          ),
        );

  const exercise = h("input", { type: "text", id: "orm-exercise", list: "orm-exercises", autocomplete: "off" });
  const choices = h("datalist", { id: "orm-exercises" }, exercises.map((e) => h("option", { value: e })));
  const mode = h(
    "select",
    { id: "orm-mode" },
    h("option", { value: "measured" }, "1RM measured"),
    h("option", { value: "test" }, "from a submaximal test"),
  );
  const kg = h("input", { type: "number", id: "orm-kg", min: 0, step: 0.5 });
  const testKg = h("input", { type: "number", id: "orm-test-kg", min: 0, step: 0.5 });
  const reps = h("input", { type: "number", id: "orm-reps", min: 1, max: 12, step: 1 });
  const equation = h("select", { id: "orm-equation" }, h("option", { value: "epley" }, "Epley"), h("option", { value: "brzycki" }, "Brzycki"));
  const measuredFields = field("1RM (kg)", kg, "orm-measured-fields");
  const testFields = h(
    "div",
    { class: "grid", id: "orm-test-fields" },
    field("Test load (kg)", testKg),
    field("Repetitions (at most 12)", reps),
    field("Equation", equation),
  );
  const showMode = () => {
    measuredFields.hidden = mode.value !== "measured";
    testFields.hidden = mode.value === "measured";
  };
  mode.addEventListener("change", showMode);
  showMode();
  const error = errorLine("orm-error");
  const form = h(
    "form",
    // The server's rules are the ones that count (the same as `bfr patient
    // one-rep-max`): its message is shown, not the browser's.
    { class: "card", id: "orm-form", novalidate: true },
    h("h3", {}, "Record a 1RM"),
    h("div", { class: "grid" }, field("Exercise", exercise), choices, field("How", mode), measuredFields),
    testFields,
    error,
    h("button", { type: "submit", class: "button primary", id: "record-orm" }, "Record 1RM"),
  );
  // An empty number box is left out, so the server names what is missing.
  const numberOf = (input: HTMLInputElement) => (input.value === "" ? undefined : Number(input.value));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const body: Record<string, unknown> =
      mode.value === "measured"
        ? { exercise: exercise.value.trim(), one_rep_max_kg: numberOf(kg) }
        : { exercise: exercise.value.trim(), test_load_kg: numberOf(testKg), test_reps: numberOf(reps), equation: equation.value };
    void attempt(error, () => call("POST", `/api/patients/${patientId}/one-rep-max`, body), refresh);
  });
  return h("section", { "aria-label": "One-repetition maximum" }, h("h2", {}, "1RM"), list, form);
}

// Under each limb the screening did not clear: its overrides and a form to
// give one (recorded under the signed-in clinician's name).
export function overrideBlocks(patientId: number, screening: Screening, refresh: Refresh): HTMLElement | null {
  const uncleared = screening.limbs.filter((l) => l.outcome !== "cleared");
  if (uncleared.length === 0) return null;
  const overrides = screening.overrides ?? [];
  return h(
    "section",
    { "aria-label": "Overrides", id: "overrides" },
    h("h3", {}, "Clinician overrides"),
    uncleared.map((limb) => {
      const given = overrides.filter((o) => o.limb === limb.limb);
      const reason = h("textarea", { id: `override-reason-${limb.limb}`, rows: 2 });
      const error = errorLine(`override-error-${limb.limb}`);
      const form = h(
        "form",
        { class: "card override", "data-limb": limb.limb },
        given.map((o) =>
          h(
            "p",
            { class: "override-given" },
            `Overridden by ${o.clinician} on ${o.given_at}: "${o.reason}". `,
            h("span", { class: "muted" }, o.expires_at ? `Lapses with the screening on ${o.expires_at}.` : "Lapses with the screening."),
          ),
        ),
        field(`Reason to let the ${limb.limb.replace(/_/g, " ")} train`, reason),
        error,
        h("button", { type: "submit", class: "button", id: `override-${limb.limb}` }, "Record override"),
      );
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        void attempt(error, () => call("POST", `/api/patients/${patientId}/screenings/overrides`, { limb: limb.limb, reason: reason.value }), refresh);
      });
      return form;
    }),
  );
}

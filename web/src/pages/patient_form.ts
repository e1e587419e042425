// Add a patient, or edit one: the same fields as `bfr patient add/edit`.
// Limbs can only be added (as on the command line); those on record are
// listed.

import { call, type Patient } from "../api";
import { h, show } from "../dom";

const LIMBS = ["right_thigh", "left_thigh", "right_upper_arm", "left_upper_arm"];

function field(id: string, text: string, input: HTMLElement): HTMLElement {
  return h("div", { class: "field" }, h("label", { for: id }, text), input);
}

// Ranges are checked by the server (one place for the rules); the browser
// only asks for a number.
function numberInput(id: string, value: number | undefined) {
  return h("input", {
    id,
    name: id,
    type: "number",
    inputmode: "decimal",
    step: "any",
    required: true,
    value: value ?? "",
  });
}

export async function patientFormPage(patientId: number | null): Promise<void> {
  const existing = patientId === null ? null : await call<Patient>("GET", `/api/patients/${patientId}`);
  const name = h("input", { id: "name", name: "name", required: true, value: existing?.name ?? "" });
  const birthYear = numberInput("birth_year", existing?.birth_year);
  const sex = h(
    "select",
    { id: "sex", name: "sex", required: true },
    h("option", { value: "" }, "choose"),
    h("option", { value: "female" }, "female"),
    h("option", { value: "male" }, "male"),
  );
  sex.value = existing?.sex ?? "";
  const sbp = numberInput("resting_sbp_mmhg", existing?.resting_sbp_mmhg);
  const dbp = numberInput("resting_dbp_mmhg", existing?.resting_dbp_mmhg);
  const hr = numberInput("resting_hr_bpm", existing?.resting_hr_bpm);
  const notes = h("textarea", { id: "notes", name: "notes", rows: 3 }, existing?.notes ?? "");
  const onRecord = new Set(existing?.limbs.map((l) => l.limb) ?? []);
  const limbInputs = LIMBS.filter((l) => !onRecord.has(l)).map((limb) => ({
    limb,
    input: h("input", {
      id: `limb-${limb}`,
      type: "number",
      inputmode: "decimal",
      step: "any",
      placeholder: "cm",
    }),
  }));
  const error = h("p", { class: "error", role: "alert", id: "form-error" });

  const form = h(
    "form",
    { class: "card" },
    h(
      "div",
      { class: "grid" },
      field("name", "Name", name),
      field("birth_year", "Birth year", birthYear),
      field("sex", "Sex", sex),
      field("resting_sbp_mmhg", "Resting systolic BP (mmHg)", sbp),
      field("resting_dbp_mmhg", "Resting diastolic BP (mmHg)", dbp),
      field("resting_hr_bpm", "Resting heart rate (bpm)", hr),
    ),
    field("notes", "Notes", notes),
    h(
      "fieldset",
      {},
      h("legend", {}, existing ? "Add limbs (circumference, cm)" : "Limbs that may carry the cuff (circumference, cm)"),
      onRecord.size > 0 ? h("p", { class: "muted" }, `On record: ${[...onRecord].join(", ")}`) : null,
      h(
        "div",
        { class: "grid" },
        limbInputs.map(({ limb, input }) => field(input.id, limb.replace(/_/g, " "), input)),
      ),
    ),
    error,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary" }, existing ? "Save changes" : "Add patient"),
      h("a", { href: existing ? `#/patients/${existing.id}` : "#/patients", class: "button" }, "Cancel"),
    ),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const limbs = limbInputs
      .filter(({ input }) => input.value !== "")
      .map(({ limb, input }) => ({ limb, circumference_cm: Number(input.value) }));
    const body = {
      name: name.value,
      birth_year: Number(birthYear.value),
      sex: sex.value,
      resting_sbp_mmhg: Number(sbp.value),
      resting_dbp_mmhg: Number(dbp.value),
      resting_hr_bpm: Number(hr.value),
      notes: notes.value,
      limbs,
    };
    try {
      const saved = existing
        ? await call<Patient>("PATCH", `/api/patients/${existing.id}`, body)
        : await call<Patient>("POST", "/api/patients", body);
      const voided = saved.screening_voided ? "?voided=1" : "";
      location.hash = `#/patients/${saved.id}${voided}`;
    } catch (e) {
      error.textContent = (e as Error).message;
    }
  });
  show(h("h1", {}, existing ? `Edit ${existing.name}` : "Add a patient"), form);
}

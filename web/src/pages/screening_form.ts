// The pre-participation screening: every question answered yes or no (an
// unanswered one is refused by the server, so "not asked" never reads as
// "no"); questions about the person, then per limb on record. Birth year and
// resting blood pressure come from the patient record.

import { call, type Patient, type Screening } from "../api";
import { h, label, show } from "../dom";
import { outcomeView } from "./outcome";

interface Questions {
  patient: string[];
  limb: string[];
}

type Answers = Map<string, "yes" | "no">;

// One question as a pair of large radio buttons.
function question(group: string, key: string, answers: Answers): HTMLElement {
  const name = `${group}.${key}`;
  const choice = (value: "yes" | "no") => {
    const input = h("input", { type: "radio", name, value, id: `${name}.${value}` });
    input.addEventListener("change", () => answers.set(name, value));
    return h("label", { class: "choice", for: input.id }, input, value === "yes" ? "Yes" : "No");
  };
  return h(
    "fieldset",
    { class: "question", "data-question": name },
    h("legend", {}, label(key)),
    choice("no"),
    choice("yes"),
  );
}

export async function screeningPage(id: number): Promise<void> {
  const [patient, questions] = await Promise.all([
    call<Patient>("GET", `/api/patients/${id}`),
    call<Questions>("GET", "/api/screening/questions"),
  ]);
  const answers: Answers = new Map();
  const result = h("div", { id: "screening-result", "aria-live": "polite" });
  const error = h("p", { class: "error", role: "alert", id: "form-error" });
  const validDays = h("input", { id: "valid_days", type: "number", min: 1, max: 365, value: 30, step: "1" });

  const allNo = h("button", { type: "button", id: "all-no" }, "Answer every question “no”");
  const form = h(
    "form",
    { class: "card" },
    h("p", {}, allNo, " then mark each “yes”."),
    h("h2", {}, "About the person"),
    h("div", { class: "questions" }, questions.patient.map((key) => question("patient", key, answers))),
    patient.limbs.map((limb) => [
      h("h2", {}, `${label(limb.limb)}`),
      h("div", { class: "questions" }, questions.limb.map((key) => question(limb.limb, key, answers))),
    ]),
    h("div", { class: "field" }, h("label", { for: "valid_days" }, "Valid for (days)"), validDays),
    error,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Judge and store")),
  );
  allNo.addEventListener("click", () => {
    for (const input of form.querySelectorAll<HTMLInputElement>('input[type=radio][value="no"]')) {
      input.checked = true;
      answers.set(input.name, "no");
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const body = {
      patient: {} as Record<string, string>,
      limbs: {} as Record<string, Record<string, string>>,
      valid_days: Number(validDays.value),
    };
    for (const limb of patient.limbs) body.limbs[limb.limb] = {};
    for (const [name, value] of answers) {
      const [group, key] = name.split(".");
      if (group === "patient") body.patient[key] = value;
      else body.limbs[group][key] = value;
    }
    try {
      const screening = await call<Screening>("POST", `/api/patients/${id}/screenings`, body);
      result.replaceChildren(h("h2", {}, "Outcome"), outcomeView(screening));
      result.scrollIntoView();
      (result.querySelector("h2") as HTMLElement).setAttribute("tabindex", "-1");
      (result.querySelector("h2") as HTMLElement).focus();
    } catch (e) {
      error.textContent = (e as Error).message;
    }
  });
  show(
    h("h1", {}, `Screening: ${patient.name}`),
    patient.limbs.length === 0
      ? h("p", { class: "warning" }, "No limbs on record: add one under Edit first.")
      : form,
    result,
    h("p", {}, h("a", { href: `#/patients/${id}`, class: "button" }, "Back to the patient")),
  );
}

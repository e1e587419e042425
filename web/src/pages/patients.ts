import { call, type Patient } from "../api";
import { h, show } from "../dom";

export async function patientListPage(): Promise<void> {
  const patients = await call<Patient[]>("GET", "/api/patients");
  const rows = patients.map((p) =>
    h(
      "tr",
      {},
      h("td", {}, h("a", { href: `#/patients/${p.id}`, class: "row-link" }, p.name)),
      h("td", {}, p.birth_year),
      h("td", {}, p.sex),
      h("td", {}, `${p.resting_sbp_mmhg}/${p.resting_dbp_mmhg}`),
      h("td", {}, p.limbs.map((l) => l.limb.replace("_", " ")).join(", ")),
    ),
  );
  show(
    h("h1", {}, "Patients"),
    h("p", {}, h("a", { href: "#/patients/new", class: "button primary" }, "Add patient")),
    patients.length === 0
      ? h("p", { class: "muted" }, "No patients yet.")
      : h(
          "table",
          { class: "list" },
          h(
            "thead",
            {},
            h("tr", {}, ["Name", "Born", "Sex", "Resting BP", "Limbs"].map((t) => h("th", {}, t))),
          ),
          h("tbody", {}, rows),
        ),
  );
}

// Administrators: the accounts and the audit log.

import { call, type Account, type AuditEntry } from "../api";
import { h, show } from "../dom";

function when(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

export async function accountsPage(): Promise<void> {
  const [accounts, audit] = await Promise.all([
    call<Account[]>("GET", "/api/users"),
    call<AuditEntry[]>("GET", "/api/audit?limit=100"),
  ]);
  const name = h("input", { id: "new-name", required: true, autocomplete: "off" });
  const role = h(
    "select",
    { id: "new-role" },
    h("option", { value: "clinician" }, "clinician"),
    h("option", { value: "admin" }, "admin"),
  );
  const password = h("input", { id: "new-password", type: "password", required: true, minlength: 10, autocomplete: "new-password" });
  const error = h("p", { class: "error", role: "alert" });
  const form = h(
    "form",
    { class: "card" },
    h("h2", {}, "Add an account"),
    h(
      "div",
      { class: "grid" },
      h("div", { class: "field" }, h("label", { for: "new-name" }, "Name"), name),
      h("div", { class: "field" }, h("label", { for: "new-role" }, "Role"), role),
      h("div", { class: "field" }, h("label", { for: "new-password" }, "Password (10+ characters)"), password),
    ),
    error,
    h("button", { type: "submit", class: "primary" }, "Add account"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await call("POST", "/api/users", { name: name.value, role: role.value, password: password.value });
      await accountsPage();
    } catch (e) {
      error.textContent = (e as Error).message;
    }
  });
  show(
    h("h1", {}, "Accounts"),
    h(
      "table",
      { class: "list" },
      h("thead", {}, h("tr", {}, ["Name", "Role", "Created"].map((t) => h("th", {}, t)))),
      h("tbody", {}, accounts.map((a) => h("tr", {}, h("td", {}, a.name), h("td", {}, a.role), h("td", {}, when(a.created_at))))),
    ),
    form,
    h("h2", {}, "Audit log (newest first)"),
    h(
      "table",
      { class: "list", id: "audit" },
      h("thead", {}, h("tr", {}, ["When", "Who", "From", "Action", "Record", "Detail"].map((t) => h("th", {}, t)))),
      h(
        "tbody",
        {},
        audit.map((e) =>
          h("tr", {}, h("td", {}, when(e.at)), h("td", {}, e.actor), h("td", {}, e.address), h("td", {}, e.action), h("td", {}, e.target), h("td", {}, e.detail)),
        ),
      ),
    ),
  );
}

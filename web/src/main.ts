// The clinician web app: a hash router over the pages. Clinicians see
// patients, screening and the sessions area; administrators see accounts
// and the audit log (the server enforces the same split).

import "./style.css";
import { ApiError, call, type Me } from "./api";
import { banner, h } from "./dom";
import { accountsPage } from "./pages/accounts";
import { patientFormPage } from "./pages/patient_form";
import { patientListPage } from "./pages/patients";
import { patientPage } from "./pages/patient_view";
import { screeningPage } from "./pages/screening_form";
import { historyPage, storedSessionPage } from "./pages/history";
import { liveStartPage } from "./pages/live_start";
import { leaveRunPage, runPage } from "./pages/run_view";
import { leaveSessionsPage, sessionsPage } from "./pages/sessions";
import { signInPage } from "./pages/signin";
import { remember, restore, signedIn } from "./session";

function home(me: Me): string {
  return me.role === "admin" ? "#/accounts" : "#/patients";
}

function renderChrome(me: Me | null): void {
  const nav = document.getElementById("nav")!;
  const who = document.getElementById("who")!;
  if (!me) {
    nav.replaceChildren();
    who.replaceChildren();
    return;
  }
  const links =
    me.role === "admin"
      ? [h("a", { href: "#/accounts" }, "Accounts")]
      : [h("a", { href: "#/patients" }, "Patients"), h("a", { href: "#/sessions" }, "Sessions")];
  nav.replaceChildren(...links);
  const signOut = h("button", { type: "button", id: "sign-out" }, "Sign out");
  signOut.addEventListener("click", async () => {
    await call("POST", "/api/logout").catch(() => undefined);
    remember(null);
    location.hash = "#/signin";
    await route();
  });
  who.replaceChildren(`${me.name} (${me.role}) `, signOut);
}

async function route(): Promise<void> {
  banner(null);
  // A live page's stream, sounds and timers end when it is left.
  leaveRunPage();
  leaveSessionsPage();
  const me = signedIn();
  renderChrome(me);
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  if (!me) {
    signInPage((who) => {
      location.hash = home(who);
      void route();
    });
    return;
  }
  const parts = path.split("/").filter((p) => p !== "");
  try {
    if (parts[0] === "patients" && parts.length === 1) return await patientListPage();
    if (parts[0] === "patients" && parts[1] === "new") return await patientFormPage(null);
    if (parts[0] === "patients" && parts.length >= 2) {
      const id = Number(parts[1]);
      if (parts[2] === "edit") return await patientFormPage(id);
      if (parts[2] === "screen") return await screeningPage(id);
      if (parts[2] === "live") return await liveStartPage(id);
      if (parts[2] === "history") return await historyPage(id);
      return await patientPage(id, query === "voided=1");
    }
    if (parts[0] === "sessions") return await sessionsPage();
    if (parts[0] === "runs" && parts.length === 2) return await runPage(Number(parts[1]));
    if (parts[0] === "history" && parts[1] === "session") return await storedSessionPage(Number(parts[2]));
    if (parts[0] === "accounts") return await accountsPage();
    location.hash = home(me);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      remember(null);
      return route();
    }
    banner((e as Error).message);
  }
}

window.addEventListener("hashchange", () => void route());
void restore()
  .then(route)
  .catch((e) => banner(`The server cannot be reached: ${(e as Error).message}`));

// The browser suite: Debian's chromium, driven by playwright-core, against a
// running `bfr serve` (scripts/web-e2e.sh starts it on a fresh database).
// Usage: node run.mjs BASE_URL ARTEFACT_DIR
// Env: CHROMIUM (default /usr/bin/chromium), E2E_CLINICIAN, E2E_ADMIN,
// E2E_PASSWORD (both accounts share it). Everything a clinician does is done
// in the browser. Exits 1 on the first failed step, with a screenshot of the
// page as it was.

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [baseUrl, artefacts] = process.argv.slice(2);
if (!baseUrl || !artefacts) {
  console.error("usage: node run.mjs BASE_URL ARTEFACT_DIR");
  process.exit(2);
}
mkdirSync(artefacts, { recursive: true });
const clinician = process.env.E2E_CLINICIAN ?? "nurse";
const admin = process.env.E2E_ADMIN ?? "admin";
const password = process.env.E2E_PASSWORD;
if (!password) {
  console.error("E2E_PASSWORD is not set");
  process.exit(2);
}

// A 10-inch tablet held in landscape.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  // Containers and CI run as root, where chromium's sandbox cannot start.
  args: ["--no-sandbox"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
const page = await context.newPage();
page.setDefaultTimeout(20000);
const consoleErrors = [];
// Refused API calls (401, 404, 400) are part of the flows tested and show up
// as "Failed to load resource"; anything else logged as an error, or thrown
// by the page, fails the suite.
page.on("console", (message) => {
  if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
    consoleErrors.push(message.text());
  }
});
page.on("pageerror", (error) => consoleErrors.push(error.message));

let step = 0;
let livePatientUrl = "";
async function shot(name) {
  step += 1;
  const file = join(artefacts, `${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  screenshot ${file}`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Waits (up to 20 s, for a slow machine, or `ms`) until the element's text matches.
async function expectText(locator, pattern, what, ms = 20000) {
  await locator.first().waitFor({ timeout: ms });
  let text = "";
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    text = await locator.first().innerText();
    if (pattern.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  check(false, `${what}: expected ${pattern}, got "${text}"`);
}

async function signIn(name) {
  await page.goto(`${baseUrl}#/signin`);
  await page.getByLabel("Account").fill(name);
  await page.getByLabel("Password").fill(password);
  // Keyboard: Enter in the form signs in.
  await page.getByLabel("Password").press("Enter");
}

async function signOut() {
  await page.locator("#sign-out").click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
}

const steps = [
  [
    "a wrong password is refused with a message",
    async () => {
      await page.goto(baseUrl);
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await shot("sign-in");
      await page.getByLabel("Account").fill(clinician);
      await page.getByLabel("Password").fill("not the password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expectText(page.locator("#signin-error"), /wrong account name or password/, "sign-in error");
    },
  ],
  [
    "the clinician signs in and sees the empty patient list",
    async () => {
      await signIn(clinician);
      await page.getByRole("heading", { name: "Patients" }).waitFor();
      await expectText(page.locator("main"), /No patients yet/, "patient list");
      await shot("patients-empty");
    },
  ],
  [
    "add a patient with a limb",
    async () => {
      await page.getByRole("link", { name: "Add patient" }).click();
      await page.getByRole("heading", { name: "Add a patient" }).waitFor();
      await page.getByLabel("Name").fill("Test Patient");
      await page.getByLabel("Birth year").fill("1975");
      await page.getByLabel("Sex").selectOption("female");
      await page.getByLabel("Resting systolic BP (mmHg)").fill("128");
      await page.getByLabel("Resting diastolic BP (mmHg)").fill("82");
      await page.getByLabel("Resting heart rate (bpm)").fill("66");
      await page.locator("#limb-right_thigh").fill("56");
      await shot("patient-form");
      await page.getByRole("button", { name: "Add patient" }).click();
      await page.getByRole("heading", { name: "Test Patient" }).waitFor();
      await expectText(page.locator(".facts"), /128\/82 mmHg/, "patient facts");
      await expectText(page.locator(".facts"), /right thigh 56 cm/, "patient limbs");
      await expectText(page.locator("main"), /Not screened yet/, "no screening yet");
      await shot("patient");
    },
  ],
  [
    "an incomplete screening is refused",
    async () => {
      await page.getByRole("link", { name: "Screen" }).click();
      await page.getByRole("heading", { name: /Screening: Test Patient/ }).waitFor();
      await page.getByRole("button", { name: "Judge and store" }).click();
      await expectText(page.locator("#form-error"), /screening refused/, "incomplete screening");
    },
  ],
  [
    "a screening with diabetes needs clinician clearance, with the reason",
    async () => {
      await page.locator("#all-no").click();
      // Diabetes is a caution (bfr-facts §1): the limb needs a clinician's clearance.
      await page.locator('[data-question="patient.diabetes"] label.choice', { hasText: "Yes" }).click();
      await shot("screening-form");
      await page.getByRole("button", { name: "Judge and store" }).click();
      const outcome = page.locator('#screening-result [data-limb="right_thigh"]');
      await expectText(outcome.locator(".verdict"), /Needs clinician clearance/, "right thigh outcome");
      await expectText(outcome.locator("li"), /diabetes/i, "reason");
      await shot("screening-outcome");
    },
  ],
  [
    "a clinician overrides the limb that needs clearance, with a reason; it lapses with the screening",
    async () => {
      await page.getByRole("link", { name: "Back to the patient" }).click();
      await page.getByRole("heading", { name: "Test Patient" }).waitFor();
      // A blank reason is refused by the server, and nothing is stored.
      await page.locator("#override-right_thigh").click();
      await expectText(page.locator("#override-error-right_thigh"), /reason/, "blank reason refused");
      await page.locator("#override-reason-right_thigh").fill("HbA1c well controlled; GP agrees to BFR");
      await page.locator("#override-right_thigh").click();
      const given = page.locator('#overrides [data-limb="right_thigh"] .override-given');
      await expectText(given, new RegExp(`Overridden by ${clinician}.*HbA1c well controlled`), "override shown");
      await expectText(given, /Lapses with the screening on \d{4}-\d\d-\d\dT/, "override expiry");
      await shot("screening-override");
    },
  ],
  [
    "a programme is moved to its next phase from the patient page",
    async () => {
      await page.locator("#programme-template").selectOption("acl");
      await page.locator("#programme-phase").selectOption("1");
      await page.getByRole("button", { name: "Assign programme" }).click();
      await expectText(page.locator("#programme-current"), /phase 1 of 2/, "first phase");
      await page.locator("#programme-move-phase").selectOption("2");
      await page.locator("#move-phase").click();
      await expectText(page.locator("#programme-current"), /phase 2 of 2/, "moved to the second phase");
      await shot("programme-phase");
    },
  ],
  [
    "the patient page shows the newest screening; editing BP voids it",
    async () => {
      await expectText(page.locator("#screening-outcome"), /current/, "screening status");
      await page.getByRole("link", { name: "Edit" }).click();
      await page.getByLabel("Resting systolic BP (mmHg)").fill("134");
      await page.getByRole("button", { name: "Save changes" }).click();
      await expectText(page.locator("main .warning"), /voids the newest screening/, "voided warning");
      await expectText(page.locator("#screening-outcome"), /answers changed/, "screening status");
      await shot("patient-edited");
    },
  ],
  [
    "LOP estimated when it cannot be measured: refused for a cuff with no equation, then stored as an estimate",
    async () => {
      await page.locator("#live-work").click();
      await page.getByRole("heading", { name: /Live work: Test Patient/ }).waitFor();
      await page.locator("#estimate-width").fill("11.5");
      await page.locator("#estimate").click();
      await expectText(page.locator("#start-error"), /no LOP estimate.*cuff width/, "estimate refused");
      await page.locator("#estimate-width").fill("18");
      await page.locator("#estimate").click();
      await expectText(page.locator("#lop-estimate-result"), /Estimated LOP \d+ mmHg.*ESTIMATE \(not measured\).*SEE ±15\.3 mmHg/, "estimate");
      await shot("lop-estimate");
      await page.getByRole("link", { name: "Back to the patient" }).click();
      await expectText(page.locator("main table.list"), /ESTIMATE \(not measured\)/, "estimate listed as one");
    },
  ],
  [
    "the sessions area is reachable by keyboard",
    async () => {
      await page.getByRole("link", { name: "Sessions" }).focus();
      await page.keyboard.press("Enter");
      await page.locator('#device-list [data-device="1"]').waitFor();
      await expectText(page.locator('#device-list [data-device="2"]'), /Idle/, "second device");
      await shot("devices");
    },
  ],
  [
    "a second patient, screened clear",
    async () => {
      await page.goto(`${baseUrl}#/patients/new`);
      await page.getByRole("heading", { name: "Add a patient" }).waitFor();
      await page.getByLabel("Name").fill("Live Patient");
      await page.getByLabel("Birth year").fill("1980");
      await page.getByLabel("Sex").selectOption("male");
      await page.getByLabel("Resting systolic BP (mmHg)").fill("122");
      await page.getByLabel("Resting diastolic BP (mmHg)").fill("78");
      await page.getByLabel("Resting heart rate (bpm)").fill("62");
      await page.locator("#limb-right_thigh").fill("55");
      await page.getByRole("button", { name: "Add patient" }).click();
      await page.getByRole("heading", { name: "Live Patient" }).waitFor();
      livePatientUrl = page.url();
      await page.getByRole("link", { name: "Screen" }).click();
      await page.locator("#all-no").click();
      await page.getByRole("button", { name: "Judge and store" }).click();
      await expectText(page.locator('#screening-result [data-limb="right_thigh"] .verdict'), /Cleared/i, "cleared");
    },
  ],
  [
    "the programme is assigned in the browser from a start date and phase",
    async () => {
      await page.goto(livePatientUrl);
      await expectText(page.locator("#programme-current"), /No programme yet/, "no programme");
      // Labels wrap their selects, so the options' text is part of each
      // label's name: the selects are found by id.
      await page.locator("#programme-template").selectOption("knee-oa");
      await page.locator("#programme-phase").selectOption("1");
      await page.getByLabel("Start date").fill(new Date().toISOString().slice(0, 10));
      await page.getByRole("button", { name: "Assign programme" }).click();
      await expectText(page.locator("#programme-current"), /Knee osteoarthritis: phase 1 of 1/, "programme in force");
      await expectText(page.locator("#programme-current"), /Leg press/, "the phase's exercises");
      await shot("programme-assigned");
    },
  ],
  [
    "1RMs entered in the browser: a refused test, a measured 1RM and one by Epley",
    async () => {
      await page.getByLabel("Exercise").fill("Knee extension");
      await page.locator("#orm-mode").selectOption("test");
      await page.getByLabel("Test load (kg)").fill("45");
      await page.getByLabel("Repetitions (at most 12)").fill("15");
      await page.getByRole("button", { name: "Record 1RM" }).click();
      await expectText(page.locator("#orm-error"), /12/, "too many reps refused");
      await page.getByLabel("Repetitions (at most 12)").fill("8");
      await page.getByRole("button", { name: "Record 1RM" }).click();
      // Epley: 45 x (1 + 8/30) = 57.0 kg.
      await expectText(page.locator("#one-rep-max-list"), /Knee extension\s+57\.0 kg\s+Epley from 45 kg × 8/, "Epley 1RM");
      await page.getByLabel("Exercise").fill("Leg press");
      await page.locator("#orm-mode").selectOption("measured");
      await page.getByLabel("1RM (kg)").fill("60");
      await page.getByRole("button", { name: "Record 1RM" }).click();
      await expectText(page.locator("#one-rep-max-list"), /Leg press\s+60\.0 kg\s+measured/, "measured 1RM");
      await shot("one-rep-max");
    },
  ],
  [
    "an LOP measurement with its live trace and result",
    async () => {
      await page.goto(livePatientUrl);
      await page.locator("#live-work").click();
      await page.getByRole("heading", { name: /Live work: Live Patient/ }).waitFor();
      await shot("live-start");
      await page.locator("#measure").click();
      await page.getByRole("heading", { name: /LOP measurement/ }).waitFor();
      await page.locator("#live-chart canvas").waitFor();
      await expectText(page.locator("#lop-result"), /mmHg/, "LOP result", 120000);
      await expectText(page.locator("#lop-method"), /measured on this limb/, "LOP method");
      await shot("lop-result");
    },
  ],
  [
    "a full 30-15-15-15 session with the live plot, metronome and per-set feedback",
    async () => {
      await page.goto(`${livePatientUrl}/live`);
      await page.locator("#session-exercise").fill("Leg press");
      await page.locator("#start-session").click();
      await page.getByRole("heading", { name: /Leg press/ }).waitFor();
      await page.locator("#metronome").click();
      await expectText(page.locator("#metronome"), /on/, "metronome");
      await expectText(page.locator("#set-text"), /1 of 4/, "first set", 120000);
      await shot("session-set-1");
      await page.locator("#rpe-1").waitFor({ timeout: 120000 });
      await page.locator("#rpe-1").fill("4");
      await page.locator("#pain-1").fill("1");
      await page.locator("#save-feedback-1").click();
      await expectText(page.locator("#feedback-status-1"), /kept|stored/, "feedback saved");
      await expectText(page.locator("#set-text"), /4 of 4/, "last set", 240000);
      await shot("session-set-4");
      await expectText(page.locator("#session-result"), /ended: completed/, "session stored", 240000);
      await page.locator("#metronome").click();
      await shot("session-completed");
    },
  ],
  [
    "an emergency deflate by keyboard in a set raises the alarm, acknowledged",
    async () => {
      await page.goto(`${livePatientUrl}/live`);
      await page.locator("#start-session").click();
      await page.getByRole("heading", { name: /—/ }).waitFor();
      await expectText(page.locator("#phase"), /exercise/, "in a set", 120000);
      // The deflate is always on screen and Escape sends it.
      check(await page.locator("#deflate").isVisible(), "the deflate button is visible");
      await page.keyboard.press("Escape");
      await expectText(page.locator("#alarm-banner"), /emergency stop/i, "alarm banner", 60000);
      await shot("emergency-alarm");
      await page.locator("#ack").click();
      await page.locator("#ack").waitFor({ state: "hidden" });
      await expectText(page.locator("#session-result"), /ended: (?!completed)/, "stopped session", 120000);
      await expectText(page.locator("#event-log"), /emergency deflate/, "event log");
      await shot("emergency-stored");
    },
  ],
  [
    "history: charts and a stored session with its trace",
    async () => {
      await page.goto(livePatientUrl);
      await page.locator("#history").click();
      await page.locator("#session-list tbody tr").nth(1).waitFor();
      await page.locator("#lop-chart canvas").waitFor();
      await shot("history");
      await page.locator("#session-list tbody tr").first().getByRole("link", { name: "Open" }).click();
      await page.locator("#trace-chart canvas").waitFor();
      await expectText(page.locator("#set-table"), /30\/30|\/30/, "first set");
      await shot("history-session");
      // The session's report link gives the PDF of `bfr report session`.
      const href = await page.locator("#session-report").getAttribute("href");
      const report = await page.evaluate(async (url) => {
        const r = await fetch(url);
        const bytes = new Uint8Array(await r.arrayBuffer());
        return { status: r.status, type: r.headers.get("content-type"), head: String.fromCharCode(...bytes.slice(0, 5)) };
      }, href);
      check(report.status === 200 && report.type === "application/pdf" && report.head === "%PDF-",
        `the session report link gave ${JSON.stringify(report)}`);
      await signOut();
    },
  ],
  [
    "the administrator sees accounts and the audit log, not patients",
    async () => {
      await signIn(admin);
      await page.getByRole("heading", { name: "Accounts" }).waitFor();
      const audit = page.locator("#audit");
      await expectText(audit, /patient_add/, "audit log");
      await expectText(audit, /screening_add/, "audit log");
      await expectText(audit, /login_failed/, "audit log");
      await expectText(audit, /screening_override/, "audit log");
      await expectText(audit, /programme_assign/, "audit log");
      await expectText(audit, /programme_phase/, "audit log");
      await expectText(audit, /one_rep_max_add/, "audit log");
      await expectText(audit, /lop_estimate/, "audit log");
      const status = await page.evaluate(async () => (await fetch("/api/patients")).status);
      check(status === 403, `an admin reading /api/patients got ${status}, expected 403`);
      await shot("admin-accounts");
    },
  ],
];

let failed = false;
for (const [name, run] of steps) {
  try {
    await run();
    console.log(`ok   ${name}`);
  } catch (error) {
    failed = true;
    console.log(`FAIL ${name}\n     ${error.message}`);
    await shot("failure").catch(() => undefined);
    break;
  }
}
if (!failed && consoleErrors.length > 0) {
  failed = true;
  console.log(`FAIL the page logged errors:\n     ${consoleErrors.join("\n     ")}`);
}
await browser.close();
process.exit(failed ? 1 : 0);

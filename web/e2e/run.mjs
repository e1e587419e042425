// The browser suite: Debian's chromium, driven by playwright-core, against a
// running `bfr serve` (scripts/web-e2e.sh starts it on a fresh database).
// Usage: node run.mjs BASE_URL ARTEFACT_DIR
// Env: CHROMIUM (default /usr/bin/chromium), E2E_CLINICIAN, E2E_ADMIN,
// E2E_PASSWORD (both accounts share it). Exits 1 on the first failed step,
// with a screenshot of the page as it was.

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
async function shot(name) {
  step += 1;
  const file = join(artefacts, `${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  screenshot ${file}`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Waits (up to 20 s, for a slow machine) until the element's text matches.
async function expectText(locator, pattern, what) {
  await locator.first().waitFor();
  let text = "";
  for (const deadline = Date.now() + 20000; Date.now() < deadline; ) {
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
    "the patient page shows the newest screening; editing BP voids it",
    async () => {
      await page.getByRole("link", { name: "Back to the patient" }).click();
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
    "the sessions area is reachable by keyboard",
    async () => {
      await page.getByRole("link", { name: "Sessions" }).focus();
      await page.keyboard.press("Enter");
      await page.locator("#sessions-placeholder").waitFor();
      await shot("sessions");
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

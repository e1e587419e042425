// The devices area (#/sessions): every device with the run on it, so that
// several sessions can run at once, each opened in its own view. Refreshed
// every two seconds while shown.

import { call } from "../api";
import { h, show } from "../dom";
import { limbText, type Device, type LiveRun } from "../live/types";

let timer: number | null = null;

export function leaveSessionsPage(): void {
  if (timer !== null) window.clearInterval(timer);
  timer = null;
}

function runLine(run: LiveRun): HTMLElement {
  const what = run.kind === "lop" ? "LOP measurement" : run.exercise?.name ?? "session";
  return h(
    "p",
    {},
    h("a", { href: `#/runs/${run.id}`, class: "button primary" }, `Open run ${run.id}`),
    ` ${what}, ${run.patient} (${limbText(run.limb)}), ${run.state}, ${run.phase.replace(/_/g, " ")}`,
    run.alarms.length > 0 ? h("strong", { class: "warning" }, ` ALARM: ${run.alarms.map((a) => a.alarm).join(", ")}`) : null,
  );
}

export async function sessionsPage(): Promise<void> {
  leaveSessionsPage();
  const list = h("div", { id: "device-list", class: "grid devices" });
  const render = (devices: Device[]) => {
    list.replaceChildren(
      ...devices.map((d) =>
        h(
          "section",
          { class: `card device ${d.state}`, "data-device": d.id },
          h("h2", {}, `Device ${d.id}: ${d.label}`),
          h("p", { class: "muted" }, d.kind === "virtual" ? `virtual (simulated limb)${d.speed !== 1 ? `, clock ${d.speed}x` : ""}` : d.address),
          h("p", {}, h("strong", {}, d.state === "busy" ? "Busy" : "Idle")),
          d.run ? runLine(d.run) : d.last_run ? [h("p", { class: "muted" }, "Last run:"), runLine(d.last_run)] : null,
        ),
      ),
    );
  };
  show(
    h("h1", {}, "Devices and sessions"),
    h("p", { class: "muted" }, "Start a LOP measurement or a session from a patient's page; each run opens in its own view. Open several in tabs to follow sessions side by side."),
    list,
  );
  render(await call<Device[]>("GET", "/api/devices"));
  timer = window.setInterval(() => {
    call<Device[]>("GET", "/api/devices").then(render).catch(() => leaveSessionsPage());
  }, 2000);
}

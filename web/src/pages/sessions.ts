// The place of live work: devices, LOP measurement with a live trace, and
// sessions. The server's device and telemetry routes are not built yet; this
// page says so instead of pretending.

import { h, show } from "../dom";

export function sessionsPage(): void {
  show(
    h("h1", {}, "Devices and sessions"),
    h(
      "section",
      { class: "card placeholder", id: "sessions-placeholder" },
      h("p", {}, "Live LOP measurement and sessions will appear here: one view per device, with the pressure trace, sets, rests, alarms and the emergency deflate."),
      h("p", { class: "muted" }, "Until then, run them from the command line: bfr lop measure, bfr session run."),
    ),
  );
}

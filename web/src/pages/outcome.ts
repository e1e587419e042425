// A screening's outcome per limb with its reasons, as the clinician reads it.

import type { Screening } from "../api";
import { h } from "../dom";

const OUTCOME_TEXT: Record<string, string> = {
  cleared: "Cleared",
  needs_clinician_clearance: "Needs clinician clearance",
  contraindicated: "Contraindicated",
};

export function outcomeView(screening: Screening): HTMLElement {
  return h(
    "section",
    { class: "outcome", "aria-label": "Screening outcome", id: "screening-outcome" },
    h(
      "p",
      { class: "muted" },
      `Screening ${screening.id}, ${screening.taken_at}: ${screening.status}; age ${screening.age_years}, ` +
        `DVT risk points ${screening.dvt_risk_points}, valid ${screening.validity_days} days`,
    ),
    screening.limbs.map((limb) =>
      h(
        "div",
        { class: `limb-outcome ${limb.outcome}`, "data-limb": limb.limb },
        h("h3", {}, `${limb.limb.replace(/_/g, " ")}: `, h("span", { class: "verdict" }, OUTCOME_TEXT[limb.outcome] ?? limb.outcome)),
        limb.reasons.length === 0
          ? h("p", { class: "muted" }, "No reasons against BFR on this limb.")
          : h(
              "ul",
              {},
              limb.reasons.map((r) => h("li", { class: `reason ${r.level}` }, r.text)),
            ),
      ),
    ),
  );
}

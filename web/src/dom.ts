// A tiny element builder. Text always goes in as text nodes, never as HTML,
// so names and notes typed by users cannot inject markup.

type Attrs = Record<string, string | boolean | number | EventListener | undefined>;
type Child = Node | string | number | null | undefined | false | Child[];

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") {
      element.addEventListener(name.replace(/^on/, ""), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent: HTMLElement, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Replaces the page content and moves focus to it (keyboard and screen
// reader users land on the new page, not on the link they used).
export function show(...children: (Node | null)[]): void {
  const app = document.getElementById("app")!;
  app.replaceChildren(...children.filter((c): c is Node => c !== null));
  const heading = app.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
}

export function banner(message: string | null): void {
  const element = document.getElementById("banner")!;
  element.textContent = message ?? "";
  element.hidden = message === null;
}

// Words of the questionnaire's keys written as clinicians write them.
const WORDS: Record<string, string> = {
  dvt: "DVT",
  vte: "VTE",
  icu: "ICU",
  ccu: "CCU",
  covid19: "COVID-19",
  bp: "BP",
  st: "ST",
  mets: "METs",
};

// "immobilised_one_day_or_more" -> "Immobilised one day or more".
export function label(key: string): string {
  const text = key
    .split("_")
    .map((word) => WORDS[word] ?? word)
    .join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

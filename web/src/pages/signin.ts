import { call, type Me } from "../api";
import { h, show } from "../dom";
import { remember } from "../session";

export function signInPage(onSignedIn: (me: Me) => void): void {
  const error = h("p", { class: "error", role: "alert", id: "signin-error" });
  const name = h("input", { id: "name", name: "name", autocomplete: "username", required: true });
  const password = h("input", {
    id: "password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const form = h(
    "form",
    { class: "card narrow" },
    h("label", { for: "name" }, "Account"),
    name,
    h("label", { for: "password" }, "Password"),
    password,
    error,
    h("button", { type: "submit", class: "primary" }, "Sign in"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    try {
      const me = await call<Me>("POST", "/api/login", { name: name.value, password: password.value });
      remember(me);
      onSignedIn(me);
    } catch (e) {
      error.textContent = (e as Error).message;
      password.select();
    }
  });
  show(h("h1", {}, "Sign in"), form);
  name.focus();
}

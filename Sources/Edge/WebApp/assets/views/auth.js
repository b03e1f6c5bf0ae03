// Sign in and register, with the password rules shown as they are met.

import { api, ApiError } from "../api.js";
import { catalog } from "../catalog.js";
import { h } from "../dom.js";
import { checkEmail, passwordRules } from "../rules.js";
import { busy, field, formMessage, showProblems } from "./forms.js";

export function renderAuth(main, context) {
  const signIn = signInForm(context);
  const register = registerForm(context);
  main.replaceChildren(
    h("section", { class: "auth" },
      h("div", { class: "intro" },
        h("h1", {}, "Plan and launch your company with an AI executive team"),
        h("p", {}, `Describe the company and what it must achieve. The CFO plans the work and splits the budget; specialised agents — ${agentList()} — deliver it under a hard budget guard rail, live.`),
      ),
      h("div", { class: "auth-forms" }, signIn, register),
    ),
  );
  signIn.querySelector("input")?.focus();
}

function signInForm(context) {
  const email = field("Email", { type: "email", name: "email", autocomplete: "username", required: true, id: "signin-email" });
  const password = field("Password", { type: "password", name: "password", autocomplete: "current-password", required: true, id: "signin-password" });
  const message = formMessage();
  const submit = h("button", { type: "submit", class: "primary", id: "signin-submit" }, "Sign in");
  const form = h("form", { class: "card", "aria-labelledby": "signin-title", novalidate: true },
    h("h2", { id: "signin-title" }, "Sign in"), email.row, password.row, message.element, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problems = [];
    const emailProblem = checkEmail(email.input.value);
    if (emailProblem) problems.push({ field: "email", message: emailProblem });
    if (!password.input.value) problems.push({ field: "password", message: "Enter your password." });
    showProblems(problems, { email, password }, message, "Check the highlighted fields.");
    if (problems.length) return;
    await busy(submit, "Signing in…", async () => {
      try {
        await api("POST", "/api/auth/login", { email: email.input.value.trim(), password: password.input.value });
        await context.signedIn();
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) message.set("The email or the password is wrong.");
        else if (error instanceof ApiError && error.status === 429) message.set(`Too many attempts. Try again in ${error.retryAfter ?? 60} seconds.`);
        else showProblems(error.details ?? [], { email, password }, message, error.message);
        if (!(error instanceof ApiError && error.details?.length)) message.set(message.element.textContent || error.message);
      }
    });
  });
  return form;
}

function registerForm(context) {
  const name = field("Your name (optional)", { type: "text", name: "display_name", autocomplete: "name", id: "register-name", maxlength: 100 });
  const email = field("Email", { type: "email", name: "email", autocomplete: "email", required: true, id: "register-email" });
  const password = field("Password", { type: "password", name: "password", autocomplete: "new-password", required: true, id: "register-password" });
  const rules = h("ul", { class: "rules", "aria-label": "Password rules" });
  const showRules = () => {
    rules.replaceChildren(...passwordRules(password.input.value, email.input.value).map((rule) =>
      h("li", { class: rule.ok === null ? "pending" : rule.ok ? "ok" : "no" }, h("span", { "aria-hidden": "true" }, rule.ok === null ? "•" : rule.ok ? "✓" : "✗"), " ", rule.text,
        h("span", { class: "visually-hidden" }, rule.ok === null ? "" : rule.ok ? " (met)" : " (not met)"))));
  };
  password.input.addEventListener("input", showRules);
  email.input.addEventListener("input", showRules);
  showRules();
  const message = formMessage();
  const submit = h("button", { type: "submit", class: "primary", id: "register-submit" }, "Create account");
  const form = h("form", { class: "card", "aria-labelledby": "register-title", novalidate: true },
    h("h2", { id: "register-title" }, "Create an account"), name.row, email.row, password.row, rules, message.element, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problems = [];
    const emailProblem = checkEmail(email.input.value);
    if (emailProblem) problems.push({ field: "email", message: emailProblem });
    const broken = passwordRules(password.input.value, email.input.value).filter((rule) => rule.ok === false);
    if (broken.length) problems.push({ field: "password", message: `The password breaks a rule: ${broken.map((rule) => rule.text.toLowerCase()).join("; ")}.` });
    showProblems(problems, { email, password, display_name: name }, message, "Check the highlighted fields.");
    if (problems.length) return;
    await busy(submit, "Creating…", async () => {
      const body = { email: email.input.value.trim(), password: password.input.value };
      if (name.input.value.trim()) body.display_name = name.input.value.trim();
      try {
        await api("POST", "/api/auth/register", body);
        await api("POST", "/api/auth/login", { email: body.email, password: body.password });
        await context.signedIn();
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) showProblems([{ field: "email", message: "An account with this email already exists. Sign in instead." }], { email, password, display_name: name }, message, "");
        else showProblems(error.details ?? [], { email, password, display_name: name }, message, error.message);
        if (!error.details?.length && error.status !== 409) message.set(error.message);
      }
    });
  });
  return form;
}

/** "branding, legal, … and campaigns", from the catalog. */
function agentList() {
  const names = catalog.agents.map((agent) => agent.title.toLowerCase());
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names.join("");
}

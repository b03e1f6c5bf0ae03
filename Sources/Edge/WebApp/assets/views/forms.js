// Labelled form fields whose errors sit next to them (and are announced).

import { h } from "../dom.js";

let counter = 0;

/** A labelled input (a textarea with `multiline`, a select with `options`: [[value, text]])
 * with a slot for its error; returns {row, input, setError}. */
export function field(label, attributes = {}, hint = null) {
  counter += 1;
  const id = attributes.id ?? `field-${counter}`;
  const errorID = `${id}-error`;
  const hintID = hint ? `${id}-hint` : null;
  const { options, multiline, ...rest } = attributes;
  const tag = options ? "select" : multiline ? "textarea" : "input";
  const input = h(tag, { ...rest, id, "aria-describedby": [hintID, errorID].filter(Boolean).join(" ") },
    (options ?? []).map(([value, text]) => h("option", { value }, text)));
  const error = h("p", { class: "field-error", id: errorID, hidden: true });
  const row = h("div", { class: "field" }, h("label", { for: id }, label), hint ? h("p", { class: "hint", id: hintID }, hint) : null, input, error);
  return {
    row, input, error,
    setError(message) {
      error.textContent = message ?? "";
      error.hidden = !message;
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    },
  };
}

/** A form-level message area (errors without a field). */
export function formMessage() {
  const element = h("p", { class: "form-error", role: "alert", hidden: true });
  return {
    element,
    set(message) { element.textContent = message ?? ""; element.hidden = !message; },
  };
}

/** Shows server `details` next to their fields (by API field name); the rest in `fallback`. */
export function showProblems(problems, fields, fallback, summary) {
  for (const entry of Object.values(fields)) entry.setError(null);
  const unplaced = [];
  for (const problem of problems) {
    const target = fields[problem.field];
    if (target) target.setError(problem.message);
    else unplaced.push(problem.field ? `${problem.field}: ${problem.message}` : problem.message);
  }
  fallback.set(unplaced.length ? unplaced.join(" ") : (problems.length ? summary : null));
  const first = problems.map((problem) => fields[problem.field]?.input).find(Boolean);
  first?.focus();
}

/** Disables a button while `work` runs. */
export async function busy(button, label, work) {
  const original = button.textContent;
  button.disabled = true;
  button.textContent = label;
  try { return await work(); } finally { button.disabled = false; button.textContent = original; }
}

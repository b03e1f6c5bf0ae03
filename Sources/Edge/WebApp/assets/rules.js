// The server's input rules, checked before sending (the server checks them again).

import { planRules } from "./catalog.js";

function length(text) {
  return String(text ?? "").trim().length;
}

const dollars = (amount) => Number(amount).toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

/** The problem with `value` against the server's rule for `field`, or null. */
function problem(field, value) {
  const rule = planRules[field];
  if (!rule) return null;
  const example = rule.example ? `, for example “${rule.example}”` : "";
  if (!rule.required && (value === undefined || value === null || value === "")) return null;
  switch (rule.kind) {
    case "text":
      return length(value) < rule.minimum || length(value) > rule.maximum ? `Enter a ${rule.label} of ${rule.minimum}–${rule.maximum} characters${example}.` : null;
    case "money":
      return !Number.isFinite(value) || value < rule.minimum || value > rule.maximum ? `The ${rule.label} must be ${dollars(rule.minimum)}–${dollars(rule.maximum)}.` : null;
    case "integer":
      return !Number.isInteger(value) || value < rule.minimum || value > rule.maximum
        ? `The ${rule.label} must be a whole number${rule.unit ? ` of ${rule.unit}` : ""}, ${rule.minimum}–${rule.maximum}.` : null;
    case "text_list":
      return !Array.isArray(value) || value.length < rule.minimum || value.length > rule.maximum ? `Give ${rule.minimum}–${rule.maximum} ${rule.label}.` : null;
    default:
      return null;
  }
}

/** Problems with a company and its objectives, as [{field, message}] in API field names. */
export function checkPlanRequest(request) {
  const problems = [];
  for (const field of Object.keys(planRules)) {
    const message = problem(field, request[field]);
    if (message) problems.push({ field, message });
  }
  const objectives = planRules.objectives;
  (request.objectives ?? []).forEach((objective, index) => {
    if (length(objective) < objectives.item_minimum_length || length(objective) > objectives.item_maximum_length) {
      problems.push({ field: `objectives[${index}]`, message: `An objective is ${objectives.item_minimum_length}–${objectives.item_maximum_length} characters.` });
    }
  });
  return problems;
}

/** The password rules, each with whether `password` meets it. */
export function passwordRules(password, email) {
  const local = String(email ?? "").toLowerCase().split("@")[0] ?? "";
  const folded = String(password ?? "").toLowerCase();
  return [
    { text: "At least 12 characters", ok: [...String(password ?? "")].length >= 12 },
    { text: "At most 256 characters", ok: [...String(password ?? "")].length <= 256 },
    { text: "Not only one or two repeated characters", ok: new Set(folded).size > 2 },
    { text: "Does not contain your email address", ok: local.length < 4 || !folded.includes(local) },
    { text: "Not a common password (checked when you submit)", ok: null },
  ];
}

export function checkEmail(email) {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(email ?? "").trim()) ? null : "Enter an email address such as you@example.com.";
}

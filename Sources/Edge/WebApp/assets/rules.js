// The server's input rules, checked before sending (the server checks them again).

import { currencies, planRules } from "./catalog.js";

function length(text) {
  return String(text ?? "").trim().length;
}

const whole = (amount, currency) => Number(amount).toLocaleString("en-US", { style: "currency", currency, maximumFractionDigits: 0 });

/** The budget range in `currency` (major units): the catalog's, else the rule's (US dollars). */
export function budgetRange(currency) {
  const range = currencies[currency || "USD"];
  return range ? { minimum: range.budget_minimum, maximum: range.budget_maximum } : { minimum: planRules.budget?.minimum, maximum: planRules.budget?.maximum };
}

/** The problem with `value` against the server's rule for `field`, or null. */
function problem(field, value, request) {
  const rule = planRules[field];
  if (!rule) return null;
  const example = rule.example ? `, for example “${rule.example}”` : "";
  if (!rule.required && (value === undefined || value === null || value === "")) return null;
  switch (rule.kind) {
    case "text":
      return length(value) < rule.minimum || length(value) > rule.maximum ? `Enter a ${rule.label} of ${rule.minimum}–${rule.maximum} characters${example}.` : null;
    case "money": {
      const currency = request.currency || "USD";
      const range = budgetRange(currency);
      return !Number.isFinite(value) || value < range.minimum || value > range.maximum
        ? `The ${rule.label} must be ${whole(range.minimum, currency)}–${whole(range.maximum, currency)}.` : null;
    }
    case "choice":
      return (rule.choices ?? []).includes(value) ? null : `Choose a ${rule.label}: ${(rule.choices ?? []).join(", ")}.`;
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
    const message = problem(field, request[field], request);
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

// The server's input rules, checked before sending (the server checks them again).

function length(text) {
  return String(text ?? "").trim().length;
}

/** Problems with a company and its objectives, as [{field, message}] in API field names. */
export function checkPlanRequest(request) {
  const problems = [];
  if (length(request.company_name) < 1 || length(request.company_name) > 200) problems.push({ field: "company_name", message: "Enter a company name of 1–200 characters." });
  if (length(request.industry) < 3 || length(request.industry) > 100) problems.push({ field: "industry", message: "Enter an industry of 3–100 characters." });
  if (length(request.location) < 3 || length(request.location) > 100) problems.push({ field: "location", message: "Enter a location of 3–100 characters, for example “Austin, TX”." });
  if (!Number.isFinite(request.budget) || request.budget < 100 || request.budget > 100000) problems.push({ field: "budget", message: "The budget must be $100–$100,000." });
  if (!Number.isInteger(request.timeline) || request.timeline < 7 || request.timeline > 730) problems.push({ field: "timeline", message: "The timeline must be a whole number of days, 7–730." });
  if (request.objectives.length < 1 || request.objectives.length > 20) problems.push({ field: "objectives", message: "Give 1–20 objectives." });
  request.objectives.forEach((objective, index) => {
    if (length(objective) < 3 || length(objective) > 500) problems.push({ field: `objectives[${index}]`, message: "An objective is 3–500 characters." });
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

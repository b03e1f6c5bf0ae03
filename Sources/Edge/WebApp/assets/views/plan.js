// New plan: the company and its objectives, analyzed by the CFO into phases, tasks and
// a budget split; "Start run" runs it live.

import { api } from "../api.js";
import { budgetChart, cashOutChart, ganttChart } from "../charts.js";
import { currencies } from "../catalog.js";
import { agentNames, h, wholeMoney } from "../dom.js";
import { budgetRange, checkPlanRequest } from "../rules.js";
import { busy, field, formMessage, showProblems } from "./forms.js";
import { policyCard } from "./spend.js";

const EXAMPLE_OBJECTIVES = ["Build a memorable brand and logo", "Launch a website with online booking"];

export function renderPlan(main, context) {
  const company = field("Company name", { type: "text", id: "company-name", required: true, maxlength: 200, autocomplete: "organization" });
  const industry = field("Industry", { type: "text", id: "industry", required: true, maxlength: 100 }, "For example “Tex-Mex restaurant” or “B2B SaaS for accounting teams”.");
  const location = field("Location", { type: "text", id: "location", required: true, maxlength: 100 }, "City and state or country, for example “Austin, TX”, “Munich, Germany” or “London, UK”.");
  const country = field("Country code (optional)", { type: "text", id: "country", maxlength: 2, autocomplete: "country", size: 4 }, "ISO code such as “DE”; it wins over the location text.");
  const codes = Object.keys(currencies).length ? Object.keys(currencies) : ["USD"];
  const currencyNames = { USD: "US dollar", EUR: "Euro", GBP: "Pound sterling", CAD: "Canadian dollar", AUD: "Australian dollar" };
  const currency = field("Currency", { id: "currency", options: codes.map((code) => [code, `${currencyNames[code] ?? code} (${code})`]) }, "Every amount of the plan is in it.");
  const currencySelect = currency.input;
  const budget = field("Budget", { type: "number", id: "budget", required: true, min: 100, max: 100000, step: 1, inputmode: "numeric" }, "$100–$100,000.");
  function showBudgetRange() {
    const code = currencySelect.value || "USD";
    const range = budgetRange(code);
    budget.input.min = String(range.minimum);
    budget.input.max = String(range.maximum);
    budget.row.querySelector(".hint").textContent = `${wholeMoney(range.minimum, code)}–${wholeMoney(range.maximum, code)}: every amount of the plan is in ${code}.`;
  }
  currencySelect.addEventListener("change", showBudgetRange);
  showBudgetRange();
  const timeline = field("Timeline (days)", { type: "number", id: "timeline", required: true, min: 7, max: 730, step: 1, inputmode: "numeric" }, "7–730 days.");
  const objectivesList = h("ol", { class: "objectives", id: "objectives" });
  const objectiveFields = [];
  const objectivesError = h("p", { class: "field-error", id: "objectives-error", hidden: true });

  function addObjective(value = "") {
    if (objectiveFields.length >= 20) return;
    const entry = field(`Objective ${objectiveFields.length + 1}`, { type: "text", class: "objective", maxlength: 500, value });
    const remove = h("button", { type: "button", class: "link remove", "aria-label": `Remove objective ${objectiveFields.length + 1}` }, "Remove");
    const item = h("li", {}, entry.row, remove);
    remove.addEventListener("click", () => {
      const index = objectiveFields.indexOf(entry);
      objectiveFields.splice(index, 1);
      item.remove();
      relabel();
      objectiveFields[Math.min(index, objectiveFields.length - 1)]?.input.focus();
    });
    objectiveFields.push(entry);
    objectivesList.append(item);
    relabel();
    return entry;
  }
  function relabel() {
    objectiveFields.forEach((entry, index) => {
      entry.row.querySelector("label").textContent = `Objective ${index + 1}`;
      entry.row.parentElement?.querySelector(".remove")?.setAttribute("aria-label", `Remove objective ${index + 1}`);
      entry.row.parentElement?.querySelector(".remove")?.toggleAttribute("disabled", objectiveFields.length === 1);
    });
    addButton.disabled = objectiveFields.length >= 20;
  }
  const addButton = h("button", { type: "button", class: "secondary", id: "add-objective" }, "Add objective");
  addButton.addEventListener("click", () => addObjective().input.focus());
  // A follow-up run from a finished one arrives with its company and objectives filled in.
  const prefill = context.takePrefill?.();
  (prefill?.objectives?.length ? prefill.objectives : EXAMPLE_OBJECTIVES).forEach((objective) => addObjective(objective));

  const message = formMessage();
  const submit = h("button", { type: "submit", class: "primary", id: "analyze" }, "Analyze");
  const result = h("section", { id: "plan-result", class: "plan-result", "aria-live": "polite" });
  const form = h("form", { class: "card plan-form", "aria-labelledby": "plan-title", novalidate: true },
    h("h1", { id: "plan-title" }, "New plan"),
    h("div", { class: "grid-2" }, company.row, industry.row, location.row, h("div", { class: "grid-2 tight" }, country.row, currency.row),
      h("div", { class: "grid-2 tight" }, budget.row, timeline.row)),
    h("fieldset", {}, h("legend", {}, "Objectives (1–20)"), objectivesList, objectivesError, addButton),
    message.element, submit);

  function request() {
    return {
      company_name: company.input.value.trim(),
      industry: industry.input.value.trim(),
      location: location.input.value.trim(),
      ...(country.input.value.trim() ? { country: country.input.value.trim().toUpperCase() } : {}),
      currency: currencySelect.value || "USD",
      budget: budget.input.value === "" ? NaN : Number(budget.input.value),
      timeline: timeline.input.value === "" ? NaN : Number(timeline.input.value),
      objectives: objectiveFields.map((entry) => entry.input.value.trim()),
    };
  }
  function fieldsByName() {
    const fields = { company_name: company, industry, location, country, currency, budget, timeline, objectives: { setError: (text) => { objectivesError.textContent = text ?? ""; objectivesError.hidden = !text; }, input: objectiveFields[0]?.input } };
    objectiveFields.forEach((entry, index) => { fields[`objectives[${index}]`] = entry; });
    return fields;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = request();
    const problems = checkPlanRequest(body);
    showProblems(problems, fieldsByName(), message, "Check the highlighted fields.");
    if (problems.length) return;
    await busy(submit, "Analyzing…", async () => {
      try {
        const answer = await api("POST", "/api/cfo/analyze", body);
        showPlan(result, answer.plan, body, context);
        result.querySelector("h2")?.focus();
      } catch (error) {
        if (error.status === 401) return context.signedOut();
        showProblems(error.details ?? [], fieldsByName(), message, error.message);
        if (!error.details?.length) message.set(error.status === 429 ? `${error.message}` : error.message);
      }
    });
  });
  if (prefill) {
    company.input.value = prefill.company_name ?? "";
    industry.input.value = prefill.industry ?? "";
    location.input.value = prefill.location ?? "";
    country.input.value = prefill.country ?? "";
    if (prefill.currency) { currencySelect.value = prefill.currency; showBudgetRange(); }
    budget.input.value = prefill.budget ? String(prefill.budget) : "";
    timeline.input.value = prefill.timeline ? String(prefill.timeline) : "";
  }
  main.replaceChildren(form, result, policyCard(context));
  company.input.focus();
}

function showPlan(container, plan, request, context) {
  const start = h("button", { type: "button", class: "primary", id: "start-run" }, "Start run");
  start.addEventListener("click", () => context.startRun({ type: "execute_full_orchestration", company_info: { company_name: request.company_name, industry: request.industry, location: request.location, ...(request.country ? { country: request.country } : {}), currency: request.currency, budget: request.budget, timeline: request.timeline }, objectives: request.objectives, idempotency_key: crypto.randomUUID() }, plan));
  const phases = [...(plan.phases ?? [])];
  const code = plan.company?.currency ?? request.currency ?? "USD";
  container.replaceChildren(
    h("div", { class: "card" },
      h("div", { class: "row spread" },
        h("h2", { tabindex: "-1", id: "plan-heading" }, `Plan for ${plan.company?.company_name ?? request.company_name}`),
        start),
      h("p", { class: "summary" }, `${plan.tasks?.length ?? 0} tasks in ${phases.length} phases over ${plan.company?.timeline ?? request.timeline} days · ${wholeMoney(plan.total_budget, code)} budget with a ${plan.reserve_percent}% reserve (${wholeMoney(plan.reserve, code)}) · ${plan.company?.read_as ? `located in ${plan.company.read_as}` : ""}.`),
      plan.planning_rate ? h("p", { class: "muted small", id: "planning-rate" }, `Amounts in ${code}. ${plan.planning_rate}`) : null,
      (plan.warnings ?? []).length ? h("div", { class: "notice warning", role: "note" }, h("h3", {}, "Warnings"), h("ul", {}, plan.warnings.map((warning) => h("li", {}, warning)))) : null,
      (plan.uncovered_objectives ?? []).length ? h("div", { class: "notice", role: "note", id: "uncovered-objectives" }, h("h3", {}, "Not covered by the agents"),
        h("ul", {}, plan.uncovered_objectives.map((entry) => h("li", {}, h("strong", {}, entry.objective), entry.topic ? ` (${entry.topic})` : "", `: ${entry.advice}`)))) : null,
      h("h3", {}, "Objectives"),
      h("ol", { class: "objective-coverage", id: "objective-coverage" }, (plan.objectives ?? []).map((objective) => {
        const agents = (plan.tasks ?? []).filter((task) => (task.objectives ?? []).includes(objective)).map((task) => agentNames[task.agent] ?? task.agent);
        return h("li", { class: agents.length ? "covered" : "uncovered" }, objective, h("span", { class: "muted" }, agents.length ? ` — ${agents.join(", ")}` : " — not covered by the agents"));
      })),
      h("h3", {}, "Timeline"), h("div", { class: "chart-scroll" }, ganttChart(plan)),
      h("h3", {}, "Budget by agent"), h("div", { class: "chart-scroll" }, budgetChart(plan)),
      plan.reserve_reason ? h("p", { class: "muted small", id: "reserve-reason" }, `Reserve: ${plan.reserve_reason}`) : null,
      (plan.cash_out_forecast ?? []).length ? h("h3", {}, "Cash out by month (forecast)") : null,
      (plan.cash_out_forecast ?? []).length ? h("div", { class: "chart-scroll", id: "cash-out-forecast" }, cashOutChart(plan.cash_out_forecast, code, "cash-out-forecast-title")) : null,
      (plan.cash_out_forecast ?? []).length ? h("p", { class: "muted small" }, "From the allocations: campaigns spread over their months, other work paid when it starts. The run replaces it with the line items.") : null,
      h("h3", {}, "Tasks"),
      h("div", { class: "table-scroll" }, h("table", { class: "tasks" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Phase"), h("th", { scope: "col" }, "Agent"), h("th", { scope: "col" }, "Task"), h("th", { scope: "col" }, "Days"), h("th", { scope: "col", class: "num" }, "Budget"), h("th", { scope: "col" }, "Why then"))),
        h("tbody", {}, [...(plan.tasks ?? [])].sort((a, b) => a.phase - b.phase).map((task) => h("tr", {},
          h("td", {}, phases[task.phase]?.name ?? `Phase ${task.phase + 1}`), h("td", {}, agentNames[task.agent] ?? task.agent), h("td", {}, task.title),
          h("td", {}, `${task.start_day}–${task.end_day}`), h("td", { class: "num" }, wholeMoney(task.budget, code)), h("td", { class: "small" }, task.start_reason ?? ""))))),
      ),
    ),
  );
}

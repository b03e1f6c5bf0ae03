// A run, live: phases and agents with their status, overall progress, the budget spent
// against the allocation, and the deliverables as they arrive. It starts from the
// run's snapshot (GET) and applies the events after the snapshot's seq, so a reload or
// a reconnect neither repeats nor misses anything.

import { api } from "../api.js";
import { budgetChart, cashOutChart } from "../charts.js";
import { finalEvents, finalJobStatuses as FINAL_STATUSES, finalTaskStatuses } from "../catalog.js";
import { agentNames, dateTime, h, money, setWidth } from "../dom.js";
import { LiveRun } from "../live.js";
import { renderMarkdown } from "../markdown.js";
import { approvalsCard, spendCard } from "./spend.js";

const STATUS_TEXT = {
  pending: "Waiting", running: "Running", succeeded: "Done", failed: "Failed", skipped: "Skipped", cancelled: "Cancelled",
  partially_succeeded: "Partly done", awaiting_approval: "Waiting for your approval",
};

/** Shows run `jobId`, or starts `start` (an execute message) and shows it. */
export function renderRun(main, context, { jobId = null, start = null, plan = null } = {}) {
  const view = {
    job: null, pending: [], connection: "connecting", error: null, live: null,
    // The owner's part: pending approval requests and the ledger, each rendered once per
    // change (so that a live event does not wipe what the owner is typing).
    approvals: [], approvalsElement: null, ledger: null, spend: null,
    root: h("section", { class: "run", "aria-labelledby": "run-title" }),
  };
  main.replaceChildren(view.root);
  renderShell(view, plan);

  const onEvent = (event) => {
    if (!view.job) { view.pending.push(event); return; }
    if (event.seq <= view.job.last_seq) return;
    apply(view.job, event);
    if (event.event === "approval_requested" || event.event === "approval_decided") applyApproval(view, event.data?.approval, context);
    render(view, context);
    // The run's end: the snapshot brings what events do not carry (the cash-out schedule, the agents' notes).
    if (finalEvents.has(event.event)) loadSnapshot(view.job.id);
  };
  const loadSpend = async (id) => {
    try {
      const [pending, ledger] = await Promise.all([
        api("GET", `/api/approvals?status=pending&job_id=${encodeURIComponent(id)}&page_size=100`),
        api("GET", `/api/orchestrations/${encodeURIComponent(id)}/budget`),
      ]);
      view.approvals = pending.approvals ?? [];
      view.approvalsElement = null;
      setLedger(view, ledger, context);
      render(view, context);
    } catch (error) {
      if (error.status === 401) context.signedOut();
    }
  };
  view.reloadSpend = () => view.job && loadSpend(view.job.id);
  const loadSnapshot = async (id) => {
    try {
      const answer = await api("GET", `/api/orchestrations/${encodeURIComponent(id)}`);
      view.job = answer.job;
      for (const event of view.pending.splice(0)) if (event.seq > view.job.last_seq) apply(view.job, event);
      render(view, context);
      loadSpend(id);
      return view.job;
    } catch (error) {
      if (error.status === 401) { context.signedOut(); return null; }
      view.error = error.status === 404 ? "This run does not exist, or it is not yours." : error.message;
      render(view, context);
      return null;
    }
  };
  const connect = (options) => {
    view.live = new LiveRun({
      ...options,
      onEvent: (event) => {
        if (!jobId && event.job_id) {
          jobId = event.job_id;
          history.replaceState(null, "", `#/runs/${jobId}`);
          loadSnapshot(jobId);
        }
        onEvent(event);
      },
      onConnection: (state) => { view.connection = state; renderConnection(view); },
      onError: (error) => { view.error = error.message ?? "The run could not be started."; render(view, context); },
    });
    view.live.connect();
  };

  if (start) connect({ start });
  else {
    loadSnapshot(jobId).then((job) => {
      if (!job) return;
      if (FINAL_STATUSES.has(job.status)) { view.connection = "closed"; renderConnection(view); }
      else connect({ jobId, afterSeq: job.last_seq });
    });
  }
  context.onLeave(() => view.live?.stop());
}

/** Applies one event to the run's state (the same shapes as the snapshot). */
function apply(job, event) {
  job.last_seq = event.seq;
  const data = event.data ?? {};
  switch (event.event) {
    case "orchestration_started":
      job.status = "running";
      break;
    case "phase":
      job.phase_status = { ...(job.phase_status ?? {}), [data.phase]: data.status };
      break;
    case "agent_status_update": {
      const task = job.tasks.find((candidate) => candidate.task_id === data.task_id);
      if (!task) break;
      task.message = data.message;
      if (data.status === "started" || data.status === "running") { task.status = "running"; task.progress = data.progress ?? task.progress ?? 0; }
      if (data.status === "completed") { task.status = "succeeded"; task.progress = 100; task.budget_used_cents = data.budget_used_cents; task.deliverables = data.deliverables ?? []; }
      if (data.status === "failed") task.status = "failed";
      if (data.status === "skipped") task.status = "skipped";
      break;
    }
    case "budget_update":
      job.budget = data;
      break;
    case "approval_requested":
      if (!FINAL_STATUSES.has(job.status)) job.status = "awaiting_approval";
      break;
    case "orchestration_complete":
    case "orchestration_failed":
    case "orchestration_cancelled":
      job.status = data.status ?? (event.event === "orchestration_complete" ? "succeeded" : event.event === "orchestration_failed" ? "failed" : "cancelled");
      if (data.budget) job.budget = data.budget;
      if (data.message) job.failure_reason = data.message;
      job.finished_at_unix_ms = event.at_unix_ms;
      break;
    default:
      break;
  }
}

/** A request asked or decided, live: the prompt appears or goes; a decision may change the money. */
function applyApproval(view, approval, context) {
  if (!approval) return;
  const others = view.approvals.filter((entry) => entry.id !== approval.id);
  view.approvals = approval.status === "pending" ? [...others, approval] : others;
  view.approvalsElement = null;
  if (approval.status !== "pending") {
    if (view.job && !view.approvals.length && view.job.status === "awaiting_approval") view.job.status = "running";
    view.reloadSpend?.();
  }
}

/** A new ledger: the card's figures are drawn again; its form stays as it is. */
function setLedger(view, ledger, context) {
  view.ledger = ledger;
  view.spend?.update(ledger);
}

function renderShell(view, plan) {
  view.title = h("h1", { id: "run-title", tabindex: "-1" }, plan ? `Starting the run for ${plan.company?.company_name ?? "your company"}…` : "Loading the run…");
  view.connectionBadge = h("span", { class: "connection", id: "connection", role: "status", "aria-live": "polite" });
  view.body = h("div", { class: "run-body" });
  view.root.replaceChildren(h("div", { class: "row spread" }, view.title, view.connectionBadge), view.body);
  renderConnection(view);
}

function renderConnection(view) {
  const text = { connecting: "Connecting…", live: "Live", reconnecting: "Connection lost — reconnecting…", closed: "" }[view.connection] ?? "";
  view.connectionBadge.textContent = text;
  view.connectionBadge.className = `connection ${view.connection}`;
  view.connectionBadge.hidden = !text;
}

function render(view, context) {
  const job = view.job;
  if (!job) {
    if (view.error) view.body.replaceChildren(h("p", { class: "form-error", role: "alert" }, view.error));
    return;
  }
  const plan = job.plan ?? {};
  const company = plan.company ?? {};
  view.title.textContent = `${company.company_name ?? "Run"} — ${STATUS_TEXT[job.status] ?? job.status}`;
  view.root.dataset.status = job.status;
  view.root.dataset.seq = String(job.last_seq);
  const tasks = job.tasks ?? [];
  const plannedByID = Object.fromEntries((plan.tasks ?? []).map((task) => [task.id, task]));
  const finished = tasks.filter((task) => finalTaskStatuses.has(task.status)).length;
  const running = tasks.filter((task) => task.status === "running").reduce((sum, task) => sum + (task.progress ?? 0) / 100, 0);
  const progress = tasks.length ? (finished + running) / tasks.length : 0;
  const budget = job.budget ?? {};
  const currency = company.currency ?? "USD";
  const spentByAgent = {};
  for (const task of tasks) spentByAgent[task.agent] = (spentByAgent[task.agent] ?? 0) + (task.budget_used_cents ?? 0);

  const cancel = h("button", { type: "button", class: "secondary", id: "cancel-run" }, "Cancel run");
  cancel.addEventListener("click", async () => {
    cancel.disabled = true;
    try { await api("POST", `/api/orchestrations/${encodeURIComponent(job.id)}/cancel`); } catch (error) { context.toast(error.message); cancel.disabled = false; }
  });
  // The edge renders the Markdown file (the CLI's export uses the same endpoint).
  const exportButton = h("a", { class: "button secondary", id: "export-run", href: `/api/orchestrations/${encodeURIComponent(job.id)}/export`, download: "" }, "Export deliverables (.md)");

  const phases = (plan.phases ?? []).map((phase) => {
    const phaseTasks = tasks.filter((task) => plannedByID[task.task_id]?.phase === phase.index);
    const status = job.phase_status?.[phase.index] ?? (phaseTasks.every((task) => task.status !== "pending" && task.status !== "running") && phaseTasks.length ? "completed" : phaseTasks.some((task) => task.status !== "pending") ? "started" : "pending");
    return h("li", { class: `phase ${status}` },
      h("h3", {}, `${phase.name}`, h("span", { class: "muted" }, ` · days ${phase.start_day}–${phase.end_day}`)),
      h("ul", { class: "agents" }, phaseTasks.map((task) => agentRow(task, plannedByID[task.task_id], currency))));
  });

  const deliverables = tasks.filter((task) => (task.deliverables ?? []).length).map((task) =>
    h("article", { class: "deliverables card", id: `deliverables-${task.agent}` },
      h("h3", {}, `${agentNames[task.agent] ?? task.agent}: ${plannedByID[task.task_id]?.title ?? ""}`),
      task.deliverables.map((deliverable) => h("section", { class: "deliverable" },
        h("h4", {}, deliverable.title),
        h("div", { class: "markdown" }, renderMarkdown(deliverable.body_markdown)),
        (deliverable.line_items ?? []).length ? lineItems(deliverable.line_items, currency) : null))));

  if (!view.approvalsElement && view.approvals.length) {
    view.approvalsElement = approvalsCard(view.approvals, currency, context, (decided) => {
      applyApproval(view, decided, context);
      context.toast(`${decided.task_title}: ${decided.status}.`);
      render(view, context);
    });
  }
  if (!view.spend && view.ledger) {
    view.spend = spendCard(job, view.ledger, context, (ledger) => setLedger(view, ledger, context));
  }
  view.body.replaceChildren(
    view.approvals.length ? view.approvalsElement : h("span", { hidden: true }),
    h("div", { class: "card" },
      h("div", { class: "meter-row" },
        h("span", { id: "progress-label" }, `Progress: ${Math.round(progress * 100)}% · ${finished} of ${tasks.length} agents finished`),
        h("progress", { max: 100, value: Math.round(progress * 100), "aria-labelledby": "progress-label", id: "run-progress" })),
      h("div", { class: "meter-row" },
        h("span", { id: "budget-label" }, `Budget spent: `, h("strong", { id: "budget-spent" }, money(budget.spent_cents, currency)), ` of ${money(budget.allocated_cents, currency)} allocated · ${money(budget.reserved_cents, currency)} reserved · ${money(budget.remaining_cents, currency)} left of ${money(budget.total_cents, currency)}`),
        h("div", { class: "bar-track", role: "img", "aria-labelledby": "budget-label" },
          setWidth(h("div", { class: "bar-fill spent" }), (budget.spent_cents ?? 0) / Math.max(1, budget.total_cents ?? 1)),
          setWidth(h("div", { class: "bar-fill reserved" }), (budget.reserved_cents ?? 0) / Math.max(1, budget.total_cents ?? 1)))),
      job.failure_reason && job.status !== "succeeded" ? h("p", { class: "notice warning" }, job.failure_reason) : null,
      view.error ? h("p", { class: "form-error", role: "alert" }, view.error) : null,
      h("div", { class: "row" },
        FINAL_STATUSES.has(job.status) ? null : cancel,
        tasks.some((task) => (task.deliverables ?? []).length) ? exportButton : null,
        h("span", { class: "muted" }, `Started ${dateTime(job.created_at_unix_ms)}${job.finished_at_unix_ms ? ` · ended ${dateTime(job.finished_at_unix_ms)}` : ""}`))),
    h("div", { class: "run-columns" },
      h("section", { class: "card", "aria-labelledby": "phases-title" }, h("h2", { id: "phases-title" }, "Phases and agents"), h("ol", { class: "phases" }, phases)),
      h("section", { class: "card", "aria-labelledby": "spend-title" }, h("h2", { id: "spend-title" }, "Budget by agent"),
        plan.allocations ? h("div", { class: "chart-scroll" }, budgetChart(plan, spentByAgent)) : null,
        (job.cash_out ?? []).length ? h("h3", { id: "cash-out-title-heading" }, "Cash out by month") : null,
        (job.cash_out ?? []).length ? h("div", { class: "chart-scroll", id: "cash-out" }, cashOutChart(job.cash_out, currency)) : null)),
    goalsCard(job, currency),
    replanCard(job, company, currency, context),
    view.spend?.element ?? h("span", { hidden: true }),
    h("section", { "aria-labelledby": "deliverables-title", id: "deliverables" },
      h("h2", { id: "deliverables-title" }, "Deliverables"),
      deliverables.length ? deliverables : h("p", { class: "muted" }, "Deliverables appear here as each agent finishes.")),
  );
}

const GOAL_KINDS = ["customers", "leads"];

/** The numeric goals of the objectives against the campaign's forecast, with the gap. */
function goalsCard(job, currency) {
  const kpis = (job.tasks ?? []).flatMap((task) => task.deliverables ?? []).find((deliverable) => deliverable.kind === "kpis");
  const attributes = kpis?.attributes ?? {};
  const rows = GOAL_KINDS.filter((kind) => attributes[`goal_${kind}`]).map((kind) => {
    const goal = Number(attributes[`goal_${kind}`]);
    const forecast = Number(attributes[`forecast_${kind}`] ?? 0);
    const gap = Number(attributes[`goal_gap_${kind}`] ?? 0);
    return h("tr", { class: gap > 0 ? "short" : "met" }, h("th", { scope: "row" }, kind), h("td", { class: "num" }, String(goal)), h("td", { class: "num" }, String(forecast)),
      h("td", {}, gap > 0 ? `${gap} short` : "met"));
  });
  if (!rows.length) return null;
  return h("section", { class: "card", id: "goal-gaps", "aria-labelledby": "goals-title" },
    h("h2", { id: "goals-title" }, "Goals against the forecast"),
    h("div", { class: "table-scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Goal"), h("th", { scope: "col", class: "num" }, "Target"), h("th", { scope: "col", class: "num" }, "Forecast"), h("th", { scope: "col" }, "Gap"))),
      h("tbody", {}, rows))),
    h("p", { class: "muted small" }, "The forecast comes from the campaign's benchmarks; the campaign's KPIs say what closing a gap would take."));
}

/** The re-plan step: what the unspent money could do, and a follow-up run that uses it. */
function replanCard(job, company, currency, context) {
  const replan = job.replan;
  if (!replan || !replan.available_cents) return null;
  const followUp = h("button", { type: "button", class: "secondary", id: "follow-up-run" }, "Plan a follow-up run");
  followUp.addEventListener("click", () => context.followUp({
    company_name: company.company_name, industry: company.industry, location: company.location, country: company.country, currency,
    budget: Math.floor((replan.offers.length ? replan.offers.reduce((sum, offer) => sum + offer.amount_cents, 0) : replan.available_cents) / 100),
    timeline: company.timeline, objectives: replan.offers.length ? [...new Set(replan.offers.map((offer) => offer.objective))] : [],
  }));
  return h("section", { class: "card", id: "replan", "aria-labelledby": "replan-title" },
    h("h2", { id: "replan-title" }, "What the unspent money could do"),
    h("p", {}, replan.summary),
    replan.offers.length ? h("div", { class: "table-scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Agent"), h("th", { scope: "col" }, "Objective"), h("th", { scope: "col", class: "num" }, "Amount"), h("th", { scope: "col" }, "What it buys"))),
      h("tbody", {}, replan.offers.map((offer) => h("tr", {}, h("td", {}, agentNames[offer.agent] ?? offer.agent), h("td", {}, offer.objective),
        h("td", { class: "num" }, money(offer.amount_cents, currency)), h("td", {}, offer.effect)))))) : null,
    followUp);
}

function agentRow(task, planned, currency) {
  const status = task.status ?? "pending";
  return h("li", { class: `agent ${status}`, "data-agent": task.agent },
    h("div", { class: "row spread" },
      h("strong", {}, agentNames[task.agent] ?? task.agent),
      h("span", { class: `chip ${status}` }, STATUS_TEXT[status] ?? status)),
    h("p", { class: "muted small" }, planned?.title ?? ""),
    h("progress", { max: 100, value: status === "succeeded" ? 100 : task.progress ?? 0, "aria-label": `${agentNames[task.agent] ?? task.agent} progress` }),
    h("p", { class: "small" }, `${money(task.budget_used_cents ?? 0, currency)} used of ${money(task.budget_allocated_cents ?? planned?.budget_cents ?? 0, currency)}`,
      task.message && status === "running" ? ` · ${task.message}` : "", task.reason ? ` · ${task.reason}` : ""),
    (task.left_out ?? []).filter((work) => work.named_by_objectives).map((work) =>
      h("p", { class: "small notice warning left-out" }, `${work.title} (${money(work.cost_cents, currency)}), which an objective asks for, was left out for budget.`)));
}

function lineItems(items, currency) {
  return h("div", { class: "table-scroll" }, h("table", { class: "line-items" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Item"), h("th", { scope: "col", class: "num" }, "Qty"), h("th", { scope: "col", class: "num" }, "Unit"), h("th", { scope: "col", class: "num" }, "Total"), h("th", { scope: "col" }, "Source"))),
    h("tbody", {}, items.map((item) => h("tr", {},
      h("td", {}, item.description), h("td", { class: "num" }, item.quantity), h("td", { class: "num" }, money(item.unit_cost_cents, currency)),
      h("td", { class: "num" }, money(item.total_cents, currency)), h("td", { class: "small" }, item.source))))));
}

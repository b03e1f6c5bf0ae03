// The founder's hold on the money of a run: the approval requests it makes (approve,
// reject, or raise the allocation), planned against actual with a chart, and a form to
// record what was actually paid. And, on the plan page, the policy that makes runs ask.

import { api } from "../api.js";
import { plannedActualChart } from "../charts.js";
import { agentNames, dateTime, h, money } from "../dom.js";
import { busy, field, formMessage, showProblems } from "./forms.js";

/** The pending requests of a run, each with its reason and the owner's three answers. */
export function approvalsCard(approvals, currency, context, onDecided) {
  if (!approvals.length) return null;
  return h("section", { class: "card approvals", id: "approvals", role: "region", "aria-labelledby": "approvals-title" },
    h("h2", { id: "approvals-title" }, approvals.length === 1 ? "Your approval is needed" : `Your approval is needed (${approvals.length})`),
    approvals.map((approval) => approvalPrompt(approval, currency, context, onDecided)));
}

function approvalPrompt(approval, currency, context, onDecided) {
  const message = formMessage();
  const raise = field(`Raise ${approval.task_title}'s allocation by`, { type: "number", min: 0.01, step: 0.01, inputmode: "decimal", class: "raise-amount" },
    approval.kind === "overrun" ? `At least ${money(approval.amount_cents, currency)}; the reserve pays first.` : "Taken from the run's reserve.");
  const decide = async (button, label, body) => busy(button, label, async () => {
    try {
      const answer = await api("POST", `/api/approvals/${encodeURIComponent(approval.id)}/decision`, body);
      onDecided(answer.approval);
    } catch (error) {
      if (error.status === 401) return context.signedOut();
      showProblems(error.details ?? [], { raise }, message, error.message);
      if (!error.details?.length) message.set(error.message);
    }
  });
  const approve = h("button", { type: "button", class: "primary approve" }, "Approve");
  const reject = h("button", { type: "button", class: "secondary reject" }, "Reject");
  const raiseButton = h("button", { type: "button", class: "secondary raise" }, "Raise and approve");
  approve.addEventListener("click", () => decide(approve, "Approving…", { decision: "approve" }));
  reject.addEventListener("click", () => decide(reject, "Rejecting…", { decision: "reject" }));
  raiseButton.addEventListener("click", () => {
    const amount = Number(raise.input.value);
    if (!raise.input.value || !(amount > 0)) { raise.setError("Enter by how much to raise the allocation."); raise.input.focus(); return; }
    decide(raiseButton, "Raising…", { decision: "raise", raise: amount });
  });
  return h("article", { class: "approval", "data-approval": approval.id },
    h("h3", {}, `${agentNames[approval.agent] ?? approval.agent}: ${approval.task_title}`),
    h("p", { class: "reason" }, approval.reason),
    h("p", { class: "muted small" }, `Asks for ${money(approval.amount_cents, currency)} · expires ${dateTime(approval.expires_at_unix_ms)} (then it counts as rejected).`),
    message.element,
    h("div", { class: "row" }, approve, reject),
    h("details", {}, h("summary", {}, "Raise the allocation instead"), raise.row, raiseButton));
}

/** Planned against actual by agent, the payments, and the form that records one.
 * Returns {element, update(ledger)}: an update redraws the figures and keeps the form
 * (and whatever the founder is typing in it). */
export function spendCard(job, ledger, context, onRecorded) {
  const currency = ledger.currency ?? "USD";
  const titles = Object.fromEntries((job.plan?.tasks ?? []).map((task) => [task.id, task.title]));
  const task = field("For", { id: "actual-task", options: [["", "The run as a whole"], ...(job.tasks ?? []).map((entry) => [entry.task_id, `${agentNames[entry.agent] ?? entry.agent}: ${titles[entry.task_id] ?? entry.task_id}`])] });
  const amount = field(`Amount paid`, { type: "number", id: "actual-amount", required: true, min: 0.01, step: 0.01, inputmode: "decimal" }, `In ${currency}, unless you pick another currency.`);
  const paidCurrency = field("Currency", { type: "text", id: "actual-currency", maxlength: 3, size: 4, value: currency, autocapitalize: "characters" });
  const rate = field(`Rate (${currency} per unit)`, { type: "text", id: "actual-rate", inputmode: "decimal", size: 8 }, "Only for a payment in another currency.");
  const paidOn = field("Paid on", { type: "date", id: "actual-paid-on", required: true, value: new Date().toISOString().slice(0, 10) });
  const vendor = field("Vendor", { type: "text", id: "actual-vendor", maxlength: 200 });
  const note = field("Note", { type: "text", id: "actual-note", maxlength: 500 });
  const message = formMessage();
  const submit = h("button", { type: "submit", class: "primary", id: "record-actual" }, "Record payment");
  const form = h("form", { class: "actuals-form", id: "actuals-form", novalidate: true, "aria-labelledby": "actuals-title" },
    h("h3", { id: "actuals-title" }, "Record what you paid"),
    h("div", { class: "grid-2" }, task.row, amount.row, h("div", { class: "grid-2 tight" }, paidCurrency.row, rate.row), paidOn.row, vendor.row, note.row),
    message.element, submit);
  const fields = { task_id: task, amount, currency: paidCurrency, rate, paid_on: paidOn, vendor, note };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = Number(amount.input.value);
    if (!amount.input.value || !(value > 0)) { showProblems([{ field: "amount", message: "Enter what was paid." }], fields, message, "Check the highlighted fields."); return; }
    const body = { amount: value, paid_on: paidOn.input.value, currency: paidCurrency.input.value.trim().toUpperCase() || currency };
    if (task.input.value) body.task_id = task.input.value;
    if (rate.input.value.trim()) body.rate = rate.input.value.trim();
    if (vendor.input.value.trim()) body.vendor = vendor.input.value.trim();
    if (note.input.value.trim()) body.note = note.input.value.trim();
    await busy(submit, "Recording…", async () => {
      try {
        const answer = await api("POST", `/api/orchestrations/${encodeURIComponent(job.id)}/actuals`, body);
        showProblems([], fields, message, null);
        context.toast(`Recorded ${money(Math.round(value * 100), body.currency)}${body.vendor ? ` to ${body.vendor}` : ""}.`);
        onRecorded(answer);
      } catch (error) {
        if (error.status === 401) return context.signedOut();
        showProblems(error.details ?? [], fields, message, error.message);
        if (!error.details?.length) message.set(error.message);
      }
    });
  });
  const figures = h("div", { class: "spend-figures" });
  const update = (current) => {
    const total = current.total ?? {};
    figures.replaceChildren(
      h("p", { id: "actual-summary" }, `Planned ${money(total.planned_cents, currency)} · committed ${money(total.committed_cents, currency)} · paid `,
        h("strong", { id: "actual-total" }, money(total.actual_cents, currency)),
        ` · ${total.variance_cents > 0 ? "over plan by " : "under plan by "}${money(Math.abs(total.variance_cents ?? 0), currency)}`),
      h("div", { class: "chart-scroll", id: "planned-actual" }, plannedActualChart(current)),
      (current.actuals ?? []).length ? h("div", { class: "table-scroll" }, h("table", { class: "actuals", id: "actuals" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Paid on"), h("th", { scope: "col" }, "For"), h("th", { scope: "col" }, "Vendor"), h("th", { scope: "col", class: "num" }, "Amount"))),
        h("tbody", {}, current.actuals.map((actual) => h("tr", {},
          h("td", {}, actual.paid_on), h("td", {}, titles[actual.task_id] ?? "The run as a whole"), h("td", {}, actual.vendor || "—"),
          h("td", { class: "num" }, money(actual.amount_cents, currency))))))) : null);
  };
  update(ledger);
  const element = h("section", { class: "card spend", id: "spend", "aria-labelledby": "planned-actual-title" },
    h("div", { class: "row spread" },
      h("h2", { id: "planned-actual-title" }, "Planned against actual"),
      h("a", { class: "button secondary", id: "export-spend", href: `/api/orchestrations/${encodeURIComponent(job.id)}/budget.csv`, download: "" }, "Download (.csv)")),
    figures,
    form);
  return { element, update };
}

/** The approval policy on the plan page: when runs ask before spending. */
export function policyCard(context) {
  const amount = field("Ask me before any task above", { type: "number", id: "policy-amount", min: 0, step: 1, inputmode: "numeric" }, "Empty: runs never ask. A result above its task's allocation always asks once a limit is set.");
  const currency = field("Currency", { type: "text", id: "policy-currency", maxlength: 3, size: 4, value: "USD" });
  const onRejection = field("When I reject a task", { id: "policy-on-rejection", options: [["continue", "skip it and carry on"], ["end_run", "end the run"]] });
  const message = formMessage();
  const status = h("p", { class: "muted small", id: "policy-status", role: "status" });
  const save = h("button", { type: "submit", class: "secondary", id: "save-policy" }, "Save");
  const form = h("form", { class: "card policy", id: "policy-form", novalidate: true, "aria-labelledby": "policy-title" },
    h("h2", { id: "policy-title" }, "Spending approvals"),
    h("div", { class: "grid-2" }, amount.row, h("div", { class: "grid-2 tight" }, currency.row, onRejection.row)), message.element, status, save);
  const describe = (policy) => {
    status.textContent = policy.auto_approve_up_to_cents == null
      ? "Runs spend their allocations without asking."
      : `Runs ask you before any task above ${money(policy.auto_approve_up_to_cents, policy.currency)}; a request waits ${Math.round(policy.expire_after_seconds / 3600)} hours.`;
  };
  api("GET", "/api/approval-policy").then((answer) => {
    const policy = answer.policy ?? {};
    if (policy.auto_approve_up_to_cents != null) amount.input.value = String(policy.auto_approve_up_to_cents / 100);
    currency.input.value = policy.currency ?? "USD";
    onRejection.input.value = policy.on_rejection ?? "continue";
    describe(policy);
  }).catch(() => {});
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      auto_approve_up_to: amount.input.value === "" ? null : Number(amount.input.value),
      currency: currency.input.value.trim().toUpperCase() || "USD",
      on_rejection: onRejection.input.value,
    };
    await busy(save, "Saving…", async () => {
      try {
        const answer = await api("PUT", "/api/approval-policy", body);
        showProblems([], { auto_approve_up_to: amount, currency, on_rejection: onRejection }, message, null);
        describe(answer.policy);
        context.toast("Spending approvals saved.");
      } catch (error) {
        if (error.status === 401) return context.signedOut();
        showProblems(error.details ?? [], { auto_approve_up_to: amount, currency, on_rejection: onRejection }, message, error.message);
        if (!error.details?.length) message.set(error.message);
      }
    });
  });
  return form;
}

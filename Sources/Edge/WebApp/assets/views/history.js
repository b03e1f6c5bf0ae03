// Past runs, newest first: status, cost, and a link to each as it ended.

import { api } from "../api.js";
import { dateTime, h, money } from "../dom.js";

const STATUS_TEXT = { pending: "Waiting", running: "Running", succeeded: "Done", partially_succeeded: "Partly done", failed: "Failed", cancelled: "Cancelled" };

export async function renderHistory(main, context) {
  const body = h("tbody");
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "Show older runs");
  const empty = h("p", { class: "muted", hidden: true }, "No runs yet. Start one from a new plan.");
  main.replaceChildren(h("section", { class: "card", "aria-labelledby": "history-title" },
    h("h1", { id: "history-title" }, "History"),
    h("div", { class: "table-scroll" }, h("table", { class: "history" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Company"), h("th", { scope: "col" }, "Started"), h("th", { scope: "col" }, "Status"), h("th", { scope: "col", class: "num" }, "Spent"), h("th", { scope: "col", class: "num" }, "Budget"))),
      body)),
    empty, more));
  let token = "";
  async function load() {
    try {
      const answer = await api("GET", `/api/orchestrations?page_size=20${token ? `&page_token=${encodeURIComponent(token)}` : ""}`);
      for (const job of answer.jobs ?? []) {
        body.append(h("tr", {},
          h("td", {}, h("a", { href: `#/runs/${job.id}` }, job.plan?.company?.company_name ?? job.id)),
          h("td", {}, dateTime(job.created_at_unix_ms)),
          h("td", {}, h("span", { class: `chip ${job.status}` }, STATUS_TEXT[job.status] ?? job.status)),
          h("td", { class: "num" }, money(job.budget?.spent_cents, job.plan?.company?.currency)),
          h("td", { class: "num" }, money(job.budget?.total_cents, job.plan?.company?.currency))));
      }
      token = answer.next_page_token ?? "";
      more.hidden = !token;
      empty.hidden = body.children.length > 0;
    } catch (error) {
      if (error.status === 401) return context.signedOut();
      context.toast(error.message);
    }
  }
  more.addEventListener("click", load);
  await load();
}

// A run's deliverables as one Markdown file, downloaded by the browser.

import { agentNames, dateTime, money } from "../dom.js";

export function runMarkdown(job) {
  const plan = job.plan ?? {};
  const company = plan.company ?? {};
  const planned = Object.fromEntries((plan.tasks ?? []).map((task) => [task.id, task]));
  const lines = [
    `# ${company.company_name ?? "Run"} — deliverables`,
    "",
    `- Industry: ${company.industry ?? ""}`,
    `- Location: ${company.location ?? ""}`,
    `- Budget: ${money(job.budget?.total_cents)}; spent ${money(job.budget?.spent_cents)}`,
    `- Status: ${job.status}; started ${dateTime(job.created_at_unix_ms)}`,
    "",
  ];
  for (const task of job.tasks ?? []) {
    if (!(task.deliverables ?? []).length) continue;
    lines.push(`## ${agentNames[task.agent] ?? task.agent}: ${planned[task.task_id]?.title ?? ""}`, "", `Budget used: ${money(task.budget_used_cents)}`, "");
    for (const deliverable of task.deliverables) {
      lines.push(`### ${deliverable.title}`, "", deliverable.body_markdown ?? "", "");
      if ((deliverable.line_items ?? []).length) {
        lines.push("| Item | Qty | Unit | Total | Source |", "|---|---:|---:|---:|---|");
        for (const item of deliverable.line_items) {
          const cell = (text) => String(text ?? "").replaceAll("|", "\\|").replaceAll("\n", " ");
          lines.push(`| ${cell(item.description)} | ${item.quantity} | ${money(item.unit_cost_cents)} | ${money(item.total_cents)} | ${cell(item.source)} |`);
        }
        lines.push("");
      }
    }
  }
  return lines.join("\n");
}

export function exportMarkdown(job) {
  const blob = new Blob([runMarkdown(job)], { type: "text/markdown;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  const name = (job.plan?.company?.company_name ?? "run").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "run";
  link.href = url;
  link.download = `${name}-${String(job.id).slice(0, 8)}.md`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

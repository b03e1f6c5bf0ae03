// SVG charts of a plan: tasks on a timeline by phase (a Gantt chart), and the budget
// split by agent. Colours and sizes come from attributes and the stylesheet.

import { agentColors } from "./catalog.js";
import { s, agentNames, wholeMoney } from "./dom.js";

/** A Gantt chart of `plan.tasks` over the plan's timeline, grouped by phase. */
export function ganttChart(plan) {
  const tasks = [...(plan.tasks ?? [])].sort((a, b) => a.phase - b.phase || a.start_day - b.start_day);
  const days = Math.max(1, plan.company?.timeline ?? Math.max(...tasks.map((task) => task.end_day), 1));
  const labelWidth = 170, width = 760, rowHeight = 30, top = 28;
  const chartWidth = width - labelWidth - 12;
  const height = top + tasks.length * rowHeight + 8;
  const x = (day) => labelWidth + (day / days) * chartWidth;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart gantt", role: "img", "aria-labelledby": "gantt-title" },
    s("title", { id: "gantt-title" }, `Timeline: ${tasks.length} tasks over ${days} days`));
  const ticks = 6;
  for (let tick = 0; tick <= ticks; tick += 1) {
    const day = Math.round((days / ticks) * tick);
    svg.append(s("line", { x1: x(day), x2: x(day), y1: top - 6, y2: height - 4, class: "grid" }));
    // The last label ends at its line, so it is not cut at the chart's edge.
    svg.append(s("text", { x: x(day), y: 14, class: "axis", "text-anchor": tick === ticks ? "end" : "middle" }, `day ${day}`));
  }
  tasks.forEach((task, row) => {
    const y = top + row * rowHeight;
    const barWidth = Math.max(4, x(task.end_day) - x(task.start_day));
    svg.append(
      s("text", { x: 4, y: y + 19, class: "label" }, `P${task.phase + 1} · ${agentNames[task.agent] ?? task.agent}`),
      s("rect", { x: x(task.start_day), y: y + 5, width: barWidth, height: rowHeight - 10, rx: 4, class: "bar", fill: agentColors[task.agent] },
        s("title", {}, `${task.title}: day ${task.start_day}–${task.end_day}, ${wholeMoney(task.budget, plan.company?.currency)}`)),
    );
  });
  return svg;
}

/** Horizontal bars of each agent's allocation, with the reserve; `spent` (cents by agent) overlays what was used. */
export function budgetChart(plan, spent = null) {
  const rows = [...(plan.allocations ?? [])].map((allocation) => ({ key: allocation.agent, label: agentNames[allocation.agent] ?? allocation.agent, cents: allocation.budget_cents }));
  if (plan.reserve > 0) rows.push({ key: "reserve", label: `Reserve (${plan.reserve_percent}%)`, cents: Math.round(plan.reserve * 100) });
  const total = Math.max(1, Math.round((plan.total_budget ?? 0) * 100));
  // Bars are scaled to the largest line, so the chart's width is used; the values say the amounts.
  const largest = Math.max(1, ...rows.map((row) => row.cents));
  const labelWidth = 150, width = 760, rowHeight = 30, valueWidth = 150;
  const chartWidth = width - labelWidth - valueWidth;
  const height = rows.length * rowHeight + 6;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart budget", role: "img", "aria-labelledby": "budget-title" },
    s("title", { id: "budget-title" }, `Budget split across ${rows.length} lines of a ${wholeMoney(total / 100, plan.company?.currency)} budget`));
  rows.forEach((row, index) => {
    const y = index * rowHeight;
    const w = Math.max(2, (row.cents / largest) * chartWidth);
    svg.append(
      s("text", { x: 4, y: y + 20, class: "label" }, row.label),
      s("rect", { x: labelWidth, y: y + 6, width: w, height: rowHeight - 12, rx: 3, ...(row.key === "reserve" ? { class: "bar reserve" } : { class: "bar", fill: agentColors[row.key] }) },
        s("title", {}, `${row.label}: ${wholeMoney(row.cents / 100, plan.company?.currency)}`)),
    );
    let value = wholeMoney(row.cents / 100, plan.company?.currency);
    if (spent && row.key in spent) {
      const used = Math.max(0, Math.min(row.cents, spent[row.key]));
      svg.append(s("rect", { x: labelWidth, y: y + 10, width: Math.max(0, (used / largest) * chartWidth), height: rowHeight - 20, class: "spent" }));
      value = `${wholeMoney(spent[row.key] / 100, plan.company?.currency)} of ${value}`;
    }
    svg.append(s("text", { x: labelWidth + chartWidth + 8, y: y + 20, class: "value" }, value));
  });
  return svg;
}

/** Columns of what is paid each month (a run's `cash_out` or a plan's `cash_out_forecast`), stacked by agent. */
export function cashOutChart(months, currency, titleId = "cash-out-title") {
  const width = 760, height = 220, left = 70, bottom = 28, top = 12;
  const largest = Math.max(1, ...months.map((month) => month.total_cents));
  const columnWidth = Math.max(8, Math.min(60, (width - left - 10) / Math.max(1, months.length) - 8));
  const y = (cents) => top + (height - top - bottom) * (1 - cents / largest);
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart cash-out", role: "img", "aria-labelledby": titleId },
    s("title", { id: titleId }, `Cash out over ${months.length} months, largest month ${wholeMoney(largest / 100, currency)}`));
  svg.append(s("text", { x: left - 6, y: y(largest) + 4, class: "axis", "text-anchor": "end" }, wholeMoney(largest / 100, currency)));
  svg.append(s("line", { x1: left, x2: width - 4, y1: y(0), y2: y(0), class: "grid" }));
  months.forEach((month, index) => {
    const x = left + 6 + index * (columnWidth + 8);
    let base = 0;
    for (const [agent, cents] of Object.entries(month.by_agent ?? {})) {
      svg.append(s("rect", { x, y: y(base + cents), width: columnWidth, height: Math.max(1, y(base) - y(base + cents)), class: "bar", fill: agentColors[agent] },
        s("title", {}, `Month ${month.month}, ${agentNames[agent] ?? agent}: ${wholeMoney(cents / 100, currency)}`)));
      base += cents;
    }
    svg.append(s("text", { x: x + columnWidth / 2, y: height - 10, class: "axis", "text-anchor": "middle" }, `m${month.month}`));
  });
  return svg;
}

/** Paired bars per agent: planned (the allocation with raises) and actually paid. */
export function plannedActualChart(ledger) {
  const currency = ledger.currency;
  const rows = (ledger.agents ?? []).map((row) => ({ key: row.agent, label: agentNames[row.agent] ?? row.agent, planned: row.planned_cents, actual: row.actual_cents }));
  const largest = Math.max(1, ...rows.map((row) => Math.max(row.planned, row.actual)));
  const labelWidth = 150, width = 760, rowHeight = 40, valueWidth = 190;
  const chartWidth = width - labelWidth - valueWidth;
  const height = rows.length * rowHeight + 6;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart planned-actual", role: "img", "aria-labelledby": "planned-actual-chart-title" },
    s("title", { id: "planned-actual-chart-title" }, `Planned against paid for ${rows.length} agents; paid ${wholeMoney((ledger.total?.actual_cents ?? 0) / 100, currency)} of ${wholeMoney((ledger.total?.planned_cents ?? 0) / 100, currency)} planned`));
  rows.forEach((row, index) => {
    const y = index * rowHeight;
    svg.append(
      s("text", { x: 4, y: y + 24, class: "label" }, row.label),
      s("rect", { x: labelWidth, y: y + 6, width: Math.max(2, (row.planned / largest) * chartWidth), height: 12, rx: 3, class: "bar", fill: agentColors[row.key] },
        s("title", {}, `${row.label}, planned: ${wholeMoney(row.planned / 100, currency)}`)),
      s("rect", { x: labelWidth, y: y + 21, width: Math.max(row.actual > 0 ? 2 : 0, (row.actual / largest) * chartWidth), height: 12, rx: 3, class: "actual" },
        s("title", {}, `${row.label}, paid: ${wholeMoney(row.actual / 100, currency)}`)),
      s("text", { x: labelWidth + chartWidth + 8, y: y + 24, class: "value" }, `${wholeMoney(row.actual / 100, currency)} paid of ${wholeMoney(row.planned / 100, currency)}`),
    );
  });
  return svg;
}

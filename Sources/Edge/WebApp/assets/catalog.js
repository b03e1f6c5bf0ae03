// The server's catalog (GET /api/catalog), loaded once when the app starts: the agents
// with their names and colours, the plan request's input rules, and which run and task
// statuses and WebSocket events are final. Nothing here is hard-coded in the web app.

import { api } from "./api.js";

const empty = { agents: [], plan_request_rules: [], currencies: [], job_statuses: [], task_statuses: [], events: [] };

/** Why the catalog could not be loaded, or null. The app says so; the server still checks every request. */
export let catalogError = null;

export const catalog = await api("GET", "/api/catalog").catch((error) => {
  catalogError = error;
  return empty;
});

/** Agent machine name → its short name for people. */
export const agentNames = Object.fromEntries(catalog.agents.map((agent) => [agent.type, agent.short_title]));

/** Agent machine name → its colour (#rrggbb), drawn as an SVG fill attribute. */
export const agentColors = Object.fromEntries(catalog.agents.map((agent) => [agent.type, agent.color]));

const finalNames = (list) => new Set(list.filter((entry) => entry.final).map((entry) => entry.name));

/** Run statuses after which nothing changes. */
export const finalJobStatuses = finalNames(catalog.job_statuses);
/** Task statuses after which the task has ended. */
export const finalTaskStatuses = finalNames(catalog.task_statuses);
/** WebSocket events that end a run's stream. */
export const finalEvents = finalNames(catalog.events);

/** The supported currencies by ISO code: each one's budget range (major units) and planning rate. */
export const currencies = Object.fromEntries((catalog.currencies ?? []).map((currency) => [currency.code, currency]));

/** Where the planning exchange rates come from, and their day. */
export const planningRates = catalog.planning_rates ?? "";

/** The plan request's rules by API field name. */
export const planRules = Object.fromEntries(catalog.plan_request_rules.map((rule) => [rule.field, rule]));
